import { type CacheableResponse, preventCaching } from '../response/no-store.js';
import { AuthErrorCode } from './auth-error-code.js';
import { type AuthException } from './auth.exception.js';

/** The protection space named in our challenges (RFC 7235 §2.2). */
export const AUTH_REALM = 'nest-jwt-auth';

/**
 * The RFC 6750 §3 challenge of a 401: without an error code when the request carried no token
 * (§3.1), else `invalid_token` with our code as the description.
 */
export function challengeOf(exception: AuthException): string {
  const realm = `Bearer realm="${AUTH_REALM}"`;
  if (exception.code === AuthErrorCode.TokenMissing) return realm;
  return `${realm}, error="invalid_token", error_description="${exception.code}"`;
}

/**
 * The headers of an auth refusal, set where it is thrown or answered: `WWW-Authenticate` on a 401,
 * `Retry-After` when the client must wait, and `Cache-Control: no-store`. Whatever filter then
 * writes the body (ours, the app's or Nest's), they are on the response.
 */
export function setAuthErrorHeaders(response: CacheableResponse, exception: AuthException): void {
  if (exception.getStatus() === 401) response.header('WWW-Authenticate', challengeOf(exception));
  if (exception.retryAfterSeconds !== undefined) {
    response.header('Retry-After', String(exception.retryAfterSeconds));
  }
  preventCaching(response);
}
