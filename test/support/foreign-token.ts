import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { type JWTHeaderParameters, SignJWT } from 'jose';
import { type AsymmetricAlgorithm, privateJwk } from './keys.js';
import { RS_AUDIENCE, RS_ISSUER } from './resource-server-app.js';

/** A key of another issuer: the private half signs, `publicJwk` is what its JWKS would hold. */
export interface IssuerKey {
  privateKey: KeyObject;
  /** The public JWK as node:crypto exports it: no kid, no alg, no use. */
  publicJwk: Record<string, unknown>;
}

/** A new key pair for `alg`. */
export function issuerKey(alg: AsymmetricAlgorithm): IssuerKey {
  const { kid: _kid, alg: _alg, ...jwk } = privateJwk(alg, 'unused');
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return {
    privateKey,
    publicJwk: createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>,
  };
}

/** Who a {@link foreignToken} is from and for, and when it is made. */
export interface ForeignTokenOptions {
  claims?: Record<string, unknown>;
  /** Epoch ms. */
  now?: number;
  issuer?: string;
  audience?: string | string[];
  subject?: string;
}

/**
 * An access token of that issuer, signed by jose: `sub`, `iss`, `aud` (by default those
 * {@link startResourceServer}'s app expects), `iat` at `now` (ms) and `exp` five minutes later,
 * plus `claims`.
 */
export function foreignToken(
  key: KeyObject,
  header: JWTHeaderParameters,
  {
    claims = {},
    now = Date.now(),
    issuer = RS_ISSUER,
    audience = RS_AUDIENCE,
    subject = 'client-user',
  }: ForeignTokenOptions = {},
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ scope: 'read', ...claims })
    .setProtectedHeader(header)
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(key);
}
