/**
 * Stable machine-readable codes carried by every {@link AuthException} (docs/errors.md).
 * Clients may branch on them; they never change meaning between releases.
 */
export const AuthErrorCode = {
  TokenMissing: 'token_missing',
  TokenMalformed: 'token_malformed',
  TokenInvalid: 'token_invalid',
  TokenExpired: 'token_expired',
  TokenNotActive: 'token_not_active',
  TokenRevoked: 'token_revoked',
  ApiKeyInvalid: 'api_key_invalid',
  InvalidCredentials: 'invalid_credentials',
  RefreshTokenInvalid: 'refresh_token_invalid',
  RefreshTokenReused: 'refresh_token_reused',
  Forbidden: 'forbidden',
  InsufficientScope: 'insufficient_scope',
  InsufficientUserAuthentication: 'insufficient_user_authentication',
  CsrfFailed: 'csrf_failed',
  SessionNotFound: 'session_not_found',
  ApiKeyNotFound: 'api_key_not_found',
  ApiKeyLimitReached: 'api_key_limit_reached',
  TooManyAttempts: 'too_many_attempts',
  ValidationFailed: 'validation_failed',
  UnsupportedMediaType: 'unsupported_media_type',
  AuthStoreUnavailable: 'auth_store_unavailable',
  JwksUnavailable: 'jwks_unavailable',
  MfaTokenInvalid: 'mfa_token_invalid',
  MfaCodeInvalid: 'mfa_code_invalid',
  MfaMethodUnavailable: 'mfa_method_unavailable',
  MfaAlreadyEnrolled: 'mfa_already_enrolled',
  MfaNotEnrolled: 'mfa_not_enrolled',
  TenantUnknown: 'tenant_unknown',
} as const;

export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];
