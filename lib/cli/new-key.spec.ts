import { JOSE_ALGORITHMS, type JoseAlgorithm } from '../keys/jose-algorithm.js';
import { jwkThumbprint } from './jwk-thumbprint.js';
import { loadKeys } from './load-keys.js';
import { newKey, RSA_BITS } from './new-key.js';

describe('newKey', () => {
  it.each<[JoseAlgorithm, string, Record<string, unknown>]>([
    ['ES256', 'ec', { namedCurve: 'prime256v1' }],
    ['ES384', 'ec', { namedCurve: 'secp384r1' }],
    ['EdDSA', 'ed25519', {}],
    ['RS256', 'rsa', { modulusLength: RSA_BITS }],
    ['PS256', 'rsa', { modulusLength: RSA_BITS }],
  ])('makes a private %s key the module signs with, kid = its thumbprint', (alg, type, details) => {
    const jwk = newKey(alg);
    const { signingKey } = loadKeys([jwk]);
    expect(signingKey).toMatchObject({ kid: jwk.kid, alg });
    expect(signingKey.signKey?.type).toBe('private');
    expect(signingKey.verifyKey.asymmetricKeyType).toBe(type);
    expect(signingKey.verifyKey.asymmetricKeyDetails).toMatchObject(details);
    expect(jwk.kid).toBe(jwkThumbprint(signingKey.verifyKey.export({ format: 'jwk' })));
  });

  it.each<[JoseAlgorithm, number]>([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ])('makes an %s secret of %i random bytes with a random kid', (alg, bytes) => {
    const [first, second] = [newKey(alg), newKey(alg)];
    const { signingKey } = loadKeys([first]);
    expect(first).toMatchObject({ kty: 'oct', alg });
    expect(signingKey.verifyKey.symmetricKeySize).toBe(bytes);
    expect(first.k).not.toBe(second.k);
    expect(first.kid).not.toBe(second.kid);
    expect(first.kid).toMatch(/^[\w-]{22}$/);
  });

  it('covers every algorithm the module supports', () => {
    for (const alg of JOSE_ALGORITHMS) expect(loadKeys([newKey(alg)]).signingKey.alg).toBe(alg);
  });

  it('takes the kid it is given', () => {
    expect(newKey('EdDSA', '2026-11').kid).toBe('2026-11');
    expect(newKey('HS256', 'hmac-1').kid).toBe('hmac-1');
  });
});
