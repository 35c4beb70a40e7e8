import { type CacheableResponse, preventCaching } from '../response/no-store.js';
import { AuthErrorCode } from './auth-error-code.js';
import { type AuthException } from './auth.exception.js';

/** The protection space named in our challenges (RFC 7235 §2.2). */
export const AUTH_REALM = 'nest-jwt-auth';

/**
 * The RFC 6750 §3 challenge of a 401 or of a 403 `insufficient_scope`, or `undefined` for a
 * refusal that has none: without an error code when the request carried no token (§3.1);
 * `insufficient_scope` with the scopes the route requires; else `invalid_token` with our code as
 * the description. Scopes are scope tokens (no space, `"` or `\`), so they need no escaping.
 */
export function challengeOf(exception: AuthException): string | undefined {
  const realm = `Bearer realm="${AUTH_REALM}"`;
  if (exception.code === AuthErrorCode.InsufficientScope) {
    const scope = exception.requiredScopes?.join(' ') ?? '';
    return `${realm}, error="insufficient_scope", scope="${scope}"`;
  }
  if (exception.code === AuthErrorCode.InsufficientUserAuthentication) {
    // RFC 9470 section 3; acr values are checked at declaration to need no escaping.
    const { acrValues, maxAge } = exception.stepUp ?? {};
    return [
      `${realm}, error="insufficient_user_authentication"`,
      ...(acrValues?.length ? [`acr_values="${acrValues.join(' ')}"`] : []),
      ...(maxAge === undefined ? [] : [`max_age=${maxAge}`]),
    ].join(', ');
  }
  if (exception.getStatus() !== 401) return undefined;
  if (exception.code === AuthErrorCode.TokenMissing) return realm;
  return `${realm}, error="invalid_token", error_description="${exception.code}"`;
}

/**
 * The headers of an auth refusal, set where it is thrown or answered: `WWW-Authenticate` on a 401
 * and a 403 `insufficient_scope`, `Retry-After` when the client must wait, and `Cache-Control:
 * no-store`. Whatever filter then writes the body (ours, the app's or Nest's), they are on the
 * response.
 */
export function setAuthErrorHeaders(response: CacheableResponse, exception: AuthException): void {
  const challenge = challengeOf(exception);
  if (challenge !== undefined) response.header('WWW-Authenticate', challenge);
  if (exception.retryAfterSeconds !== undefined) {
    response.header('Retry-After', String(exception.retryAfterSeconds));
  }
  preventCaching(response);
}
