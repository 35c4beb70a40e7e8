import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';

const MALFORMED_MESSAGES = new Set([
  'jwt malformed',
  'invalid token',
  'jwt must be provided',
  'jwt must be a string',
]);

/** passport-jwt's message when the extractor found no token. */
const NO_TOKEN_MESSAGE = 'No auth token';

/**
 * Turns what jsonwebtoken or passport-jwt reported into an {@link AuthException}. Their messages
 * are never passed on: clients get our stable codes and messages.
 */
export function toAuthException(error: unknown): AuthException {
  if (error instanceof AuthException) return error;
  if (!(error instanceof Error)) return new AuthException(AuthErrorCode.TokenInvalid);
  switch (error.name) {
    case 'TokenExpiredError':
      return new AuthException(AuthErrorCode.TokenExpired);
    case 'NotBeforeError':
      return new AuthException(AuthErrorCode.TokenNotActive);
    case 'JsonWebTokenError':
      return new AuthException(
        MALFORMED_MESSAGES.has(error.message)
          ? AuthErrorCode.TokenMalformed
          : AuthErrorCode.TokenInvalid,
      );
  }
  if (error.message === NO_TOKEN_MESSAGE) return new AuthException(AuthErrorCode.TokenMissing);
  return new AuthException(AuthErrorCode.TokenInvalid);
}
