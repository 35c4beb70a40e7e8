import { type ExecutionContext } from '@nestjs/common';
import { httpResponseOf } from '../response/no-store.js';
import { setAuthErrorHeaders } from './auth-error-headers.js';
import { AuthException } from './auth.exception.js';
import { GraphQLAuthError } from './graphql-auth-error.js';

/**
 * What a guard throws for `error`, so that the refusal needs no filter of ours: on HTTP the
 * {@link AuthException} itself, its headers already on the response; in a GraphQL resolver a
 * {@link GraphQLAuthError}, whose `extensions` the driver reports as they are. Anything else, and
 * every refusal on a socket (see `WsAuthExceptionFilter`), is returned unchanged.
 */
export function authRefusal(context: ExecutionContext, error: unknown): unknown {
  if (!(error instanceof AuthException)) return error;
  if (context.getType<string>() === 'graphql') return new GraphQLAuthError(error);
  const response = httpResponseOf(context);
  if (response) setAuthErrorHeaders(response, error);
  return error;
}
