import { generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes } from 'node:crypto';
import { type AuthJwk, type AuthKey, importConfiguredKey, importRemoteJwk } from './import-key.js';
import { type JoseAlgorithm } from './jose-algorithm.js';
import { type JoseKey } from './jose-key.js';

/** Private and public halves of a generated key pair. */
interface Pair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const rsa: Pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024: Pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
const p256: Pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384: Pair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521: Pair = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const secp256k1: Pair = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
const ed448: Pair = generateKeyPairSync('ed448');
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
    ['RS384', rsa, 'rsa', undefined],
    ['RS512', rsa, 'rsa', undefined],
    ['PS256', rsa, 'rsa', undefined],
    ['PS384', rsa, 'rsa', undefined],
    ['PS512', rsa, 'rsa', undefined],
    ['ES256', p256, 'ec', 'prime256v1'],
    ['ES384', p384, 'ec', 'secp384r1'],
    ['ES512', p521, 'ec', 'secp521r1'],
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
    ['EC P-521', () => privateJwk(p521), 'ES512'],
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

    it.each(['none', 'HS999', 'ES256K'])('algorithm %s, listing the supported ones', (alg) => {
      expectRefused(
        privateJwk(rsa, { alg }),
        new RegExp(
          `"${alg}", which is not supported.*HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA`,
        ),
      );
    });

    it('a secp256k1 key that names no algorithm', () => {
      expectRefused(privateJwk(secp256k1), /"ec", which is not supported/);
    });

    it('an EC P-521 key with alg ES256', () => {
      expectRefused(privateJwk(p521, { alg: 'ES256' }), /needs an EC key on curve P-256/);
    });

    it('an EC P-256 key with alg ES512', () => {
      expectRefused(publicJwk(p256, { alg: 'ES512' }), /needs an EC key on curve P-521/);
    });

    it('a 1024-bit RSA key for RS512 and PS384', () => {
      expectRefused(publicJwk(rsa1024, { alg: 'RS512' }), /at least 2048/);
      expectRefused(privateJwk(rsa1024, { alg: 'PS384' }), /at least 2048/);
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
  /** The keys of a usable JWK; fails the test when it was refused. */
  function keysOf(jwk: unknown): JoseKey[] {
    const read = importRemoteJwk(jwk);
    if (!('keys' in read)) throw new Error(`refused: ${read.refused}`);
    return read.keys;
  }

  it.each<[string, Pair, JoseAlgorithm]>([
    ['RSA', rsa, 'PS384'],
    ['EC P-256', p256, 'ES256'],
    ['EC P-384', p384, 'ES384'],
    ['EC P-521', p521, 'ES512'],
    ['Ed25519', ed25519, 'EdDSA'],
  ])('imports a public %s JWK naming its alg as one verify-only key', (_name, pair, alg) => {
    const keys = keysOf(publicJwk(pair, { kid: 'remote', alg }));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: 'remote', alg });
    expect(keys[0].signKey).toBeUndefined();
    expect(keys[0].verifyKey.type).toBe('public');
  });

  it.each<[string, Pair, JoseAlgorithm[]]>([
    ['RSA', rsa, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']],
    ['EC P-256', p256, ['ES256']],
    ['EC P-384', p384, ['ES384']],
    ['EC P-521', p521, ['ES512']],
    ['Ed25519', ed25519, ['EdDSA']],
  ])(
    'binds a %s JWK without alg to every asymmetric algorithm it fits, never HMAC',
    (_name, pair, algs) => {
      const keys = keysOf(publicJwk(pair, { kid: 'no-alg' }));
      expect(keys.map((key) => key.alg)).toEqual(algs);
      expect(new Set(keys.map((key) => key.verifyKey)).size).toBe(1);
      expect(keys.every((key) => key.kid === 'no-alg' && key.verifyKey.type === 'public')).toBe(
        true,
      );
    },
  );

  it('accepts a JWK without kid, leaving the choice to the key set', () => {
    const read = importRemoteJwk(publicJwk(p256, { kid: undefined }));
    expect(read).toMatchObject({ kid: undefined, keys: [{ kid: undefined, alg: 'ES256' }] });
  });

  it.each<[string, Pair]>([
    ['RSA', rsa],
    ['EC', p256],
    ['Ed25519', ed25519],
  ])(
    'ignores the private members of a published %s JWK and returns verify-only keys',
    (_name, pair) => {
      const jwk = privateJwk(pair, { kid: 'leaky' });
      expect(jwk.d).toBeDefined();
      for (const key of keysOf(jwk)) {
        expect(key.signKey).toBeUndefined();
        expect(key.verifyKey.type).toBe('public');
        expect(key.verifyKey.export({ format: 'jwk' })).toEqual(
          pair.publicKey.export({ format: 'jwk' }),
        );
      }
    },
  );

  it('does not change the JWK it is given', () => {
    const jwk = privateJwk(rsa);
    const copy = { ...jwk };
    importRemoteJwk(jwk);
    expect(jwk).toEqual(copy);
  });

  it.each<[string, unknown, RegExp, boolean]>([
    ['null', null, /not a JSON object/, false],
    ['a string', 'not a key', /not a JSON object/, false],
    ['a number', 42, /not a JSON object/, false],
    ['an array', [], /not a JSON object/, false],
    ['a JWK with an empty kid', publicJwk(rsa, { kid: '' }), /"kid" is not/, false],
    ['a JWK with a number kid', publicJwk(rsa, { kid: 5 }), /"kid" is not/, false],
    ['an oct JWK', octJwk(32), /symmetric key/, false],
    ['a JWK with use "enc"', publicJwk(rsa, { use: 'enc' }), /use "enc"/, false],
    [
      'a JWK with alg ES256K',
      publicJwk(p256, { alg: 'ES256K' }),
      /"ES256K" is not supported/,
      true,
    ],
    ['a JWK with alg none', publicJwk(rsa, { alg: 'none' }), /"none" is not supported/, true],
    ['a JWK with alg RSA-OAEP', publicJwk(rsa, { alg: 'RSA-OAEP' }), /not supported/, true],
    ['a secp256k1 JWK without alg', publicJwk(secp256k1), /no supported algorithm/, true],
    ['an Ed448 JWK without alg', publicJwk(ed448), /no supported algorithm/, true],
    ['an RSA JWK with alg ES256', publicJwk(rsa, { alg: 'ES256' }), /needs an EC key/, false],
    ['an RSA JWK with alg HS256', publicJwk(rsa, { alg: 'HS256' }), /symmetric secret/, false],
    ['an EC P-384 JWK with alg ES256', publicJwk(p384, { alg: 'ES256' }), /P-256/, false],
    ['an EC P-521 JWK with alg ES384', publicJwk(p521, { alg: 'ES384' }), /P-384/, false],
    ['a 1024-bit RSA JWK', publicJwk(rsa1024), /1024 bits/, false],
    ['a 1024-bit RSA JWK with alg PS512', publicJwk(rsa1024, { alg: 'PS512' }), /1024/, false],
    ['an RSA JWK without n', { kty: 'RSA', e: 'AQAB', kid: 'k1' }, /could not be read/, false],
    ['an RSA JWK with a number n', { kty: 'RSA', n: 42, e: 'AQAB' }, /could not be read/, false],
    ['an RSA JWK with a garbage n', { kty: 'RSA', n: '!!!', e: 'AQAB' }, / 0 bits/, false],
    ['an EC JWK with a garbage x', publicJwk(p256, { x: 'zz' }), /could not be read/, false],
    ['a JWK of unknown kty', { kty: 'XYZ', kid: 'k1' }, /could not be read/, false],
  ])('refuses %s, saying why', (_case, jwk, reason, unsupportedAlgorithm) => {
    const read = importRemoteJwk(jwk);
    expect(read).toMatchObject({ refused: expect.stringMatching(reason), unsupportedAlgorithm });
    expect('keys' in read).toBe(false);
  });
});
