import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { AuthConfigError } from '../errors/auth-config-error.js';
import {
  asymmetricAlgorithmsOf,
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

/**
 * Turns one entry of a `keys` option into a {@link JoseKey}; throws a start-up error naming it
 * `<list>[<index>]`.
 */
export function importConfiguredKey(entry: AuthKey, index: number, list = 'keys'): JoseKey {
  const name = `${list}[${index}]`;
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

/** A key of a remote JWKS as read: usable (bound to each algorithm it verifies) or refused. */
export type RemoteJwk =
  | { kid?: string; keys: JoseKey[] }
  | { kid?: string; refused: string; unsupportedAlgorithm: boolean };

function refused(kid: string | undefined, reason: string, unsupportedAlgorithm = false): RemoteJwk {
  return { kid, refused: reason, unsupportedAlgorithm };
}

/**
 * Reads a key of a remote JWKS: public members only (a key set published with private members
 * is not trusted with them). A key naming its `alg` verifies that algorithm only; a key naming
 * none (`alg` is optional, RFC 7517 section 4.4) verifies every asymmetric algorithm its type and
 * curve fit, never HMAC. `kid` is optional too: the key set decides whether a key without one can
 * be chosen.
 */
export function importRemoteJwk(jwk: unknown): RemoteJwk {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) {
    return refused(undefined, 'it is not a JSON object');
  }
  const entry = { ...(jwk as AuthJwk) };
  const kid = entry.kid;
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) {
    return refused(undefined, 'its "kid" is not a non-empty string');
  }
  if (entry.kty === 'oct') return refused(kid, 'it is a symmetric key (kty "oct")');
  if (entry.use !== undefined && entry.use !== 'sig') {
    return refused(kid, `it has use ${JSON.stringify(entry.use)}, not "sig"`);
  }
  for (const member of PRIVATE_MEMBERS) delete entry[member];
  let verifyKey: KeyObject;
  try {
    verifyKey = createPublicKey({ key: entry, format: 'jwk' });
  } catch (error) {
    return refused(kid, `it could not be read: ${(error as Error).message}`);
  }
  if (entry.alg === undefined) {
    const algorithms = asymmetricAlgorithmsOf(verifyKey);
    if (algorithms.length > 0)
      return { kid, keys: algorithms.map((alg) => ({ kid, alg, verifyKey })) };
    const tooWeak = defaultAlgorithmOf(verifyKey);
    return tooWeak
      ? refused(kid, keyMismatch(tooWeak, verifyKey)!)
      : refused(kid, `no supported algorithm fits its key type (${describeKey(verifyKey)})`, true);
  }
  if (!isJoseAlgorithm(entry.alg)) {
    return refused(kid, `its alg ${JSON.stringify(entry.alg)} is not supported`, true);
  }
  const mismatch = keyMismatch(entry.alg, verifyKey);
  if (mismatch) return refused(kid, `it cannot be used with ${entry.alg}: ${mismatch}`);
  return { kid, keys: [{ kid, alg: entry.alg, verifyKey }] };
}

function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve ? `${key.asymmetricKeyType} ${curve}` : String(key.asymmetricKeyType);
}
