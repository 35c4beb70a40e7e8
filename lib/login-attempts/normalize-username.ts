/**
 * The default throttle key of a username: Unicode NFKC (fullwidth `Ａｌｉｃｅ`, ligatures and
 * circled letters become plain letters), a case fold (upper then lower case, so `ß` and `ss`,
 * `ς` and `σ` meet), NFKC again (case mapping can undo it) and surrounding whitespace trimmed:
 * close to Unicode's NFKC_Casefold. Spellings it merges share one attempt budget; merging too
 * much only makes budgets smaller. Use it in `validateCredentials` too, or give
 * `loginThrottle.normalizeUsername` the lookup your app really does.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').trim();
}
