import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value !== '';

/** The denylist entries that would revoke a token: its session's and its own. */
export function denylistIds(claims: Pick<AccessTokenClaims, 'sid' | 'jti'>): string[] {
  const ids: string[] = [];
  if (isNonEmptyString(claims.sid)) ids.push(`sid:${claims.sid}`);
  if (isNonEmptyString(claims.jti)) ids.push(`jti:${claims.jti}`);
  return ids;
}
