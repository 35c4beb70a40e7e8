/**
 * Reads the token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235).
 * Unlike passport-jwt's extractor, it does not silently drop what follows the token: the whole
 * rest is returned, so `Bearer <token> extra` fails verification instead of passing.
 * Returns `null` when there is no Bearer credential at all.
 */
export function extractBearerToken(request: { headers: Record<string, unknown> }): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^\s*(\S+)\s*(.*?)\s*$/s.exec(header);
  if (!match || match[1].toLowerCase() !== 'bearer' || match[2] === '') return null;
  return match[2];
}
