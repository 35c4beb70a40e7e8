// signJws writes every signature with node:crypto itself: checked here by an independent JOSE
// implementation (jose), and by jsonwebtoken (what the guard verifies with), for each algorithm.
import { createPublicKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { compactVerify, importJWK } from 'jose';
import { newKey, newPrivateKey } from '../cli/new-key.js';
import { type AuthJwk, importConfiguredKey } from '../keys/import-key.js';
import { type JoseAlgorithm } from '../keys/jose-algorithm.js';
import { JOSE_ALGORITHMS } from '../keys/jose-algorithm.js';
import { signJws, verifyJwsSignature } from './jws-signature.js';

/** One 2048-bit RSA key for the six RSA algorithms: generating 3072-bit keys takes seconds. */
const rsa = newPrivateKey('RS256', 2048).export({ format: 'jwk' });

function keyFor(alg: JoseAlgorithm): AuthJwk {
  const kid = `kid-${alg}`;
  if (alg.startsWith('HS')) return newKey(alg, kid);
  const jwk =
    alg.startsWith('RS') || alg.startsWith('PS')
      ? rsa
      : newPrivateKey(alg).export({ format: 'jwk' });
  return { ...jwk, kid, alg } as AuthJwk;
}

const payload = { sub: 'ann', iat: 1_700_000_000, exp: 1_700_000_900, sid: 's-1' };

describe.each(JOSE_ALGORITHMS)('signJws with %s', (alg) => {
  const jwk = keyFor(alg);
  const key = importConfiguredKey(jwk, 0);
  const token = signJws({ typ: 'at+jwt', kid: key.kid }, payload, key);

  it('is verified by jose with the public key', async () => {
    const publicKey =
      jwk.kty === 'oct'
        ? await importJWK(jwk, alg)
        : createPublicKey({ key: jwk as never, format: 'jwk' });
    const { payload: signed, protectedHeader } = await compactVerify(token, publicKey, {
      algorithms: [alg],
    });
    expect(protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: `kid-${alg}` });
    expect(JSON.parse(Buffer.from(signed).toString())).toEqual(payload);
  });

  it('is verified by the guard, and refused once a byte of the payload changes', () => {
    const jwtService = new JwtService();
    expect(() => verifyJwsSignature(jwtService, token, key)).not.toThrow();
    const [header, body, signature] = token.split('.');
    const forged = Buffer.from(body!, 'base64url').toString().replace('"ann"', '"bob"');
    const tampered = [header, Buffer.from(forged).toString('base64url'), signature].join('.');
    expect(() => verifyJwsSignature(jwtService, tampered, key)).toThrow();
  });
});

it('refuses to sign with a key that only verifies', () => {
  const key = importConfiguredKey(newKey('ES256', 'k'), 0);
  expect(() => signJws({ typ: 'at+jwt' }, payload, { ...key, signKey: undefined })).toThrow(
    /no private material/,
  );
});
