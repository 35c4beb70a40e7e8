import {
  constants,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { type AuthJwk, importConfiguredKey } from './import-key.js';
import { type JoseAlgorithm } from './jose-algorithm.js';
import { type JoseKey } from './jose-key.js';
import { publicJwks } from './public-jwks.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
const ed25519 = generateKeyPairSync('ed25519').privateKey;

function jwkOf(key: typeof rsa, kid: string, alg: JoseAlgorithm): AuthJwk {
  return { ...key.export({ format: 'jwk' }), kid, alg };
}

const rs256 = importConfiguredKey(jwkOf(rsa, 'rsa-1', 'RS256'), 0);
const ps256 = importConfiguredKey(jwkOf(rsa, 'pss-1', 'PS256'), 1);
const es256 = importConfiguredKey(jwkOf(p256, 'ec-1', 'ES256'), 2);
const es384 = importConfiguredKey(jwkOf(p384, 'ec-2', 'ES384'), 3);
const eddsa = importConfiguredKey(jwkOf(ed25519, 'ed-1', 'EdDSA'), 4);
const hs256 = importConfiguredKey(
  { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'hmac-1' },
  5,
);
const verifyOnly = importConfiguredKey(
  { ...createPublicKey(p256).export({ format: 'jwk' }), kid: 'ec-public', alg: 'ES256' },
  6,
);

/** The other algorithms, for the sign-and-verify round trip only. */
const MORE = (['RS384', 'RS512', 'PS384', 'PS512'] as const).map((alg, index) =>
  importConfiguredKey(jwkOf(rsa, `more-${alg}`, alg), index),
);
const es512 = importConfiguredKey(jwkOf(p521, 'ec-3', 'ES512'), 0);

const ALL: JoseKey[] = [rs256, hs256, ps256, es256, es384, eddsa, verifyOnly];

/** How node:crypto signs for each asymmetric algorithm. */
const SIGNING: Record<
  Exclude<JoseAlgorithm, 'HS256' | 'HS384' | 'HS512'>,
  { digest: string | null; options?: { padding: number; saltLength: number } }
> = {
  RS256: { digest: 'sha256' },
  RS384: { digest: 'sha384' },
  RS512: { digest: 'sha512' },
  PS256: {
    digest: 'sha256',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  },
  PS384: {
    digest: 'sha384',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 },
  },
  PS512: {
    digest: 'sha512',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 },
  },
  ES256: { digest: 'sha256' },
  ES384: { digest: 'sha384' },
  ES512: { digest: 'sha512' },
  EdDSA: { digest: null },
};

describe('publicJwks', () => {
  const published = publicJwks(ALL).keys;

  it('publishes one entry per asymmetric key, in order, and not the oct key', () => {
    expect(published.map((jwk) => jwk.kid)).toEqual([
      'rsa-1',
      'pss-1',
      'ec-1',
      'ec-2',
      'ed-1',
      'ec-public',
    ]);
    expect(published.some((jwk) => jwk.kid === 'hmac-1' || jwk.kty === 'oct')).toBe(false);
  });

  it('gives every entry its kid, alg and use "sig"', () => {
    for (const [index, key] of ALL.filter((k) => k !== hs256).entries()) {
      expect(published[index]).toMatchObject({ kid: key.kid, alg: key.alg, use: 'sig' });
    }
  });

  it('carries the public members of each key type', () => {
    const byKid = new Map(published.map((jwk) => [jwk.kid, jwk]));
    expect(byKid.get('rsa-1')).toMatchObject({
      kty: 'RSA',
      n: rsa.export({ format: 'jwk' }).n,
      e: 'AQAB',
    });
    const ec256 = p256.export({ format: 'jwk' });
    expect(byKid.get('ec-1')).toMatchObject({ kty: 'EC', crv: 'P-256', x: ec256.x, y: ec256.y });
    const ec384 = p384.export({ format: 'jwk' });
    expect(byKid.get('ec-2')).toMatchObject({ kty: 'EC', crv: 'P-384', x: ec384.x, y: ec384.y });
    expect(byKid.get('ed-1')).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      x: ed25519.export({ format: 'jwk' }).x,
    });
  });

  it('never publishes a private member', () => {
    expect(published.length).toBeGreaterThan(0);
    for (const jwk of published) {
      for (const member of PRIVATE_MEMBERS) {
        expect({ kid: jwk.kid, member, present: member in jwk }).toEqual({
          kid: jwk.kid,
          member,
          present: false,
        });
      }
    }
    expect(JSON.stringify(publicJwks(ALL))).not.toContain(String(rsa.export({ format: 'jwk' }).d));
  });

  it('gives { keys: [] } for HMAC keys only', () => {
    expect(publicJwks([hs256])).toEqual({ keys: [] });
    expect(publicJwks([])).toEqual({ keys: [] });
  });

  it.each([rs256, ps256, es256, es384, eddsa, es512, ...MORE])(
    'publishes a JWK that verifies what the private key signs ($alg)',
    (key) => {
      const [jwk] = publicJwks([key]).keys;
      const { digest, options } = SIGNING[key.alg as keyof typeof SIGNING];
      const verifier = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      const data = Buffer.from(`signed by ${key.kid}`);
      const signature = sign(digest, data, { key: key.signKey!, ...options });
      expect(verify(digest, data, { key: verifier, ...options }, signature)).toBe(true);
      expect(
        verify(digest, Buffer.from('tampered'), { key: verifier, ...options }, signature),
      ).toBe(false);
    },
  );

  it('never accepts a key it cannot publish (an RSA-PSS PEM key for PS256)', () => {
    // keyMismatch() accepts RSA-PSS keys for PS256, but node:crypto cannot export them as a
    // JWK. Either the key is refused at start-up with a configuration error, or it is published.
    const pem = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    let failure: string | undefined;
    try {
      publicJwks([importConfiguredKey({ kid: 'pss-pem', alg: 'PS256', pem }, 0)]);
    } catch (error) {
      failure = (error as Error).message;
    }
    expect(failure === undefined ? 'published' : failure).toMatch(
      /^published$|^nest-jwt-auth: keys\[0\]/,
    );
  });
});
