import { createHash, type JsonWebKey } from 'node:crypto';

/** The members RFC 7638 section 3.2 hashes for each key type, in lexicographic order. */
const REQUIRED_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/**
 * The RFC 7638 SHA-256 thumbprint of a public key, base64url: a kid anyone holding the public key
 * can recompute. Only asymmetric key types: the thumbprint of a secret would hash the secret.
 */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = REQUIRED_MEMBERS[jwk.kty ?? ''];
  if (members === undefined) throw new Error(`no thumbprint for key type ${String(jwk.kty)}.`);
  // JSON.stringify keeps insertion order and adds no whitespace: the canonical form.
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}
