import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { AuthConfigError } from '../errors/auth-config-error.js';
import {
  defaultAlgorithmOf,
  isJoseAlgorithm,
  JOSE_ALGORITHMS,
  type JoseAlgorithm,
  keyMismatch,
} from './jose-algorithm.js';
import { type JoseKey } from './jose-key.js';

/** A key of the `keys` option given as a JWK (RFC 7517). */
export interface AuthJwk extends JsonWebKey {
  kid: string;
  alg?: JoseAlgorithm;
  use?: string;
}

/** A key of the `keys` option given as PEM: a private key (signs and verifies) or a public one. */
export interface AuthPemKey {
  kid: string;
  alg?: JoseAlgorithm;
  pem: string;
}

export type AuthKey = AuthJwk | AuthPemKey;

/** JWK members that hold private material (RFC 7518 section 6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

function isPemKey(entry: AuthKey): entry is AuthPemKey {
  return typeof (entry as AuthPemKey).pem === 'string';
}

function parseKeyMaterial(entry: AuthKey): { verifyKey: KeyObject; signKey?: KeyObject } {
  if (isPemKey(entry)) {
    if (/PRIVATE KEY-----/.test(entry.pem)) {
      const signKey = createPrivateKey(entry.pem);
      return { signKey, verifyKey: createPublicKey(signKey) };
    }
    return { verifyKey: createPublicKey(entry.pem) };
  }
  if (entry.kty === 'oct') {
    if (typeof entry.k !== 'string') throw new Error('an "oct" JWK needs "k".');
    const secret = createSecretKey(Buffer.from(entry.k, 'base64url'));
    return { verifyKey: secret, signKey: secret };
  }
  if (entry.d !== undefined) {
    const signKey = createPrivateKey({ key: entry, format: 'jwk' });
    return { signKey, verifyKey: createPublicKey(signKey) };
  }
  return { verifyKey: createPublicKey({ key: entry, format: 'jwk' }) };
}

function resolveAlgorithm(name: string, entry: AuthKey, key: KeyObject): JoseAlgorithm {
  const alg = entry.alg ?? defaultAlgorithmOf(key);
  if (!isJoseAlgorithm(alg)) {
    throw new AuthConfigError(
      `${name} has algorithm ${JSON.stringify(alg ?? key.asymmetricKeyType)}, which is not supported.`,
      `Use one of ${JOSE_ALGORITHMS.join(', ')}.`,
    );
  }
  const mismatch = keyMismatch(alg, key);
  if (mismatch) throw new AuthConfigError(`${name} cannot be used with ${alg}:`, mismatch);
  return alg;
}

/** Turns one entry of the `keys` option into a {@link JoseKey}; throws a start-up error. */
export function importConfiguredKey(entry: AuthKey, index: number): JoseKey {
  const name = `keys[${index}]`;
  if (!entry || typeof entry !== 'object') {
    throw new AuthConfigError(`${name} is not a key.`, 'Give a JWK object or { kid, alg, pem }.');
  }
  if (typeof entry.kid !== 'string' || entry.kid === '') {
    throw new AuthConfigError(
      `${name} has no "kid".`,
      'Give every key a unique kid: tokens name the key that signed them by it.',
    );
  }
  if ('use' in entry && entry.use !== undefined && entry.use !== 'sig') {
    throw new AuthConfigError(
      `${name} has use "${String(entry.use)}".`,
      'Only signing keys ("sig") fit.',
    );
  }
  let material: ReturnType<typeof parseKeyMaterial>;
  try {
    material = parseKeyMaterial(entry);
  } catch (error) {
    throw new AuthConfigError(
      `${name} (kid "${entry.kid}") could not be read: ${(error as Error).message}`,
      'Check that it is a complete JWK or PEM key.',
    );
  }
  const alg = resolveAlgorithm(`${name} (kid "${entry.kid}")`, entry, material.verifyKey);
  return { kid: entry.kid, alg, ...material };
}

/**
 * Reads a key of a remote JWKS: public members only (a key set published with private members
 * is not trusted with them), `undefined` when the key is not one we can verify with.
 */
export function importRemoteJwk(jwk: unknown): JoseKey | undefined {
  if (!jwk || typeof jwk !== 'object') return undefined;
  const entry = { ...(jwk as AuthJwk) };
  if (typeof entry.kid !== 'string' || entry.kid === '' || entry.kty === 'oct') return undefined;
  if (entry.use !== undefined && entry.use !== 'sig') return undefined;
  for (const member of PRIVATE_MEMBERS) delete entry[member];
  try {
    const verifyKey = createPublicKey({ key: entry, format: 'jwk' });
    const alg = entry.alg ?? defaultAlgorithmOf(verifyKey);
    if (!isJoseAlgorithm(alg) || keyMismatch(alg, verifyKey)) return undefined;
    return { kid: entry.kid, alg, verifyKey };
  } catch {
    return undefined;
  }
}
