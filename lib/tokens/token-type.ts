import { ACCESS_TOKEN_TYPE } from '../auth.constants.js';

function mediaType(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/**
 * Our own tokens must say `typ: at+jwt` (RFC 9068), which keeps other JWTs signed with the same
 * key (ID tokens, say) out.
 */
export function isAccessTokenType(typ: unknown): boolean {
  return mediaType(typ) === ACCESS_TOKEN_TYPE;
}

/**
 * Other issuers (Auth0, Keycloak, Hanko) often send `typ: JWT` or none; their tokens are told
 * apart by `iss` and `aud` instead. Any other declared type is refused.
 */
export function isForeignAccessTokenType(typ: unknown): boolean {
  return typ === undefined || mediaType(typ) === 'jwt' || isAccessTokenType(typ);
}
