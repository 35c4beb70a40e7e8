import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync, type JsonWebKey, randomBytes, randomUUID } from 'node:crypto';
import { AuthException } from '../errors/auth.exception.js';
import { RemoteKeySet } from './remote-key-set.js';

const JWKS_URL = 'https://issuer.example/.well-known/jwks.json';
const TIMING = {
  cacheTtl: 60_000,
  minRefetchInterval: 5_000,
  timeout: 1_000,
  maxStaleness: 600_000,
};

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');

/** A published JWK: public members only unless `withPrivate`. */
function jwk(
  pair: typeof rsa,
  kid: string,
  extra: Record<string, unknown> = {},
  withPrivate = false,
): JsonWebKey {
  const key = withPrivate ? pair.privateKey : pair.publicKey;
  return { ...key.export({ format: 'jwk' }), kid, ...extra };
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The code of the AuthException `promise` rejects with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<AuthException> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    return error as AuthException;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Lets background work (a refresh started beside a request) settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('RemoteKeySet', () => {
  let t: number;
  const now = () => t;
  /** What the issuer currently publishes. */
  let published: JsonWebKey[];
  /** What the next fetches do instead of answering `published`, when set. */
  let failure: (() => Promise<Response>) | undefined;
  let fetchFn: jest.Mock<typeof fetch>;
  let keySet: RemoteKeySet;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    t = 0;
    published = [jwk(rsa, 'rsa-1'), jwk(ec, 'ec-1', { alg: 'ES256' })];
    failure = undefined;
    fetchFn = jest.fn<typeof fetch>(async () =>
      failure ? failure() : jsonResponse({ keys: published }),
    );
    keySet = new RemoteKeySet(JWKS_URL, TIMING, fetchFn, now);
  });

  it('fetches on the first lookup and returns the verify-only key with that kid', async () => {
    const key = await keySet.keyFor('ec-1', 'ES256');
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(fetchFn.mock.calls[0][0]).toBe(JWKS_URL);
    expect(fetchFn.mock.calls[0][1]?.signal).toBeInstanceOf(AbortSignal);
    expect(key.kid).toBe('ec-1');
    expect(key.alg).toBe('ES256');
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.type).toBe('public');
    expect(key.verifyKey.export({ format: 'jwk' })).toEqual(ec.publicKey.export({ format: 'jwk' }));
    expect((await keySet.keyFor('rsa-1', 'RS256')).alg).toBe('RS256');
  });

  it('does not fetch again within cacheTtl', async () => {
    await keySet.keyFor('rsa-1', 'RS256');
    t = TIMING.cacheTtl - 1;
    await keySet.keyFor('rsa-1', 'RS256');
    await keySet.keyFor('ec-1', 'ES256');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('never uses the private members of a published key', async () => {
    published = [jwk(rsa, 'leaky', {}, true)];
    const key = await keySet.keyFor('leaky', 'RS256');
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.type).toBe('public');
  });

  it('refetches once for an unknown kid and finds a key the issuer added (rotation)', async () => {
    await keySet.keyFor('rsa-1', 'RS256');
    published = [...published, jwk(ed, 'ed-new')];
    t = TIMING.minRefetchInterval;
    const key = await keySet.keyFor('ed-new', 'EdDSA');
    expect(key.kid).toBe('ed-new');
    expect(key.alg).toBe('EdDSA');
    expect(fetchFn).toHaveBeenCalledTimes(2);
    await keySet.keyFor('ed-new', 'EdDSA');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('drops a key the issuer no longer publishes after a refetch', async () => {
    await keySet.keyFor('rsa-1', 'RS256');
    published = [jwk(ed, 'ed-new')];
    t = TIMING.cacheTtl;
    await keySet.keyFor('ed-new', 'EdDSA');
    expect((await rejection(keySet.keyFor('rsa-1', 'RS256'))).code).toBe('token_invalid');
  });

  it('fetches at most once per minRefetchInterval for a flood of unknown kids', async () => {
    await keySet.keyFor('rsa-1', 'RS256');
    t = TIMING.minRefetchInterval;
    const before = fetchFn.mock.calls.length;
    for (let i = 0; i < 50; i++) {
      const error = await rejection(keySet.keyFor(randomUUID(), 'RS256'));
      expect(error.code).toBe('token_invalid');
      expect(error.getStatus()).toBe(401);
      t += 10;
    }
    expect(t - TIMING.minRefetchInterval).toBeLessThan(TIMING.minRefetchInterval);
    expect(fetchFn.mock.calls.length - before).toBeLessThanOrEqual(1);
  });

  it('fetches again for an unknown kid once minRefetchInterval has passed', async () => {
    await keySet.keyFor('rsa-1', 'RS256');
    t = 1;
    expect((await rejection(keySet.keyFor('unknown-1', 'RS256'))).code).toBe('token_invalid');
    expect(fetchFn).toHaveBeenCalledTimes(1);
    t = TIMING.minRefetchInterval;
    expect((await rejection(keySet.keyFor('unknown-2', 'RS256'))).code).toBe('token_invalid');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  describe('when nothing was ever fetched', () => {
    it.each<[string, () => Promise<Response>]>([
      [
        'the fetch throws',
        async () => {
          throw new TypeError('fetch failed');
        },
      ],
      ['the issuer answers 500', async () => jsonResponse({ keys: [] }, 500)],
      ['the answer is not JSON', async () => new Response('<html>oops</html>', { status: 200 })],
      ['the answer has no keys array', async () => jsonResponse({ keys: 'nope' })],
      ['the answer is JSON null', async () => jsonResponse(null)],
      [
        'no key of the answer is usable',
        async () =>
          jsonResponse({
            keys: [
              { kty: 'oct', kid: 'h', k: randomBytes(32).toString('base64url') },
              jwk(rsa, 'enc', { use: 'enc' }),
              { kty: 'RSA', kid: 'broken' },
              jwk(rsa, 'es256k', { alg: 'ES256K' }),
            ],
          }),
      ],
      [
        'the answer is too large',
        async () => jsonResponse({ keys: [jwk(rsa, 'rsa-1')], padding: 'x'.repeat(600 * 1024) }),
      ],
    ])('answers 503 jwks_unavailable when %s', async (_case, fail) => {
      failure = fail;
      const error = await rejection(keySet.keyFor('rsa-1', 'RS256'));
      expect(error.code).toBe('jwks_unavailable');
      expect(error.getStatus()).toBe(503);
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('keeps answering jwks_unavailable within minRefetchInterval, without fetching', async () => {
      failure = async () => jsonResponse({}, 500);
      await rejection(keySet.keyFor('rsa-1', 'RS256'));
      t = 1;
      const error = await rejection(keySet.keyFor('rsa-1', 'RS256'));
      expect(error.code).toBe('jwks_unavailable');
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('recovers once the issuer answers again', async () => {
      failure = async () => jsonResponse({}, 500);
      await rejection(keySet.keyFor('rsa-1', 'RS256'));
      failure = undefined;
      t = TIMING.minRefetchInterval;
      expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
    });
  });

  it('answers jwks_unavailable when a fetch takes longer than timeout', async () => {
    const hanging = jest.fn<typeof fetch>(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const slow = new RemoteKeySet(JWKS_URL, { ...TIMING, timeout: 20 }, hanging, now);
    const error = await rejection(slow.keyFor('rsa-1', 'RS256'));
    expect(error.code).toBe('jwks_unavailable');
    expect(hanging).toHaveBeenCalledTimes(1);
  });

  describe('when a fetch fails after keys were fetched', () => {
    beforeEach(async () => {
      await keySet.keyFor('rsa-1', 'RS256');
      failure = async () => {
        throw new TypeError('fetch failed');
      };
    });

    it('keeps serving the cached keys once they are stale, up to maxStaleness', async () => {
      t = TIMING.cacheTtl + 1;
      expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
      await settle();
      // The stale key triggered a refresh beside the request, and that refresh failed.
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect((await keySet.keyFor('ec-1', 'ES256')).kid).toBe('ec-1');
      t = TIMING.maxStaleness - 1;
      expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
      await settle();
      expect(fetchFn).toHaveBeenCalledTimes(3);
    });

    it('answers 503 jwks_unavailable once the keys are maxStaleness old', async () => {
      t = TIMING.maxStaleness;
      const error = await rejection(keySet.keyFor('rsa-1', 'RS256'));
      expect(error.code).toBe('jwks_unavailable');
      expect(error.getStatus()).toBe(503);
      expect(fetchFn).toHaveBeenCalledTimes(2);
      // Within minRefetchInterval: no fetch, still unavailable, for known and unknown kids.
      t += 1;
      expect((await rejection(keySet.keyFor('ec-1', 'ES256'))).code).toBe('jwks_unavailable');
      expect((await rejection(keySet.keyFor('unknown', 'RS256'))).code).toBe('jwks_unavailable');
      expect(fetchFn).toHaveBeenCalledTimes(2);
    });

    it('uses fresh keys again as soon as the issuer answers after maxStaleness', async () => {
      t = TIMING.maxStaleness;
      await rejection(keySet.keyFor('rsa-1', 'RS256'));
      failure = undefined;
      t += TIMING.minRefetchInterval;
      expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
      expect(fetchFn).toHaveBeenCalledTimes(3);
      t += TIMING.maxStaleness - 1;
      expect((await keySet.keyFor('ec-1', 'ES256')).kid).toBe('ec-1');
    });

    it('counts maxStaleness from the last fetch that succeeded, not the last attempt', async () => {
      failure = async () => jsonResponse({ keys: [jwk(rsa, 'dup'), jwk(ec, 'dup')] });
      t = TIMING.cacheTtl;
      await keySet.keyFor('rsa-1', 'RS256');
      await settle();
      expect(fetchFn).toHaveBeenCalledTimes(2);
      t = TIMING.maxStaleness;
      expect((await rejection(keySet.keyFor('rsa-1', 'RS256'))).code).toBe('jwks_unavailable');
    });

    it('answers token_invalid, not jwks_unavailable, for an unknown kid', async () => {
      t = TIMING.minRefetchInterval;
      const error = await rejection(keySet.keyFor('unknown', 'RS256'));
      expect(error.code).toBe('token_invalid');
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
    });

    it('keeps the cached keys when the issuer answers with no usable key', async () => {
      failure = async () => jsonResponse({ keys: [] });
      t = TIMING.cacheTtl;
      expect((await keySet.keyFor('ec-1', 'ES256')).kid).toBe('ec-1');
      await settle();
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
    });
  });

  it('refreshes a stale key beside the request and then uses the new key set', async () => {
    await keySet.keyFor('rsa-1', 'RS256');
    published = [jwk(ed, 'ed-new')];
    t = TIMING.cacheTtl;
    expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
    await settle();
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect((await keySet.keyFor('ed-new', 'EdDSA')).kid).toBe('ed-new');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('shares one fetch between concurrent lookups of an unknown kid', async () => {
    const keys = await Promise.all(
      Array.from({ length: 10 }, () => keySet.keyFor('rsa-1', 'RS256')),
    );
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(keys.every((key) => key === keys[0] && key.kid === 'rsa-1')).toBe(true);

    published = [...published, jwk(ed, 'ed-new')];
    t = TIMING.minRefetchInterval;
    const rotated = await Promise.all(
      Array.from({ length: 10 }, () => keySet.keyFor('ed-new', 'EdDSA')),
    );
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(rotated.map((key) => key.kid)).toEqual(Array(10).fill('ed-new'));
  });

  it('shares one failing fetch between concurrent lookups', async () => {
    failure = async () => jsonResponse({}, 500);
    const errors = await Promise.all(
      Array.from({ length: 10 }, () => rejection(keySet.keyFor('rsa-1', 'RS256'))),
    );
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(errors.map((error) => error.code)).toEqual(Array(10).fill('jwks_unavailable'));
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['null', null],
    ['an object', { kid: 'rsa-1' }],
  ])('answers token_invalid for a kid that is %s, without fetching', async (_case, kid) => {
    const error = await rejection(keySet.keyFor(kid, 'RS256'));
    expect(error.code).toBe('token_invalid');
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('publishes no keys and cannot sign', () => {
    expect(keySet.publicKeys()).toEqual([]);
    expect(keySet.signingKey).toBeUndefined();
  });

  it('fetches at start-up, and a failure there only logs', async () => {
    keySet.onModuleInit();
    await settle();
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
    expect(fetchFn).toHaveBeenCalledTimes(1);

    failure = async () => {
      throw new TypeError('fetch failed');
    };
    const failing = new RemoteKeySet(JWKS_URL, TIMING, fetchFn, now);
    expect(() => failing.onModuleInit()).not.toThrow();
    await settle();
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  describe('refusing a key set with duplicate kids', () => {
    const duplicate = () => jsonResponse({ keys: [jwk(rsa, 'same'), jwk(ec, 'same')] });

    it('answers jwks_unavailable when it is the first set fetched', async () => {
      failure = async () => duplicate();
      expect((await rejection(keySet.keyFor('same', 'RS256'))).code).toBe('jwks_unavailable');
    });

    it('keeps the keys fetched before, and logs why', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        await keySet.keyFor('rsa-1', 'RS256');
        failure = async () => duplicate();
        t = TIMING.minRefetchInterval;
        expect((await rejection(keySet.keyFor('same', 'ES256'))).code).toBe('token_invalid');
        expect(fetchFn).toHaveBeenCalledTimes(2);
        expect((await keySet.keyFor('rsa-1', 'RS256')).kid).toBe('rsa-1');
        expect(warn.mock.calls.map(([message]) => String(message))).toContainEqual(
          expect.stringMatching(/two keys have kid "same"; still using the keys fetched before/),
        );
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('algorithms', () => {
    it('lets a key without alg verify each algorithm its type fits, and no other', async () => {
      for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
        expect(await keySet.keyFor('rsa-1', alg)).toMatchObject({ kid: 'rsa-1', alg });
      }
      for (const alg of ['HS256', 'ES256', 'EdDSA']) {
        const error = await rejection(keySet.keyFor('rsa-1', alg));
        expect(error.message).toMatch(/does not match its key/);
      }
      expect((await rejection(keySet.keyFor('ec-1', 'ES384'))).message).toMatch(/does not match/);
    });

    it('refuses an algorithm nothing implements before any fetch, saying so', async () => {
      for (const alg of ['none', 'ES256K', undefined]) {
        const error = await rejection(keySet.keyFor('rsa-1', alg));
        expect(error.code).toBe('token_invalid');
        expect(error.message).toMatch(/unsupported algorithm/);
      }
      expect(fetchFn).not.toHaveBeenCalled();
    });

    it('says "unsupported algorithm" for a token naming a key published with one', async () => {
      published = [...published, jwk(ec, 'k1', { alg: 'ES256K' })];
      const error = await rejection(keySet.keyFor('k1', 'ES256'));
      expect(error.message).toMatch(/unsupported algorithm/);
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('logs each skipped key with its reason once per fetch, not once per request', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        published = [...published, jwk(ec, 'k1', { alg: 'ES256K' }), jwk(rsa, 'e', { use: 'enc' })];
        for (let i = 0; i < 5; i++) await rejection(keySet.keyFor('k1', 'ES256'));
        const lines = () => warn.mock.calls.map(([message]) => String(message));
        expect(lines()).toEqual([
          `The JWKS at ${JWKS_URL}: skipped key #2 (kid "k1"): its alg "ES256K" is not supported`,
          `The JWKS at ${JWKS_URL}: skipped key #3 (kid "e"): it has use "enc", not "sig"`,
        ]);
        t = TIMING.cacheTtl;
        await keySet.keyFor('rsa-1', 'RS256');
        await settle();
        expect(fetchFn).toHaveBeenCalledTimes(2);
        expect(lines()).toHaveLength(4);
      } finally {
        warn.mockRestore();
      }
    });

    it('logs at most a few lines for a set of thousands of junk keys', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        published = [...published, ...Array.from({ length: 5000 }, () => ({}) as JsonWebKey)];
        await keySet.keyFor('rsa-1', 'RS256');
        expect(warn.mock.calls.length).toBeLessThanOrEqual(11);
        expect(String(warn.mock.calls.at(-1)?.[0])).toMatch(/skipped 4990 more keys/);
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('a token without kid', () => {
    it('uses the key of a set holding a single key, published without kid', async () => {
      published = [jwk(ed, 'x', { kid: undefined })];
      expect(await keySet.keyFor(undefined, 'EdDSA')).toMatchObject({ alg: 'EdDSA' });
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('is refused by a set of several keys, after at most one refetch', async () => {
      await keySet.keyFor('rsa-1', 'RS256');
      t = TIMING.minRefetchInterval;
      for (let i = 0; i < 5; i++) {
        expect((await rejection(keySet.keyFor(undefined, 'RS256'))).message).toMatch(/unknown key/);
      }
      expect(fetchFn).toHaveBeenCalledTimes(2);
    });
  });
});
