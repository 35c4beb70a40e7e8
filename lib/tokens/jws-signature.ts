import {
  constants,
  createHmac,
  type KeyObject,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import { type JwtService } from '@nestjs/jwt';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type JoseAlgorithm } from '../keys/jose-algorithm.js';
import { type JoseKey } from '../keys/jose-key.js';
import { toAuthException } from './jwt-error.mapper.js';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The header fields we set beside `alg`. */
export interface SigningHeader {
  typ: string;
  kid?: string;
}

/** The JWS signature (RFC 7518 section 3, RFC 8037) of `input` with `key`. */
function signatureOf(alg: JoseAlgorithm, input: string, key: KeyObject): Buffer {
  if (alg === 'EdDSA') return cryptoSign(null, Buffer.from(input), key);
  const hash = `sha${alg.slice(2)}`;
  switch (alg.slice(0, 2)) {
    case 'HS':
      return createHmac(hash, key).update(input).digest();
    case 'PS':
      return cryptoSign(hash, Buffer.from(input), {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
    case 'ES':
      // JWS wants r || s, each the curve's size, not DER.
      return cryptoSign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    default:
      return cryptoSign(hash, Buffer.from(input), key);
  }
}

/**
 * Signs a compact JWS with node:crypto directly: jsonwebtoken's sign (behind @nestjs/jwt) spends
 * more on merging options and re-validating our own payload than on the signature, and has no
 * EdDSA.
 */
export function signJws(
  header: SigningHeader,
  payload: Record<string, unknown>,
  key: JoseKey,
): string {
  if (!key.signKey) throw new Error('nest-jwt-auth: this key has no private material to sign.');
  const signingInput = `${b64url({ alg: key.alg, ...header })}.${b64url(payload)}`;
  return `${signingInput}.${signatureOf(key.alg, signingInput, key.signKey).toString('base64url')}`;
}

/**
 * Checks the signature of `token` with `key`, and nothing else: the claims are checked by the
 * caller against its own clock. Throws {@link AuthException} `token_invalid`.
 */
export function verifyJwsSignature(jwtService: JwtService, token: string, key: JoseKey): void {
  if (key.alg !== 'EdDSA') {
    try {
      jwtService.verify(token, {
        // @nestjs/jwt's types omit KeyObject, which jsonwebtoken takes (and verifies ~50x faster).
        publicKey: key.verifyKey as unknown as Buffer,
        algorithms: [key.alg],
        ignoreExpiration: true,
        ignoreNotBefore: true,
      });
      return;
    } catch (error) {
      throw toAuthException(error);
    }
  }
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  let valid = false;
  try {
    valid = cryptoVerify(null, Buffer.from(token.slice(0, dot)), key.verifyKey, signature);
  } catch {
    // A signature of the wrong length is simply not valid.
  }
  if (!valid) throw new AuthException(AuthErrorCode.TokenInvalid);
}
