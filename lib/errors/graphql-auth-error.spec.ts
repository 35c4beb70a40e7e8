import { IntrinsicException } from '@nestjs/common';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';
import { GraphQLAuthError } from './graphql-auth-error.js';

describe('GraphQLAuthError', () => {
  it.each<[AuthErrorCode, string, number]>([
    ['token_expired', 'UNAUTHENTICATED', 401],
    ['token_missing', 'UNAUTHENTICATED', 401],
    ['forbidden', 'FORBIDDEN', 403],
    ['csrf_failed', 'FORBIDDEN', 403],
    ['validation_failed', 'BAD_REQUEST', 400],
    ['session_not_found', 'NOT_FOUND', 404],
    ['auth_store_unavailable', 'SERVICE_UNAVAILABLE', 503],
    ['jwks_unavailable', 'SERVICE_UNAVAILABLE', 503],
  ])('carries %s as %s with status %i', (authCode, code, statusCode) => {
    const error = new GraphQLAuthError(new AuthException(authCode));
    expect(error.extensions).toEqual({ code, authCode, statusCode });
  });

  it('keeps the message of the exception', () => {
    const exception = new AuthException(AuthErrorCode.Forbidden, 'Admins only.');
    expect(new GraphQLAuthError(exception).message).toBe('Admins only.');
  });

  it('passes on how long to wait after too many attempts', () => {
    const exception = new AuthException(AuthErrorCode.TooManyAttempts, undefined, {
      retryAfterSeconds: 30,
    });
    expect(new GraphQLAuthError(exception).extensions).toEqual({
      code: 'TOO_MANY_REQUESTS',
      authCode: 'too_many_attempts',
      statusCode: 429,
      retryAfterSeconds: 30,
    });
  });

  it('has no stack frames to leak, and is no HttpException for a driver to recode', () => {
    const error = new GraphQLAuthError(new AuthException(AuthErrorCode.TokenRevoked));
    expect(error.stack).toBe(`GraphQLAuthError: ${error.message}`);
    expect(error).not.toHaveProperty('status');
    expect(error).not.toHaveProperty('response');
    expect(error.cause).toBeInstanceOf(AuthException);
  });

  it('is an IntrinsicException: Nest does not log it when no filter catches it', () => {
    expect(new GraphQLAuthError(new AuthException(AuthErrorCode.TokenMissing))).toBeInstanceOf(
      IntrinsicException,
    );
  });
});
