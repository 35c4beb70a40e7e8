import { generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes } from 'node:crypto';
import { type AuthJwk, type AuthKey, importConfiguredKey, importRemoteJwk } from './import-key.js';
import { type JoseAlgorithm } from './jose-algorithm.js';

/** Private and public halves of a generated key pair. */
interface Pair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const rsa: Pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024: Pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
const p256: Pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384: Pair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed25519: Pair = generateKeyPairSync('ed25519');

function privateJwk(pair: Pair, extra: Record<string, unknown> = {}): AuthJwk {
  return { ...pair.privateKey.export({ format: 'jwk' }), kid: 'k1', ...extra } as AuthJwk;
}

function publicJwk(pair: Pair, extra: Record<string, unknown> = {}): AuthJwk {
  return { ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', ...extra } as AuthJwk;
}

function octJwk(bytes: number, extra: Record<string, unknown> = {}): AuthJwk {
  return { kty: 'oct', k: randomBytes(bytes).toString('base64url'), kid: 'k1', ...extra };
}

/** The message of the error `fn` throws; fails the test when it throws none. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('importConfiguredKey', () => {
  it.each<[JoseAlgorithm, Pair, string, string | undefined]>([
    ['RS256', rsa, 'rsa', undefined],
    ['PS256', rsa, 'rsa', undefined],
    ['ES256', p256, 'ec', 'prime256v1'],
    ['ES384', p384, 'ec', 'secp384r1'],
    ['EdDSA', ed25519, 'ed25519', undefined],
  ])(
    'imports a private %s JWK as a signing and verifying key',
    (alg, pair, keyType, namedCurve) => {
      const key = importConfiguredKey(privateJwk(pair, { kid: `kid-${alg}`, alg }), 3);
      expect(key.kid).toBe(`kid-${alg}`);
      expect(key.alg).toBe(alg);
      expect(key.signKey?.type).toBe('private');
      expect(key.signKey?.asymmetricKeyType).toBe(keyType);
      expect(key.verifyKey.type).toBe('public');
      expect(key.verifyKey.asymmetricKeyType).toBe(keyType);
      if (namedCurve) expect(key.verifyKey.asymmetricKeyDetails?.namedCurve).toBe(namedCurve);
      expect(key.verifyKey.export({ format: 'jwk' }) as JsonWebKey).toEqual(
        pair.publicKey.export({ format: 'jwk' }),
      );
    },
  );

  it.each<[string, Pair]>([
    ['RSA', rsa],
    ['EC P-256', p256],
    ['EC P-384', p384],
    ['Ed25519', ed25519],
  ])('imports a public-only %s JWK as a verify-only key', (_name, pair) => {
    const key = importConfiguredKey(publicJwk(pair), 0);
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.type).toBe('public');
    expect(key.kid).toBe('k1');
  });

  it.each<[string, () => AuthJwk, JoseAlgorithm]>([
    ['RSA', () => privateJwk(rsa), 'RS256'],
    ['EC P-256', () => privateJwk(p256), 'ES256'],
    ['EC P-384', () => privateJwk(p384), 'ES384'],
    ['Ed25519', () => privateJwk(ed25519), 'EdDSA'],
    ['oct', () => octJwk(32), 'HS256'],
  ])('infers the algorithm of a %s key that names none', (_name, jwk, alg) => {
    const entry = jwk();
    expect(entry.alg).toBeUndefined();
    expect(importConfiguredKey(entry, 0).alg).toBe(alg);
  });

  it('imports a PKCS8 private PEM as a signing key', () => {
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const key = importConfiguredKey({ kid: 'pem-private', pem }, 0);
    expect(key).toMatchObject({ kid: 'pem-private', alg: 'RS256' });
    expect(key.signKey?.type).toBe('private');
    expect(key.verifyKey.type).toBe('public');
    expect(key.verifyKey.export({ type: 'spki', format: 'pem' })).toBe(
      rsa.publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });

  it('imports an SPKI public PEM as a verify-only key, with the given alg', () => {
    const pem = p384.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const key = importConfiguredKey({ kid: 'pem-public', alg: 'ES384', pem }, 0);
    expect(key).toMatchObject({ kid: 'pem-public', alg: 'ES384' });
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.type).toBe('public');
    expect(key.verifyKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
  });

  it('imports an oct JWK of 32 bytes as one secret that signs and verifies', () => {
    const jwk = octJwk(32, { alg: 'HS512' });
    const key = importConfiguredKey(jwk, 0);
    expect(key.alg).toBe('HS512');
    expect(key.signKey).toBe(key.verifyKey);
    expect(key.verifyKey.type).toBe('secret');
    expect(key.verifyKey.symmetricKeySize).toBe(32);
    expect(key.verifyKey.export().toString('base64url')).toBe(jwk.k);
  });

  it('accepts use "sig"', () => {
    expect(importConfiguredKey(privateJwk(p256, { use: 'sig' }), 0).alg).toBe('ES256');
  });

  describe('refuses', () => {
    /** Asserts `entry` is refused at `index` with a start-up error matching `pattern`. */
    function expectRefused(entry: unknown, pattern: RegExp, index = 2): string {
      const message = errorOf(() => importConfiguredKey(entry as AuthKey, index));
      expect(message.startsWith('nest-jwt-auth:')).toBe(true);
      expect(message).toContain(`keys[${index}]`);
      expect(message).toMatch(pattern);
      return message;
    }

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['non-string', 7],
    ])('a key with a %s kid', (_case, kid) => {
      expectRefused(privateJwk(p256, { kid }), /has no "kid"/);
    });

    it('something that is not a key', () => {
      expectRefused(null, /is not a key/);
      expectRefused('a string', /is not a key/);
    });

    it('a key with use "enc"', () => {
      expectRefused(privateJwk(rsa, { use: 'enc' }), /use "enc"/);
    });

    it.each(['none', 'HS999', 'RS512'])('algorithm %s, listing the supported ones', (alg) => {
      expectRefused(
        privateJwk(rsa, { alg }),
        new RegExp(
          `"${alg}", which is not supported.*HS256, HS384, HS512, RS256, PS256, ES256, ES384, EdDSA`,
        ),
      );
    });

    it('an RSA key with alg ES256', () => {
      expectRefused(privateJwk(rsa, { alg: 'ES256' }), /ES256.*needs an EC key on curve P-256/);
    });

    it('an EC P-384 key with alg ES256', () => {
      expectRefused(privateJwk(p384, { alg: 'ES256' }), /needs an EC key on curve P-256/);
    });

    it('an EC P-256 key with alg ES384', () => {
      expectRefused(publicJwk(p256, { alg: 'ES384' }), /needs an EC key on curve P-384/);
    });

    it('an Ed25519 key with alg RS256', () => {
      expectRefused(privateJwk(ed25519, { alg: 'RS256' }), /RS256 needs an RSA key/);
    });

    it('an RSA key with alg EdDSA', () => {
      expectRefused(publicJwk(rsa, { alg: 'EdDSA' }), /EdDSA needs an Ed25519 key/);
    });

    it('a 1024-bit RSA key, asking for 2048 bits', () => {
      expectRefused(privateJwk(rsa1024), /1024 bits.*at least 2048/);
      expectRefused(publicJwk(rsa1024, { alg: 'PS256' }), /at least 2048/);
    });

    it('an oct key of 16 bytes', () => {
      expectRefused(octJwk(16), /16 bytes long.*shorter than 32 bytes/);
    });

    it('an oct key with alg RS256, which needs an asymmetric key', () => {
      expectRefused(octJwk(32, { alg: 'RS256' }), /RS256 needs an asymmetric key/);
    });

    it('an oct JWK without k', () => {
      expectRefused({ kty: 'oct', kid: 'k1' }, /could not be read/);
    });

    it('an RSA public key with alg HS256 (algorithm confusion)', () => {
      expectRefused(publicJwk(rsa, { alg: 'HS256' }), /HS256 needs a symmetric secret/);
    });

    it('an RSA private key with alg HS256 (algorithm confusion)', () => {
      expectRefused(privateJwk(rsa, { alg: 'HS256' }), /HS256 needs a symmetric secret/);
    });

    it('a broken JWK, saying it could not be read', () => {
      const message = expectRefused({ kty: 'RSA', e: 'AQAB', kid: 'broken' }, /could not be read/);
      expect(message).toContain('kid "broken"');
    });

    it('a broken PEM, saying it could not be read', () => {
      expectRefused(
        { kid: 'k1', pem: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' },
        /could not be read/,
      );
    });
  });
});

describe('importRemoteJwk', () => {
  it.each<[string, Pair, JoseAlgorithm]>([
    ['RSA', rsa, 'RS256'],
    ['EC P-256', p256, 'ES256'],
    ['EC P-384', p384, 'ES384'],
    ['Ed25519', ed25519, 'EdDSA'],
  ])('imports a public %s JWK as a verify-only key', (_name, pair, alg) => {
    const key = importRemoteJwk(publicJwk(pair, { kid: 'remote' }));
    expect(key).toBeDefined();
    expect(key?.kid).toBe('remote');
    expect(key?.alg).toBe(alg);
    expect(key?.signKey).toBeUndefined();
    expect(key?.verifyKey.type).toBe('public');
  });

  it.each<[string, Pair]>([
    ['RSA', rsa],
    ['EC', p256],
    ['Ed25519', ed25519],
  ])(
    'ignores the private members of a published %s JWK and returns a verify-only key',
    (_name, pair) => {
      const jwk = privateJwk(pair, { kid: 'leaky' });
      expect(jwk.d).toBeDefined();
      const key = importRemoteJwk(jwk);
      expect(key).toBeDefined();
      expect(key?.signKey).toBeUndefined();
      expect(key?.verifyKey.type).toBe('public');
      expect(key?.verifyKey.export({ format: 'jwk' })).toEqual(
        pair.publicKey.export({ format: 'jwk' }),
      );
    },
  );

  it('does not change the JWK it is given', () => {
    const jwk = privateJwk(rsa);
    const copy = { ...jwk };
    importRemoteJwk(jwk);
    expect(jwk).toEqual(copy);
  });

  it('keeps the alg the JWK names', () => {
    expect(importRemoteJwk(publicJwk(rsa, { alg: 'PS256' }))?.alg).toBe('PS256');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'not a key'],
    ['a number', 42],
    ['an array', []],
    ['a JWK without kid', publicJwk(rsa, { kid: undefined })],
    ['a JWK with an empty kid', publicJwk(rsa, { kid: '' })],
    ['a JWK with a number kid', publicJwk(rsa, { kid: 5 })],
    ['an oct JWK', octJwk(32)],
    ['a JWK with use "enc"', publicJwk(rsa, { use: 'enc' })],
    ['a JWK with unsupported alg RS512', publicJwk(rsa, { alg: 'RS512' })],
    ['a JWK with alg none', publicJwk(rsa, { alg: 'none' })],
    ['an RSA JWK with alg ES256', publicJwk(rsa, { alg: 'ES256' })],
    ['an RSA JWK with alg HS256', publicJwk(rsa, { alg: 'HS256' })],
    ['an EC P-384 JWK with alg ES256', publicJwk(p384, { alg: 'ES256' })],
    ['a 1024-bit RSA JWK', publicJwk(rsa1024)],
    ['an RSA JWK without n', { kty: 'RSA', e: 'AQAB', kid: 'k1' }],
    ['an RSA JWK with a number n', { kty: 'RSA', n: 42, e: 'AQAB', kid: 'k1' }],
    ['an RSA JWK with a garbage n', { kty: 'RSA', n: '!!!', e: 'AQAB', kid: 'k1' }],
    ['an EC JWK with a garbage x', publicJwk(p256, { x: 'zz' })],
    ['a JWK of unknown kty', { kty: 'XYZ', kid: 'k1' }],
  ])('returns undefined for %s', (_case, jwk) => {
    expect(importRemoteJwk(jwk)).toBeUndefined();
  });
});
