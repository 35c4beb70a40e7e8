import { type ArgumentsHost, Catch, HttpException, Inject, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { AUTH_ROUTE_PREFIX } from '../auth.constants.js';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';
import { GraphQLAuthError } from './graphql-auth-error.js';

/**
 * Writes an {@link AuthException} as JSON and adds the RFC 6750 challenge to 401s: Nest's default
 * handler cannot set headers. It also answers a body that is not valid JSON on the auth routes
 * with 400 `validation_failed`, and one the body parser has no parser for with 415
 * `unsupported_media_type` (the parser fails before any guard or pipe runs); every other
 * exception goes to Nest's default handling untouched.
 *
 * In a GraphQL resolver it writes nothing: the driver answers, with the {@link GraphQLAuthError}
 * this filter throws. Nest applies no global filter to WebSocket gateways; see
 * {@link WsAuthExceptionFilter}.
 */
@Catch(AuthException, HttpException)
export class AuthExceptionFilter extends BaseExceptionFilter {
  private readonly authPath: RegExp;

  constructor(@Inject(AUTH_ROUTE_PREFIX) routePrefix: string) {
    super();
    const escaped = routePrefix.replace(/^\/+|\/+$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.authPath = new RegExp(`(^|/)${escaped}(/|$)`);
  }

  override catch(exception: HttpException, host: ArgumentsHost): void {
    if (host.getType<string>() === 'graphql') {
      throw exception instanceof AuthException ? new GraphQLAuthError(exception) : exception;
    }
    const http = host.switchToHttp();
    const authException =
      exception instanceof AuthException
        ? exception
        : this.fromBodyParseError(exception, http.getRequest());
    if (!authException) return super.catch(exception, host);

    const adapter = this.httpAdapterHost!.httpAdapter as HttpServer;
    const response = http.getResponse();
    const status = authException.getStatus();
    if (status === 401) {
      adapter.setHeader(
        response,
        'WWW-Authenticate',
        `Bearer error="invalid_token", error_description="${authException.code}"`,
      );
    }
    if (authException.retryAfterSeconds !== undefined) {
      adapter.setHeader(response, 'Retry-After', String(authException.retryAfterSeconds));
    }
    adapter.reply(response, authException.getResponse(), status);
  }

  private fromBodyParseError(
    exception: HttpException,
    request: { url?: string },
  ): AuthException | undefined {
    const path = (request?.url ?? '').split('?')[0];
    // Fastify refuses a body of a type it has no parser for (a multipart form) before any guard.
    if (exception.getStatus() === 415 && this.authPath.test(path)) {
      return new AuthException(AuthErrorCode.UnsupportedMediaType);
    }
    // Express's body parser fails with a SyntaxError; Fastify's with FST_ERR_CTP_* (400).
    const cause = exception.cause as { code?: unknown } | undefined;
    const unparsable =
      cause instanceof SyntaxError ||
      (typeof cause?.code === 'string' && cause.code.startsWith('FST_ERR_CTP_'));
    if (exception.getStatus() !== 400 || !unparsable || !this.authPath.test(path)) {
      return undefined;
    }
    return new AuthException(
      AuthErrorCode.ValidationFailed,
      'The request body is invalid: it is not valid JSON.',
    );
  }
}
