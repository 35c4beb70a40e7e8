import { type AuthJwk } from 'nest-jwt-auth';
import { newPrivateKey } from '../../lib/cli/new-key.js';

export type AsymmetricAlgorithm =
  'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'EdDSA';

/** A new private JWK for `alg`, as a `keys` entry or a line of a JWT_JWKS_FILE. */
export function privateJwk(alg: AsymmetricAlgorithm, kid: string): AuthJwk {
  // 2048-bit RSA: the smallest size the module accepts, and the quickest to make.
  return { ...newPrivateKey(alg, 2048).export({ format: 'jwk' }), kid, alg } as AuthJwk;
}

/** The same key without its private members: it verifies old tokens but signs nothing. */
export function publicOnly(jwk: AuthJwk): AuthJwk {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest as AuthJwk;
}

/** The JOSE header of a compact JWS, read without verifying. */
export const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
