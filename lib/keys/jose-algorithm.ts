import { type KeyObject } from 'node:crypto';

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

/** The JWS algorithms (RFC 7518, RFC 8037) a key can be used with. */
export const JOSE_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  ...RSA_ALGORITHMS,
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export type JoseAlgorithm = (typeof JOSE_ALGORITHMS)[number];

/** HMAC secrets shorter than this can be brute-forced offline from one token. */
export const MIN_SECRET_BYTES = 32;
const MIN_RSA_BITS = 2048;

/** The curve each ECDSA algorithm requires (RFC 7518 section 3.4): JOSE name, node:crypto name. */
const EC_CURVES: Partial<Record<JoseAlgorithm, { jose: string; node: string }>> = {
  ES256: { jose: 'P-256', node: 'prime256v1' },
  ES384: { jose: 'P-384', node: 'secp384r1' },
  ES512: { jose: 'P-521', node: 'secp521r1' },
};

export function isJoseAlgorithm(value: unknown): value is JoseAlgorithm {
  return (JOSE_ALGORITHMS as readonly unknown[]).includes(value);
}

/** The asymmetric algorithms made for `key`'s type (and curve), before any size check. */
function candidatesOf(key: KeyObject): readonly JoseAlgorithm[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return RSA_ALGORITHMS;
    case 'ed25519':
      return ['EdDSA'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      return (Object.keys(EC_CURVES) as JoseAlgorithm[]).filter(
        (alg) => EC_CURVES[alg]!.node === curve,
      );
    }
    default:
      return [];
  }
}

/**
 * Every asymmetric algorithm `key` can verify, for a published key that names none (`alg` is
 * optional, RFC 7517 section 4.4): RS and PS for RSA, the one ES algorithm of an EC key's curve,
 * EdDSA for Ed25519. Never HMAC.
 */
export function asymmetricAlgorithmsOf(key: KeyObject): JoseAlgorithm[] {
  if (key.type === 'secret') return [];
  return candidatesOf(key).filter((alg) => keyMismatch(alg, key) === undefined);
}

/** The one algorithm a key of ours signs with when its entry names none. */
export function defaultAlgorithmOf(key: KeyObject): JoseAlgorithm | undefined {
  return key.type === 'secret' ? 'HS256' : candidatesOf(key)[0];
}

/**
 * Why `key` cannot be used with `alg`, or `undefined` when it can. Binding each key to its
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
  if ((RSA_ALGORITHMS as readonly JoseAlgorithm[]).includes(alg)) {
    // An RSA-PSS-only key (OID RSASSA-PSS) cannot be exported as a JWK, so it could not be
    // published; PS256, PS384 and PS512 work with a plain RSA key.
    if (type !== 'rsa') return `${alg} needs an RSA key (a plain one, not an RSA-PSS-only key).`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits < MIN_RSA_BITS
      ? `the RSA key has ${bits} bits; use at least ${MIN_RSA_BITS}.`
      : undefined;
  }
  const curve = EC_CURVES[alg]!;
  return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === curve.node
    ? undefined
    : `${alg} needs an EC key on curve ${curve.jose}.`;
}
