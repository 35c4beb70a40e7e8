/** Every claim of a verified access token (docs/tokens.md). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  roles: string[];
  iss?: string;
  aud?: string | string[];
  [claim: string]: unknown;
}
