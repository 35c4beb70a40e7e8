/**
 * Reads the token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235).
 * Unlike passport-jwt's extractor, it does not silently drop what follows the token: the whole
 * rest is returned, so `Bearer <token> extra` fails verification instead of passing.
 * Returns `null` when there is no Bearer credential at all.
 */
export function extractBearerToken(request: { headers: Record<string, unknown> }): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  // Plain string operations, not a backtracking pattern: this runs on every request.
  const value = header.trim();
  const space = value.search(/\s/);
  if (space !== 6 || value.slice(0, 6).toLowerCase() !== 'bearer') return null;
  const token = value.slice(7).trim();
  return token === '' ? null : token;
}
