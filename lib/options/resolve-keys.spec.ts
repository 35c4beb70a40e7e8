import { generateKeyPairSync } from 'node:crypto';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { LocalKeySet } from '../keys/key-set.js';
import { resolveKeys } from './resolve-keys.js';

const SECRET = 'a-secret-of-more-than-32-bytes-0123456789';
const JWKS_URL = 'https://issuer.example/.well-known/jwks.json';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');

const rsaPrivate = { ...rsa.privateKey.export({ format: 'jwk' }), kid: 'rsa-1' };
const ecPublic = { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-public' };
const edPrivate = { ...ed.privateKey.export({ format: 'jwk' }), kid: 'ed-1' };

function resolve(options: Record<string, unknown>) {
  return resolveKeys(options as unknown as AuthModuleOptions);
}

function resourceServer(overrides: Record<string, unknown> = {}) {
  return resolve({
    jwksUrl: JWKS_URL,
    issuer: 'https://issuer.example',
    audience: 'api',
    ...overrides,
  });
}

describe('resolveKeys', () => {
  describe('with a secret', () => {
    it('makes one HS256 key without kid, in issuer mode', () => {
      const resolved = resolve({ secret: SECRET });
      expect(resolved.mode).toBe('issuer');
      expect(resolved.jwks).toBeUndefined();
      expect(resolved.keys).toHaveLength(1);
      const [key] = resolved.keys;
      expect(key.alg).toBe('HS256');
      expect(key.kid).toBeUndefined();
      expect(key.signKey).toBe(key.verifyKey);
      expect(key.verifyKey.type).toBe('secret');
      expect(key.verifyKey.export().toString('utf8')).toBe(SECRET);
    });

    it('uses the HMAC algorithm given', () => {
      expect(resolve({ secret: SECRET, algorithm: 'HS384' }).keys[0].alg).toBe('HS384');
    });

    it('refuses a non-HMAC algorithm', () => {
      expect(() => resolve({ secret: SECRET, algorithm: 'RS256' })).toThrow(
        /^nest-jwt-auth: algorithm 'RS256' is not supported with a secret/,
      );
    });
  });

  describe('with keys', () => {
    it('imports the keys in order, in issuer mode; the first private one signs', () => {
      const resolved = resolve({ keys: [ecPublic, rsaPrivate, edPrivate] });
      expect(resolved.mode).toBe('issuer');
      expect(resolved.jwks).toBeUndefined();
      expect(resolved.keys.map((key) => [key.kid, key.alg])).toEqual([
        ['ec-public', 'ES256'],
        ['rsa-1', 'RS256'],
        ['ed-1', 'EdDSA'],
      ]);
      expect(resolved.keys.map((key) => key.signKey?.type)).toEqual([
        undefined,
        'private',
        'private',
      ]);
      expect(new LocalKeySet(resolved.keys).signingKey?.kid).toBe('rsa-1');
    });

    it.each([
      ['an empty array', []],
      ['not an array', 'rsa-1'],
    ])('refuses keys that are %s', (_case, keys) => {
      expect(() => resolve({ keys })).toThrow(/^nest-jwt-auth: 'keys' must be a non-empty array/);
    });

    it('refuses a duplicate kid, naming it', () => {
      expect(() => resolve({ keys: [rsaPrivate, { ...edPrivate, kid: 'rsa-1' }] })).toThrow(
        /^nest-jwt-auth: two keys have kid "rsa-1"/,
      );
    });

    it('refuses keys that are all public', () => {
      expect(() =>
        resolve({ keys: [ecPublic, { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r' }] }),
      ).toThrow(/^nest-jwt-auth: no key in 'keys' holds private material/);
    });

    it('names the index of a bad key', () => {
      expect(() => resolve({ keys: [rsaPrivate, { ...edPrivate, kid: '' }] })).toThrow(
        /^nest-jwt-auth: keys\[1\] has no "kid"/,
      );
    });
  });

  describe('with jwksUrl', () => {
    it('resolves resource-server mode with the default timing', () => {
      expect(resourceServer()).toEqual({
        mode: 'resource-server',
        keys: [],
        jwks: {
          url: JWKS_URL,
          cacheTtl: 600_000,
          minRefetchInterval: 30_000,
          timeout: 5_000,
          maxStaleness: 86_400_000,
        },
      });
    });

    it('reads the jwks durations in milliseconds', () => {
      const { jwks } = resourceServer({
        jwks: { cacheTtl: '1m', minRefetchInterval: 5, timeout: '2s', maxStaleness: '2h' },
      });
      expect(jwks).toEqual({
        url: JWKS_URL,
        cacheTtl: 60_000,
        minRefetchInterval: 5_000,
        timeout: 2_000,
        maxStaleness: 7_200_000,
      });
    });

    it('refuses a jwks.maxStaleness shorter than jwks.cacheTtl', () => {
      expect(() => resourceServer({ jwks: { cacheTtl: '10m', maxStaleness: '5m' } })).toThrow(
        /^nest-jwt-auth: jwks\.maxStaleness is shorter than jwks\.cacheTtl/,
      );
      expect(resourceServer({ jwks: { cacheTtl: '10m', maxStaleness: '10m' } }).jwks).toMatchObject(
        { cacheTtl: 600_000, maxStaleness: 600_000 },
      );
    });

    it.each(['issuer', 'audience'])('refuses a jwksUrl without %s', (missing) => {
      expect(() => resourceServer({ [missing]: undefined })).toThrow(
        /^nest-jwt-auth: jwksUrl needs issuer and audience/,
      );
    });

    it.each(['ftp://x', 'not a url', 'https://', 'https://a b'])(
      'refuses jwksUrl %j',
      (jwksUrl) => {
        expect(() => resourceServer({ jwksUrl })).toThrow(
          `nest-jwt-auth: jwksUrl ${JSON.stringify(jwksUrl)} is not an http(s) URL.`,
        );
      },
    );

    it.each([
      ['cacheTtl', 'soon'],
      ['minRefetchInterval', 0],
      ['timeout', -1],
      ['maxStaleness', 'forever'],
    ])('refuses jwks.%s %j, naming the option', (name, value) => {
      expect(() => resourceServer({ jwks: { [name]: value } })).toThrow(
        new RegExp(`^nest-jwt-auth: jwks\\.${name} is ${JSON.stringify(value)}\\.`),
      );
    });
  });

  describe('choosing how tokens are signed', () => {
    it.each([
      ['missing', {}],
      ['null or empty', { secret: null, keys: null, jwksUrl: '' }],
    ])('refuses when all are %s', (_case, options) => {
      expect(() => resolve(options)).toThrow(/^nest-jwt-auth: no secret was given/);
    });

    it.each<[string, Record<string, unknown>]>([
      ['secret and keys', { secret: SECRET, keys: [rsaPrivate] }],
      ['secret and jwksUrl', { secret: SECRET, jwksUrl: JWKS_URL }],
      ['keys and jwksUrl', { keys: [rsaPrivate], jwksUrl: JWKS_URL }],
    ])('refuses %s together', (names, options) => {
      expect(() => resolve(options)).toThrow(`nest-jwt-auth: ${names} were given together.`);
      expect(() => resolve(options)).toThrow(/Give exactly one of them/);
    });

    it('refuses all three together', () => {
      expect(() => resolve({ secret: SECRET, keys: [rsaPrivate], jwksUrl: JWKS_URL })).toThrow(
        /secret and keys and jwksUrl .*exactly one/,
      );
    });
  });
});
