import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { jwkThumbprint } from './jwk-thumbprint.js';

describe('jwkThumbprint', () => {
  it('gives the thumbprint of the RFC 7638 section 3.1 example', () => {
    const rfcExample = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(rfcExample)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it.each([
    ['EC P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['Ed25519', generateKeyPairSync('ed25519')],
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ])('agrees with jose for %s, from the private or the public half', async (_type, pair) => {
    const publicJwk = pair.publicKey.export({ format: 'jwk' });
    const privateJwk = pair.privateKey.export({ format: 'jwk' });
    const expected = await calculateJwkThumbprint(
      publicJwk as Parameters<typeof calculateJwkThumbprint>[0],
    );
    expect(jwkThumbprint(publicJwk)).toBe(expected);
    expect(jwkThumbprint(privateJwk)).toBe(expected);
  });

  it('refuses a secret, whose thumbprint would be a hash of the secret', () => {
    expect(() => jwkThumbprint({ kty: 'oct', k: 'c2VjcmV0' } as JsonWebKey)).toThrow(/oct/);
  });
});
