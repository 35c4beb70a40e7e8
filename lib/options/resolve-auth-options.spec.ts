import { EventEmitter } from 'node:events';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { MemorySessionStore } from '../sessions/memory-session-store.js';
import { type RedisStoreOption } from '../store/redis-client.js';
import { resolveAuthOptions } from './resolve-auth-options.js';

const SECRET = 'a-secret-of-more-than-32-bytes-0123456789';

/** Valid options plus `overrides`; `undefined` values are kept, to test missing options. */
function options(overrides: Record<string, unknown> = {}): AuthModuleOptions {
  return { secret: SECRET, store: 'memory', ...overrides } as AuthModuleOptions;
}

describe('resolveAuthOptions', () => {
  it('applies the defaults', () => {
    const resolved = resolveAuthOptions(options());
    expect(resolved).toMatchObject({
      mode: 'issuer',
      accessTokenTtl: 900,
      refreshTokenTtl: 604800,
      sessionMaxLifetime: 2592000,
      clockToleranceSeconds: 0,
      refreshReuseGraceSeconds: 0,
      maxTokenLength: 8192,
      store: 'memory',
    });
    expect(resolved.keys.map((key) => key.alg)).toEqual(['HS256']);
    expect(resolved.jwks).toBeUndefined();
    expect(resolved.issuer).toBeUndefined();
    expect(resolved.audience).toBeUndefined();
    expect(resolved.claims({ sub: 'ann' })).toEqual({});
  });

  it('reads durations and keeps the other options', () => {
    const resolved = resolveAuthOptions(
      options({
        algorithm: 'HS512',
        accessTokenTtl: '5m',
        refreshTokenTtl: 3600,
        issuer: 'me',
        audience: 'you',
        clockToleranceSeconds: 5,
        maxTokenLength: 128,
      }),
    );
    expect(resolved.keys[0].alg).toBe('HS512');
    expect(resolved).toMatchObject({
      accessTokenTtl: 300,
      refreshTokenTtl: 3600,
      issuer: 'me',
      audience: 'you',
      clockToleranceSeconds: 5,
      maxTokenLength: 128,
    });
  });

  it('turns the secret into a symmetric KeyObject of its bytes', () => {
    const [{ verifyKey: key, signKey, kid }] = resolveAuthOptions(options()).keys;
    expect(signKey).toBe(key);
    expect(kid).toBeUndefined();
    expect(key.type).toBe('secret');
    expect(key.symmetricKeySize).toBe(Buffer.byteLength(SECRET));
    expect(key.export().toString('utf8')).toBe(SECRET);
  });

  it('accepts a Buffer secret of 32 bytes', () => {
    const [{ verifyKey: key }] = resolveAuthOptions(options({ secret: Buffer.alloc(32, 7) })).keys;
    expect(key.symmetricKeySize).toBe(32);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('refuses a %s secret, saying how to make one', (_case, secret) => {
    expect(() => resolveAuthOptions(options({ secret }))).toThrow(
      /no secret was given.*at least 32 random bytes.*randomBytes/,
    );
  });

  it('refuses a 31-byte secret, saying how long it must be', () => {
    expect(() => resolveAuthOptions(options({ secret: 'x'.repeat(31) }))).toThrow(
      /31 bytes long.*at least 32/,
    );
  });

  it('counts bytes, not characters', () => {
    // 16 two-byte characters: 32 bytes.
    const [{ verifyKey }] = resolveAuthOptions(options({ secret: 'é'.repeat(16) })).keys;
    expect(verifyKey.symmetricKeySize).toBe(32);
  });

  it.each([1234567890, { length: 40 }, ['x'.repeat(40)]])(
    'refuses the non-string secret %p',
    (secret) => {
      expect(() => resolveAuthOptions(options({ secret }))).toThrow(/must be a string or a Buffer/);
    },
  );

  it.each(['none', 'RS256', 'hs256'])('refuses algorithm %p, naming the supported ones', (alg) => {
    expect(() => resolveAuthOptions(options({ algorithm: alg }))).toThrow(
      /not supported.*HS256, HS384, HS512/,
    );
  });

  it.each([
    ['accessTokenTtl', 'soon'],
    ['accessTokenTtl', 0],
    ['refreshTokenTtl', -1],
    ['refreshTokenTtl', 1.5],
    ['sessionMaxLifetime', '1w'],
  ])('refuses %s: %p, saying what a duration looks like', (name, value) => {
    expect(() => resolveAuthOptions(options({ [name]: value }))).toThrow(
      new RegExp(`${name} is .*not a duration.*'15m'`),
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses clockToleranceSeconds %p', (value) => {
    expect(() => resolveAuthOptions(options({ clockToleranceSeconds: value }))).toThrow(
      /clockToleranceSeconds is .*whole number of seconds, 0 or more/,
    );
  });

  it('keeps refreshIdentity, unset by default', async () => {
    expect(resolveAuthOptions(options()).refreshIdentity).toBeUndefined();
    const refreshIdentity = async () => null;
    expect(resolveAuthOptions(options({ refreshIdentity })).refreshIdentity).toBe(refreshIdentity);
  });

  it('refuses sessions no longer than twice the clock tolerance: their tokens would end at once', () => {
    for (const shortest of [{ refreshTokenTtl: 10 }, { sessionMaxLifetime: '10s' }]) {
      expect(() => resolveAuthOptions(options({ ...shortest, clockToleranceSeconds: 5 }))).toThrow(
        /a session lasts 10 s .*not more than twice clockToleranceSeconds \(5 s\)/,
      );
      expect(
        resolveAuthOptions(options({ ...shortest, clockToleranceSeconds: 4 }))
          .clockToleranceSeconds,
      ).toBe(4);
    }
  });

  it('refuses maxTokenLength below 128', () => {
    expect(() => resolveAuthOptions(options({ maxTokenLength: 127 }))).toThrow(
      /maxTokenLength is 127.*use 128 or more/,
    );
  });

  it.each([
    ['issuer', ''],
    ['audience', 42],
  ])('refuses %s %p', (name, value) => {
    expect(() => resolveAuthOptions(options({ [name]: value }))).toThrow(
      new RegExp(`${name} must be a non-empty string`),
    );
  });

  it.each([
    ['validateCredentials', 'validateCredentials must be a function'],
    ['refreshIdentity', 'refreshIdentity must be a function'],
    ['claims', 'claims must be a function'],
  ])('refuses a %s that is not a function', (name, message) => {
    expect(() => resolveAuthOptions(options({ [name]: 'yes' }))).toThrow(message);
  });

  it('refuses missing options', () => {
    expect(() => resolveAuthOptions(undefined as unknown as AuthModuleOptions)).toThrow(
      /given no options.*\{ secret, store \}/,
    );
  });

  describe('store', () => {
    it.each([
      ['missing', undefined],
      ['an empty object', {}],
      ['an unknown string', 'redis'],
      ['a denylist without sessions', { denylist: new MemoryDenylist() }],
    ])('refuses a store that is %s, listing the choices', (_case, store) => {
      expect(() => resolveAuthOptions(options({ store }))).toThrow(
        /'store' option is missing or not understood.*store: 'memory'/,
      );
    });

    it('refuses an unknown store key, listing the known ones', () => {
      expect(() => resolveAuthOptions(options({ store: { mongo: 'mongodb://' } }))).toThrow(
        /unknown option store.mongo.*Known options of store: redis, keyPrefix, denylist/,
      );
    });

    it('refuses store.redis undefined, asking whether REDIS_URL is set', () => {
      expect(() => resolveAuthOptions(options({ store: { redis: undefined } }))).toThrow(
        /store.redis is undefined.*is REDIS_URL set\?/,
      );
    });

    it('accepts a Redis URL and custom stores as given', () => {
      const redis = { redis: 'redis://127.0.0.1:6379', keyPrefix: 'p:' };
      expect(resolveAuthOptions(options({ store: redis })).store).toBe(redis);
      const custom = { denylist: new MemoryDenylist(), sessions: new MemorySessionStore() };
      expect(resolveAuthOptions(options({ store: custom })).store).toBe(custom);
    });

    describe('memory with NODE_ENV=production', () => {
      const original = process.env.NODE_ENV;

      beforeEach(() => {
        process.env.NODE_ENV = 'production';
      });

      afterEach(() => {
        if (original === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = original;
      });

      it('is refused, pointing to Redis and the explicit switch', () => {
        expect(() => resolveAuthOptions(options())).toThrow(
          /NODE_ENV=production.*store: \{ redis: process.env.REDIS_URL \}.*allowMemoryStoreInProduction: true/,
        );
      });

      it('starts with allowMemoryStoreInProduction', () => {
        const resolved = resolveAuthOptions(options({ allowMemoryStoreInProduction: true }));
        expect(resolved.store).toBe('memory');
      });
    });
  });

  describe('verifiedTokenCache and revocationMirror', () => {
    it('caches by default, and mirrors by default wherever the mirror works', () => {
      const resolved = resolveAuthOptions(options());
      expect(resolved.verifiedTokenCache).toEqual({ maxEntries: 10000, ttl: 60 });
      expect(resolved.revocationMirror).toBe(false);
      const onRedis = (redis: RedisStoreOption, extra = {}) =>
        resolveAuthOptions(options({ store: { redis }, ...extra })).revocationMirror;
      expect(onRedis('redis://127.0.0.1:6379')).toBe(true);
      expect(onRedis({ sentinels: [{ host: '127.0.0.1', port: 26379 }], name: 'main' })).toBe(true);
      expect(onRedis('redis://127.0.0.1:6379', { revocationMirror: false })).toBe(false);
      const custom = { denylist: new MemoryDenylist(), sessions: new MemorySessionStore() };
      expect(resolveAuthOptions(options({ store: custom })).revocationMirror).toBe(false);
    });

    it('mirrors by default on a Redis Cluster too, given as seed nodes or as a client', () => {
      const seeds = { cluster: ['127.0.0.1:7000'] };
      const client = Object.assign(new EventEmitter(), { sendCommand: () => {}, isCluster: true });
      for (const redis of [seeds, client as unknown as RedisStoreOption]) {
        expect(resolveAuthOptions(options({ store: { redis } })).revocationMirror).toBe(true);
        expect(
          resolveAuthOptions(options({ store: { redis }, revocationMirror: false }))
            .revocationMirror,
        ).toBe(false);
      }
    });

    it('reads the cache size and ttl, and false turns the cache off', () => {
      expect(
        resolveAuthOptions(options({ verifiedTokenCache: { maxEntries: 5, ttl: '2m' } }))
          .verifiedTokenCache,
      ).toEqual({ maxEntries: 5, ttl: 120 });
      expect(resolveAuthOptions(options({ verifiedTokenCache: false })).verifiedTokenCache).toBe(
        null,
      );
    });

    it.each([
      [{ maxEntries: 0 }, /maxEntries is 0/],
      [{ maxEntries: 1.5 }, /maxEntries is 1.5/],
      [{ ttl: 'soon' }, /verifiedTokenCache.ttl/],
      [true, /must be an object or false/],
    ])('refuses verifiedTokenCache %p', (verifiedTokenCache, message) => {
      expect(() => resolveAuthOptions(options({ verifiedTokenCache }))).toThrow(message);
    });

    it('refuses revocationMirror without the Redis store, and a non-boolean', () => {
      expect(() => resolveAuthOptions(options({ revocationMirror: true }))).toThrow(
        /revocationMirror needs the Redis store/,
      );
      expect(() =>
        resolveAuthOptions(
          options({ revocationMirror: 'yes', store: { redis: 'redis://127.0.0.1:6379' } }),
        ),
      ).toThrow(/must be true or false/);
      expect(
        resolveAuthOptions(
          options({ revocationMirror: true, store: { redis: 'redis://127.0.0.1:6379' } }),
        ).revocationMirror,
      ).toBe(true);
    });
  });

  it('reads maxSessionsPerUser and refuses a cap below 1 or not whole', () => {
    expect(resolveAuthOptions(options()).maxSessionsPerUser).toBeUndefined();
    expect(resolveAuthOptions(options({ maxSessionsPerUser: 5 })).maxSessionsPerUser).toBe(5);
    for (const cap of [0, -1, 2.5, '3']) {
      expect(() => resolveAuthOptions(options({ maxSessionsPerUser: cap }))).toThrow(
        /maxSessionsPerUser is/,
      );
    }
  });

  it('uses Date.now as clock unless given one, and refuses a clock that is not a function', () => {
    expect(resolveAuthOptions(options()).clock).toBe(Date.now);
    const clock = () => 42;
    expect(resolveAuthOptions(options({ clock })).clock).toBe(clock);
    expect(() => resolveAuthOptions(options({ clock: 42 }))).toThrow(/clock must be a function/);
    expect(() => resolveAuthOptions(options({ onAuthEvent: 'log' }))).toThrow(
      /onAuthEvent must be a function/,
    );
  });

  it('emits on EventEmitter2 unless eventEmitter is false, and refuses a non-boolean', () => {
    expect(resolveAuthOptions(options()).eventEmitter).toBe(true);
    expect(resolveAuthOptions(options({ eventEmitter: false })).eventEmitter).toBe(false);
    expect(() => resolveAuthOptions(options({ eventEmitter: 'yes' }))).toThrow(
      /eventEmitter must be true or false/,
    );
  });

  it('presets Express prototypes unless presetExpressPrototypes is false; refuses a non-boolean', () => {
    expect(resolveAuthOptions(options()).presetExpressPrototypes).toBe(true);
    const off = resolveAuthOptions(options({ presetExpressPrototypes: false }));
    expect(off.presetExpressPrototypes).toBe(false);
    expect(() => resolveAuthOptions(options({ presetExpressPrototypes: 1 }))).toThrow(
      /presetExpressPrototypes must be true or false/,
    );
  });
});
