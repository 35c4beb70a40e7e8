import { AuthErrorCode } from './auth-error-code.js';
import { challengeOf, setAuthErrorHeaders } from './auth-error-headers.js';
import { AuthException } from './auth.exception.js';

describe('challengeOf (RFC 6750 §3)', () => {
  it('names the realm alone when no token was sent', () => {
    expect(challengeOf(new AuthException(AuthErrorCode.TokenMissing))).toBe(
      'Bearer realm="nest-jwt-auth"',
    );
  });

  it('is invalid_token with our code for every other 401', () => {
    expect(challengeOf(new AuthException(AuthErrorCode.TokenExpired))).toBe(
      'Bearer realm="nest-jwt-auth", error="invalid_token", error_description="token_expired"',
    );
  });

  it('is insufficient_user_authentication with the acr values and max_age asked (RFC 9470)', () => {
    const exception = new AuthException(AuthErrorCode.InsufficientUserAuthentication, undefined, {
      stepUp: { acrValues: ['mfa', 'hwk'], maxAge: 300 },
    });
    expect(challengeOf(exception)).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_user_authentication", acr_values="mfa hwk", max_age=300',
    );
  });

  it('is insufficient_scope with every scope the route requires', () => {
    const exception = new AuthException(AuthErrorCode.InsufficientScope, undefined, {
      requiredScopes: ['orders:read', 'orders:write'],
    });
    expect(challengeOf(exception)).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_scope", scope="orders:read orders:write"',
    );
  });

  it('is none for other refusals', () => {
    expect(challengeOf(new AuthException(AuthErrorCode.Forbidden))).toBeUndefined();
    expect(challengeOf(new AuthException(AuthErrorCode.AuthStoreUnavailable))).toBeUndefined();
  });
});

describe('setAuthErrorHeaders', () => {
  function headersOf(exception: AuthException): Record<string, string> {
    const headers: Record<string, string> = {};
    const response = {
      header(name: string, value: string) {
        headers[name] = value;
        return response;
      },
    };
    setAuthErrorHeaders(response as never, exception);
    return headers;
  }

  it('sends the challenge of a 403 insufficient_scope, none of a 403 forbidden', () => {
    const scoped = new AuthException(AuthErrorCode.InsufficientScope, undefined, {
      requiredScopes: ['a'],
    });
    expect(headersOf(scoped)['WWW-Authenticate']).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_scope", scope="a"',
    );
    expect(headersOf(new AuthException(AuthErrorCode.Forbidden))).not.toHaveProperty(
      'WWW-Authenticate',
    );
  });
});
