import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type CacheableResponse } from '../response/no-store.js';
import { setAuthErrorHeaders } from './auth-error-headers.js';
import { AuthException } from './auth.exception.js';
import { GraphQLAuthError } from './graphql-auth-error.js';
import { WsAuthExceptionFilter } from './ws-auth-exception.filter.js';

/** An Express response or a Fastify reply: both answer this way. */
interface HttpReply extends CacheableResponse {
  status(code: number): { send(body: unknown): unknown };
}

/**
 * Answers an {@link AuthException}, and nothing else, with its status, its JSON body
 * `{ statusCode, error, code, message }` and its headers (`WWW-Authenticate`, `Retry-After`,
 * `Cache-Control: no-store`). The auth routes use it; the module installs no global filter.
 *
 * An app whose own routes or resolvers call `AuthService` may apply it too
 * (`@UseFilters(AuthExceptionFilter)`), for those headers on HTTP, the GraphQL codes of a
 * {@link GraphQLAuthError} in a resolver, and the `exception` event of
 * {@link WsAuthExceptionFilter} on a gateway.
 */
@Catch(AuthException)
export class AuthExceptionFilter implements ExceptionFilter<AuthException> {
  catch(exception: AuthException, host: ArgumentsHost): void {
    switch (host.getType<string>()) {
      case 'graphql':
        // The driver reports what the resolver throws.
        throw new GraphQLAuthError(exception);
      case 'ws':
        return new WsAuthExceptionFilter().catch(exception, host);
      case 'http': {
        const response = host.switchToHttp().getResponse<HttpReply>();
        setAuthErrorHeaders(response, exception);
        response.status(exception.getStatus()).send(exception.getResponse());
        return;
      }
      default:
        throw exception;
    }
  }
}
