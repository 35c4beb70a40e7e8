import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

/**
 * The user of a request: the claims minus those that describe the token rather than the user.
 * `sid` stays, since apps need it to show or end the current session.
 */
export function toAuthenticatedUser(claims: AccessTokenClaims): AuthenticatedUser {
  const {
    iss: _iss,
    aud: _aud,
    exp: _exp,
    iat: _iat,
    nbf: _nbf,
    jti: _jti,
    client_id: _clientId,
    ...user
  } = claims;
  return user;
}
