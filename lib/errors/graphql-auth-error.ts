import { IntrinsicException } from '@nestjs/common';
import { type AuthErrorCode } from './auth-error-code.js';
import { type AuthException } from './auth.exception.js';

/** `extensions.code` of each status: Apollo's own codes for 400, 401 and 403. */
const GRAPHQL_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The `extensions` of an auth failure in a GraphQL response. */
export interface GraphQLAuthErrorExtensions {
  /** The GraphQL convention: `UNAUTHENTICATED`, `FORBIDDEN`, `SERVICE_UNAVAILABLE`... */
  code: string;
  /** Our stable code (docs/errors.md), e.g. `token_expired`. */
  authCode: AuthErrorCode;
  /** The HTTP status the same failure has on a REST route. */
  statusCode: number;
  retryAfterSeconds?: number;
}

/**
 * An {@link AuthException} as a resolver's error. graphql-js copies the `extensions` of what a
 * resolver throws into the error it reports, so graphql need not be imported. It is no
 * HttpException, so a driver keeps its `code`: Apollo's driver would turn a 503 into
 * INTERNAL_SERVER_ERROR. An IntrinsicException, so Nest does not log it when no filter catches
 * it: `JwtAuthGuard` and `RolesGuard` throw it themselves in a resolver.
 */
export class GraphQLAuthError extends IntrinsicException {
  override readonly name = 'GraphQLAuthError';
  readonly extensions: GraphQLAuthErrorExtensions;

  constructor(exception: AuthException) {
    const { statusCode, code, message } = exception.getResponse();
    super(message, { cause: exception });
    this.extensions = {
      code: GRAPHQL_CODES[statusCode] ?? 'INTERNAL_SERVER_ERROR',
      authCode: code,
      statusCode,
      ...(exception.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: exception.retryAfterSeconds }),
    };
    // A refusal is an expected answer, not a bug: no stack frames for a server that includes
    // stack traces in its GraphQL errors (Apollo outside production) to send.
    this.stack = `${this.name}: ${message}`;
  }
}
