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
  /** When the session's user last proved who they are (epoch seconds): the login, or a reauthentication. */
  auth_time?: number;
  /** How strongly they proved it (authentication context class), when the app says so. */
  acr?: string;
  /** How they proved it, e.g. `['pwd']` (RFC 8176 method references). */
  amr?: string[];
  [claim: string]: unknown;
}
