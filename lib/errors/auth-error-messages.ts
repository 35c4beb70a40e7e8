import { AuthErrorCode } from './auth-error-code.js';

/** HTTP status of each code (docs/errors.md). */
export const AUTH_ERROR_STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.TokenMissing]: 401,
  [AuthErrorCode.TokenMalformed]: 401,
  [AuthErrorCode.TokenInvalid]: 401,
  [AuthErrorCode.TokenExpired]: 401,
  [AuthErrorCode.TokenNotActive]: 401,
  [AuthErrorCode.TokenRevoked]: 401,
  [AuthErrorCode.ApiKeyInvalid]: 401,
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.RefreshTokenInvalid]: 401,
  [AuthErrorCode.RefreshTokenReused]: 401,
  [AuthErrorCode.Forbidden]: 403,
  [AuthErrorCode.InsufficientScope]: 403,
  [AuthErrorCode.InsufficientUserAuthentication]: 401,
  [AuthErrorCode.CsrfFailed]: 403,
  [AuthErrorCode.SessionNotFound]: 404,
  [AuthErrorCode.ApiKeyNotFound]: 404,
  [AuthErrorCode.ApiKeyLimitReached]: 409,
  [AuthErrorCode.TooManyAttempts]: 429,
  [AuthErrorCode.ValidationFailed]: 400,
  [AuthErrorCode.UnsupportedMediaType]: 415,
  [AuthErrorCode.AuthStoreUnavailable]: 503,
  [AuthErrorCode.JwksUnavailable]: 503,
  [AuthErrorCode.MfaTokenInvalid]: 401,
  [AuthErrorCode.MfaCodeInvalid]: 401,
  [AuthErrorCode.MfaMethodUnavailable]: 400,
  [AuthErrorCode.MfaAlreadyEnrolled]: 409,
  [AuthErrorCode.MfaNotEnrolled]: 404,
  [AuthErrorCode.TenantUnknown]: 400,
};

/**
 * Default message of each code. Written for the developer reading the response; none of them
 * repeats a library's internal message, which could leak how verification works.
 */
export const AUTH_ERROR_MESSAGES: Record<AuthErrorCode, string> = {
  [AuthErrorCode.TokenMissing]: 'No access token: send it as "Authorization: Bearer <token>".',
  [AuthErrorCode.TokenMalformed]: 'The access token is not a well-formed compact JWS.',
  [AuthErrorCode.TokenInvalid]: 'The access token failed verification.',
  [AuthErrorCode.TokenExpired]: 'The access token has expired: refresh it.',
  [AuthErrorCode.TokenNotActive]: 'The access token is not valid yet (nbf is in the future).',
  [AuthErrorCode.TokenRevoked]: 'The access token has been revoked: log in again.',
  [AuthErrorCode.ApiKeyInvalid]: 'The API key is unknown, revoked, expired or malformed.',
  [AuthErrorCode.InvalidCredentials]: 'Invalid username or password.',
  [AuthErrorCode.RefreshTokenInvalid]: 'The refresh token is unknown, expired or malformed.',
  [AuthErrorCode.RefreshTokenReused]:
    'The refresh token was already used: the session has been revoked.',
  [AuthErrorCode.Forbidden]: 'You do not have the role this route requires.',
  [AuthErrorCode.InsufficientScope]: 'The access token lacks a scope this route requires.',
  [AuthErrorCode.InsufficientUserAuthentication]:
    'This route needs a more recent or a stronger login: reauthenticate (POST /auth/reauthenticate) and retry with the new access token.',
  [AuthErrorCode.CsrfFailed]:
    'Cross-site request refused: send the value of the CSRF cookie in the X-CSRF-Token header, from a trusted origin.',
  [AuthErrorCode.SessionNotFound]: 'No such session: none of yours has this id.',
  [AuthErrorCode.ApiKeyNotFound]: 'No such API key: none of yours has this id.',
  [AuthErrorCode.ApiKeyLimitReached]:
    'You have as many API keys as a user may have: revoke one before creating another.',
  [AuthErrorCode.TooManyAttempts]: 'Too many failed logins: try again later.',
  [AuthErrorCode.ValidationFailed]: 'The request body is invalid.',
  [AuthErrorCode.UnsupportedMediaType]:
    'The auth routes take JSON only: send the body with Content-Type: application/json.',
  [AuthErrorCode.AuthStoreUnavailable]:
    'The authentication store is unavailable; try again shortly.',
  [AuthErrorCode.JwksUnavailable]:
    "The token issuer's public keys (JWKS) could not be fetched; try again shortly.",
  [AuthErrorCode.MfaTokenInvalid]:
    'The mfaToken is unknown, expired, used or out of attempts: log in again.',
  [AuthErrorCode.MfaCodeInvalid]:
    'The code is wrong, or was already used: wait for the next one (or use a recovery code).',
  [AuthErrorCode.MfaMethodUnavailable]:
    "This second factor is not one of the user's: use one of the methods the login listed.",
  [AuthErrorCode.MfaAlreadyEnrolled]:
    'A TOTP factor is already active: remove it (POST /auth/mfa/totp/disable) before enrolling another.',
  [AuthErrorCode.MfaNotEnrolled]: 'The user has no TOTP factor (or no enrolment waiting).',
  [AuthErrorCode.TenantUnknown]: 'The request names no tenant this app serves.',
};
