import { sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { type JwtService } from '@nestjs/jwt';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type JoseKey } from '../keys/jose-key.js';
import { toAuthException } from './jwt-error.mapper.js';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The header fields we set beside `alg`. */
export interface SigningHeader {
  typ: string;
  kid?: string;
}

/**
 * Signs a compact JWS. jsonwebtoken 9 (behind @nestjs/jwt and passport-jwt) signs every
 * algorithm it implements; it has no EdDSA, which node:crypto does directly (RFC 8037).
 */
export function signJws(
  jwtService: JwtService,
  header: SigningHeader,
  payload: Record<string, unknown>,
  key: JoseKey,
): string {
  const fullHeader = { alg: key.alg, ...header };
  if (key.alg !== 'EdDSA') {
    return jwtService.sign(payload, {
      privateKey: key.signKey,
      algorithm: key.alg,
      // jsonwebtoken keeps the iat of the payload.
      header: fullHeader,
    });
  }
  const signingInput = `${b64url(fullHeader)}.${b64url(payload)}`;
  const signature = cryptoSign(null, Buffer.from(signingInput), key.signKey!);
  return `${signingInput}.${signature.toString('base64url')}`;
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
