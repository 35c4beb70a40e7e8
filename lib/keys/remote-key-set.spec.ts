import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync, type JsonWebKey, randomBytes, randomUUID } from 'node:crypto';
import { AuthException } from '../errors/auth.exception.js';
import { RemoteKeySet } from './remote-key-set.js';

const JWKS_URL = 'https://issuer.example/.well-known/jwks.json';
const TIMING = { cacheTtl: 60_000, minRefetchInterval: 5_000, timeout: 1_000 };

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
    const key = await keySet.keyFor('ec-1');
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(fetchFn.mock.calls[0][0]).toBe(JWKS_URL);
    expect(fetchFn.mock.calls[0][1]?.signal).toBeInstanceOf(AbortSignal);
    expect(key.kid).toBe('ec-1');
    expect(key.alg).toBe('ES256');
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.type).toBe('public');
    expect(key.verifyKey.export({ format: 'jwk' })).toEqual(ec.publicKey.export({ format: 'jwk' }));
    expect((await keySet.keyFor('rsa-1')).alg).toBe('RS256');
  });

  it('does not fetch again within cacheTtl', async () => {
    await keySet.keyFor('rsa-1');
    t = TIMING.cacheTtl - 1;
    await keySet.keyFor('rsa-1');
    await keySet.keyFor('ec-1');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('never uses the private members of a published key', async () => {
    published = [jwk(rsa, 'leaky', {}, true)];
    const key = await keySet.keyFor('leaky');
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.type).toBe('public');
  });

  it('refetches once for an unknown kid and finds a key the issuer added (rotation)', async () => {
    await keySet.keyFor('rsa-1');
    published = [...published, jwk(ed, 'ed-new')];
    t = TIMING.minRefetchInterval;
    const key = await keySet.keyFor('ed-new');
    expect(key.kid).toBe('ed-new');
    expect(key.alg).toBe('EdDSA');
    expect(fetchFn).toHaveBeenCalledTimes(2);
    await keySet.keyFor('ed-new');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('drops a key the issuer no longer publishes after a refetch', async () => {
    await keySet.keyFor('rsa-1');
    published = [jwk(ed, 'ed-new')];
    t = TIMING.cacheTtl;
    await keySet.keyFor('ed-new');
    expect((await rejection(keySet.keyFor('rsa-1'))).code).toBe('token_invalid');
  });

  it('fetches at most once per minRefetchInterval for a flood of unknown kids', async () => {
    await keySet.keyFor('rsa-1');
    t = TIMING.minRefetchInterval;
    const before = fetchFn.mock.calls.length;
    for (let i = 0; i < 50; i++) {
      const error = await rejection(keySet.keyFor(randomUUID()));
      expect(error.code).toBe('token_invalid');
      expect(error.getStatus()).toBe(401);
      t += 10;
    }
    expect(t - TIMING.minRefetchInterval).toBeLessThan(TIMING.minRefetchInterval);
    expect(fetchFn.mock.calls.length - before).toBeLessThanOrEqual(1);
  });

  it('fetches again for an unknown kid once minRefetchInterval has passed', async () => {
    await keySet.keyFor('rsa-1');
    t = 1;
    expect((await rejection(keySet.keyFor('unknown-1'))).code).toBe('token_invalid');
    expect(fetchFn).toHaveBeenCalledTimes(1);
    t = TIMING.minRefetchInterval;
    expect((await rejection(keySet.keyFor('unknown-2'))).code).toBe('token_invalid');
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
              jwk(rsa, 'no-kid', { kid: undefined }),
            ],
          }),
      ],
      [
        'the answer is too large',
        async () => jsonResponse({ keys: [jwk(rsa, 'rsa-1')], padding: 'x'.repeat(600 * 1024) }),
      ],
    ])('answers 503 jwks_unavailable when %s', async (_case, fail) => {
      failure = fail;
      const error = await rejection(keySet.keyFor('rsa-1'));
      expect(error.code).toBe('jwks_unavailable');
      expect(error.getStatus()).toBe(503);
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('keeps answering jwks_unavailable within minRefetchInterval, without fetching', async () => {
      failure = async () => jsonResponse({}, 500);
      await rejection(keySet.keyFor('rsa-1'));
      t = 1;
      const error = await rejection(keySet.keyFor('rsa-1'));
      expect(error.code).toBe('jwks_unavailable');
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('recovers once the issuer answers again', async () => {
      failure = async () => jsonResponse({}, 500);
      await rejection(keySet.keyFor('rsa-1'));
      failure = undefined;
      t = TIMING.minRefetchInterval;
      expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
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
    const error = await rejection(slow.keyFor('rsa-1'));
    expect(error.code).toBe('jwks_unavailable');
    expect(hanging).toHaveBeenCalledTimes(1);
  });

  describe('when a fetch fails after keys were fetched', () => {
    beforeEach(async () => {
      await keySet.keyFor('rsa-1');
      failure = async () => {
        throw new TypeError('fetch failed');
      };
    });

    it('keeps serving the cached keys, also once they are stale', async () => {
      t = TIMING.cacheTtl + 1;
      expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
      await settle();
      // The stale key triggered a refresh beside the request, and that refresh failed.
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect((await keySet.keyFor('ec-1')).kid).toBe('ec-1');
      t = 10 * TIMING.cacheTtl;
      expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
      await settle();
      expect(fetchFn).toHaveBeenCalledTimes(3);
    });

    it('answers token_invalid, not jwks_unavailable, for an unknown kid', async () => {
      t = TIMING.minRefetchInterval;
      const error = await rejection(keySet.keyFor('unknown'));
      expect(error.code).toBe('token_invalid');
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
    });

    it('keeps the cached keys when the issuer answers with no usable key', async () => {
      failure = async () => jsonResponse({ keys: [] });
      t = TIMING.cacheTtl;
      expect((await keySet.keyFor('ec-1')).kid).toBe('ec-1');
      await settle();
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
    });
  });

  it('refreshes a stale key beside the request and then uses the new key set', async () => {
    await keySet.keyFor('rsa-1');
    published = [jwk(ed, 'ed-new')];
    t = TIMING.cacheTtl;
    expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
    await settle();
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect((await keySet.keyFor('ed-new')).kid).toBe('ed-new');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('shares one fetch between concurrent lookups of an unknown kid', async () => {
    const keys = await Promise.all(Array.from({ length: 10 }, () => keySet.keyFor('rsa-1')));
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(keys.every((key) => key === keys[0] && key.kid === 'rsa-1')).toBe(true);

    published = [...published, jwk(ed, 'ed-new')];
    t = TIMING.minRefetchInterval;
    const rotated = await Promise.all(Array.from({ length: 10 }, () => keySet.keyFor('ed-new')));
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(rotated.map((key) => key.kid)).toEqual(Array(10).fill('ed-new'));
  });

  it('shares one failing fetch between concurrent lookups', async () => {
    failure = async () => jsonResponse({}, 500);
    const errors = await Promise.all(
      Array.from({ length: 10 }, () => rejection(keySet.keyFor('rsa-1'))),
    );
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(errors.map((error) => error.code)).toEqual(Array(10).fill('jwks_unavailable'));
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['a number', 42],
    ['null', null],
    ['an object', { kid: 'rsa-1' }],
  ])('answers token_invalid for a kid that is %s, without fetching', async (_case, kid) => {
    const error = await rejection(keySet.keyFor(kid));
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
    expect((await keySet.keyFor('rsa-1')).kid).toBe('rsa-1');
    expect(fetchFn).toHaveBeenCalledTimes(1);

    failure = async () => {
      throw new TypeError('fetch failed');
    };
    const failing = new RemoteKeySet(JWKS_URL, TIMING, fetchFn, now);
    expect(() => failing.onModuleInit()).not.toThrow();
    await settle();
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });
});
