/**
 * Every claim of a verified access token (docs/tokens.md). The module's own tokens always carry
 * `sid` and `jti`; tokens of other issuers (resource-server mode, `issuers`) may lack them.
 */
export interface AccessTokenClaims {
  sub: string;
  sid?: string;
  jti?: string;
  iat: number;
  exp: number;
  roles: string[];
  iss?: string;
  aud?: string | string[];
  /** Space-delimited scopes the token grants (RFC 9068 section 2.2.3); a string when present. */
  scope?: string;
  /** The client the token was issued to (RFC 9068 section 2.2). */
  client_id?: string;
  [claim: string]: unknown;
}
