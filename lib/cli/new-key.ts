import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { type AuthJwk } from '../keys/import-key.js';
import { type JoseAlgorithm } from '../keys/jose-algorithm.js';
import { jwkThumbprint } from './jwk-thumbprint.js';

/** 3072 bits: NIST's size for security beyond 2030 (the module accepts 2048 and up). */
export const RSA_BITS = 3072;

/** HMAC secrets as long as the hash output (RFC 7518 section 3.2 asks for at least that). */
const SECRET_BYTES: Partial<Record<JoseAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** A new private key for asymmetric `alg` (tests use smaller RSA keys, which are faster to make). */
export function newPrivateKey(alg: JoseAlgorithm, rsaBits = RSA_BITS): KeyObject {
  switch (alg) {
    case 'RS256':
    case 'RS384':
    case 'RS512':
    case 'PS256':
    case 'PS384':
    case 'PS512':
      // A plain RSA key: Node cannot export an RSA-PSS-only key as a JWK.
      return generateKeyPairSync('rsa', { modulusLength: rsaBits }).privateKey;
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'ES384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    case 'ES512':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
    default:
      throw new Error(`${alg} is not an asymmetric algorithm.`);
  }
}

/**
 * A new private JWK bound to `alg`. Its kid defaults to the RFC 7638 thumbprint of the public
 * key; a secret gets a random kid instead, since tokens carry the kid in clear.
 */
export function newKey(alg: JoseAlgorithm, kid?: string): AuthJwk {
  const secretBytes = SECRET_BYTES[alg];
  if (secretBytes !== undefined) {
    const k = randomBytes(secretBytes).toString('base64url');
    return { kid: kid ?? randomBytes(16).toString('base64url'), alg, kty: 'oct', k };
  }
  const jwk = newPrivateKey(alg).export({ format: 'jwk' });
  return { kid: kid ?? jwkThumbprint(jwk), alg, ...jwk };
}
