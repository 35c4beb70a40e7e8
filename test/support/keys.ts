import { generateKeyPairSync } from 'node:crypto';
import { type AuthJwk } from 'nest-jwt-auth';

export type AsymmetricAlgorithm =
  'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'EdDSA';

function generate(alg: AsymmetricAlgorithm) {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ES384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ES512':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'RS256':
    case 'RS384':
    case 'RS512':
    case 'PS256':
    case 'PS384':
    case 'PS512':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

/** A new private JWK for `alg`, as a `keys` entry or a line of a JWT_JWKS_FILE. */
export function privateJwk(alg: AsymmetricAlgorithm, kid: string): AuthJwk {
  const { privateKey } = generate(alg);
  return { ...privateKey.export({ format: 'jwk' }), kid, alg } as AuthJwk;
}

/** The same key without its private members: it verifies old tokens but signs nothing. */
export function publicOnly(jwk: AuthJwk): AuthJwk {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest as AuthJwk;
}

/** The JOSE header of a compact JWS, read without verifying. */
export const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
