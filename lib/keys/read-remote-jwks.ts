import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { importRemoteJwk } from './import-key.js';
import { type KeyEntry, KeyIndex, unsupportedAlgorithm } from './key-index.js';

function unusableKey(): AuthException {
  return new AuthException(
    AuthErrorCode.TokenInvalid,
    'The token names a key (kid) that its issuer publishes but that cannot verify tokens here.',
  );
}

const label = (position: number, kid: string | undefined) =>
  `key #${position}${kid === undefined ? ' (no kid)' : ` (kid ${JSON.stringify(kid)})`}`;

/**
 * Reads a JWK set document (RFC 7517 section 5), telling `skip` why each key left out was left
 * out (also when it then throws). Throws, so that the keys fetched before stay in use, when the document has no `keys` array, holds no usable key, or holds two usable keys
 * with the same `kid`: which of them a token means would be a guess, and one of them may have
 * been slipped in.
 */
export function readRemoteJwks(document: unknown, skip: (reason: string) => void): KeyIndex {
  const jwks = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(jwks)) throw new Error('the answer has no "keys" array');
  const usable: Array<{ kid?: string; keys: KeyEntry; position: number }> = [];
  const refused = new Map<string, AuthException>();
  jwks.forEach((jwk, position) => {
    const read = importRemoteJwk(jwk);
    if ('keys' in read) {
      usable.push({ kid: read.kid, keys: read.keys, position });
      return;
    }
    skip(`${label(position, read.kid)}: ${read.refused}`);
    if (read.kid !== undefined) {
      refused.set(read.kid, read.unsupportedAlgorithm ? unsupportedAlgorithm() : unusableKey());
    }
  });
  const seen = new Set<string>();
  for (const { kid } of usable) {
    if (kid === undefined) continue;
    if (seen.has(kid)) throw new Error(`two keys have kid ${JSON.stringify(kid)}`);
    seen.add(kid);
  }
  // A key without kid can be chosen only by a token without kid, and only when it is the one key
  // (several keys: a token must name one). It stays in the set, so that the set still counts as
  // several keys.
  const choosable = usable.filter(({ kid, position }) => {
    if (kid !== undefined || usable.length === 1) return true;
    skip(
      `${label(position, kid)}: it has no kid, and the set holds other keys, so no token can choose it`,
    );
    return false;
  });
  if (choosable.length === 0) throw new Error('it holds no usable signing key');
  return new KeyIndex(
    usable.map(({ keys }) => keys),
    refused,
  );
}
