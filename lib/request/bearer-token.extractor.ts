/**
 * Reads the token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235).
 * Unlike passport-jwt's extractor, it does not silently drop what follows the token: the whole
 * rest is returned, so `Bearer <token> extra` fails verification instead of passing.
 * Returns `null` when there is no Bearer credential at all.
 */
export function extractBearerToken(request: { headers: Record<string, unknown> }): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  // The usual form, answered without the four strings the general case below builds.
  if (header.startsWith('Bearer ') && isTokenCharacter(header, 7) && isTokenCharacter(header, -1)) {
    return header.slice(7);
  }
  // Plain string operations, not a backtracking pattern: this runs on every request.
  const value = header.trim();
  const space = value.search(/\s/);
  if (space !== 6 || value.slice(0, 6).toLowerCase() !== 'bearer') return null;
  const token = value.slice(7).trim();
  return token === '' ? null : token;
}

/** Whether the character at `index` (negative: from the end) is neither whitespace nor absent. */
function isTokenCharacter(value: string, index: number): boolean {
  const character = value.at(index);
  return character !== undefined && !/\s/.test(character);
}
