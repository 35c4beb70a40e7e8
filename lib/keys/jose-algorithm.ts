import { type KeyObject } from 'node:crypto';

/** The JWS algorithms (RFC 7518, RFC 8037) a key can be used with. */
export const JOSE_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'PS256',
  'ES256',
  'ES384',
  'EdDSA',
] as const;

export type JoseAlgorithm = (typeof JOSE_ALGORITHMS)[number];

/** HMAC secrets shorter than this can be brute-forced offline from one token. */
export const MIN_SECRET_BYTES = 32;
const MIN_RSA_BITS = 2048;

/** Named curve (as node:crypto reports it) each ECDSA algorithm requires (RFC 7518 3.4). */
const EC_CURVES: Partial<Record<JoseAlgorithm, string>> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
};

export function isJoseAlgorithm(value: unknown): value is JoseAlgorithm {
  return (JOSE_ALGORITHMS as readonly unknown[]).includes(value);
}

/** The algorithm a key implies when its JWK names none. */
export function defaultAlgorithmOf(key: KeyObject): JoseAlgorithm | undefined {
  if (key.type === 'secret') return 'HS256';
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'EdDSA';
    case 'rsa':
      return 'RS256';
    case 'ec':
      return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'ES384' : 'ES256';
    default:
      return undefined;
  }
}

/**
 * Why `key` cannot be used with `alg`, or `undefined` when it can. Binding each key to one
 * algorithm is what rules out algorithm confusion (an RSA public key used as an HMAC secret).
 */
export function keyMismatch(alg: JoseAlgorithm, key: KeyObject): string | undefined {
  if (alg.startsWith('HS')) {
    if (key.type !== 'secret') return `${alg} needs a symmetric secret (a JWK with kty "oct").`;
    const bytes = key.symmetricKeySize ?? 0;
    return bytes < MIN_SECRET_BYTES
      ? `the secret is ${bytes} bytes long; HMAC secrets shorter than ${MIN_SECRET_BYTES} bytes can be brute-forced.`
      : undefined;
  }
  if (key.type === 'secret') return `${alg} needs an asymmetric key, not a secret.`;
  const type = key.asymmetricKeyType;
  if (alg === 'EdDSA') return type === 'ed25519' ? undefined : 'EdDSA needs an Ed25519 key.';
  if (alg === 'RS256' || alg === 'PS256') {
    // An RSA-PSS-only key (OID RSASSA-PSS) cannot be exported as a JWK, so it could not be
    // published; PS256 works with a plain RSA key.
    if (type !== 'rsa') return `${alg} needs an RSA key (a plain one, not an RSA-PSS-only key).`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits < MIN_RSA_BITS
      ? `the RSA key has ${bits} bits; use at least ${MIN_RSA_BITS}.`
      : undefined;
  }
  const curve = EC_CURVES[alg];
  return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === curve
    ? undefined
    : `${alg} needs an EC key on curve ${alg === 'ES256' ? 'P-256' : 'P-384'}.`;
}
