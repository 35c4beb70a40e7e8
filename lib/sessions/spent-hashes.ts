/**
 * How many rotated refresh-token hashes a session may accumulate; the rotation that would add one
 * more ends the session instead (log in again). Every spent hash is kept for reuse detection:
 * evicting old ones would let a thief who refreshes in a loop push the victim's token out of the
 * history, so that its return no longer ends the session. The limit allows twice the refreshes a
 * client needs over the session's whole life (one per access-token lifetime), 5,760 (about
 * 520 KB) with the defaults, at least 64 and at most 10,000.
 */
export function refreshHistoryLimit(options: {
  sessionMaxLifetime: number;
  accessTokenTtl: number;
}): number {
  const needed = 2 * Math.ceil(options.sessionMaxLifetime / options.accessTokenTtl);
  return Math.min(10_000, Math.max(64, needed));
}
