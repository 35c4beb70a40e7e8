import { jest } from '@jest/globals';
import { codeOf } from '../../test/support/auth-errors.js';
import { DENIAL_MARGIN_SECONDS } from '../denylist/denial-ttl.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { MemoryLoginAttemptStore } from '../login-attempts/memory-login-attempt-store.js';
import { newApiKey } from './api-key-format.js';
import { ApiKeys } from './api-keys.service.js';
import { MemoryApiKeyStore } from './memory-api-key-store.js';

function setUp({ maxFailedLookupsPerIp = 3 } = {}) {
  let now = 1_000_000;
  const store = new MemoryApiKeyStore();
  const denylist = new MemoryDenylist();
  const options = {
    clock: () => now,
    clockToleranceSeconds: 0,
    verifiedTokenCache: { maxEntries: 100, ttl: 60 },
    apiKeys: { maxKeysPerUser: 5, maxFailedLookupsPerIp, failedLookupWindowSeconds: 900 },
  };
  const keys = new ApiKeys(options, store, denylist, new MemoryLoginAttemptStore());
  return { keys, store, denylist, advance: (ms: number) => (now += ms) };
}

afterEach(() => jest.restoreAllMocks());

describe('ApiKeys', () => {
  it('stores the hash of the secret, never the key', async () => {
    const { keys, store } = setUp();
    const created = await keys.create('ann', { name: 'ci', roles: ['user'] });
    const stored = await store.get(created.id);
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(27));
    expect(stored).toMatchObject({ sub: 'ann', roles: ['user'], hash: expect.any(String) });
  });

  it('asks the store once, then verifies the key from its cache', async () => {
    const { keys, store } = setUp();
    const { key, id } = await keys.create('ann', { name: 'ci', scopes: ['a', 'b'] });
    const get = jest.spyOn(store, 'get');
    const verified = await keys.verify(key, '10.0.0.1');
    expect(verified.user).toEqual({ sub: 'ann', roles: [], scopes: ['a', 'b'], apiKeyId: id });
    expect(verified.claims).toMatchObject({ scope: 'a b', amr: ['apikey'], api_key_id: id });
    expect(verified.claims).not.toHaveProperty('sid');
    await keys.verify(key, '10.0.0.1');
    await keys.verify(key, '10.0.0.1');
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('records the last use at most once a minute', async () => {
    const { keys, store } = setUp();
    const { key } = await keys.create('ann', { name: 'ci' });
    const touch = jest.spyOn(store, 'touch');
    await Promise.all(Array.from({ length: 20 }, () => keys.verify(key)));
    expect(touch).toHaveBeenCalledTimes(1);
  });

  it('refuses a key whose deletion failed after its denial, and finishes the deletion', async () => {
    const { keys, store } = setUp();
    const { key, id } = await keys.create('ann', { name: 'ci' });
    await keys.verify(key);
    const remove = jest.spyOn(store, 'delete').mockRejectedValueOnce(new Error('down'));
    expect(await codeOf(keys.revoke('ann', id))).toBe('auth_store_unavailable');
    expect(await store.get(id)).not.toBeNull();
    expect(await codeOf(keys.verify(key))).toBe('api_key_invalid');
    await new Promise((resolve) => setImmediate(resolve));
    expect(remove).toHaveBeenCalledTimes(2);
    expect(await store.get(id)).toBeNull();
  });

  it('changes nothing when the denial cannot be written', async () => {
    const { keys, store, denylist } = setUp();
    const { key, id } = await keys.create('ann', { name: 'ci' });
    jest.spyOn(denylist, 'add').mockRejectedValueOnce(new Error('down'));
    const remove = jest.spyOn(store, 'delete');
    expect(await codeOf(keys.revoke('ann', id))).toBe('auth_store_unavailable');
    expect(remove).not.toHaveBeenCalled();
    expect((await keys.verify(key)).user.sub).toBe('ann');
  });

  it('denies for the key’s remaining life, then only as long as caches need', async () => {
    const { keys, denylist } = setUp();
    const { id } = await keys.create('ann', { name: 'ci', expiresIn: 3600 });
    const add = jest.spyOn(denylist, 'add');
    expect(await keys.revoke('ann', id)).toBe(true);
    expect(add.mock.calls).toEqual([
      ['ann', `key:${id}`, 3600 + DENIAL_MARGIN_SECONDS],
      ['ann', `key:${id}`, 60 + DENIAL_MARGIN_SECONDS],
    ]);
  });

  it("revokes only the user's own keys", async () => {
    const { keys } = setUp();
    const { key, id } = await keys.create('ann', { name: 'ci' });
    expect(await keys.revoke('eve', id)).toBe(false);
    expect((await keys.verify(key)).user.sub).toBe('ann');
    await keys.revokeAll('ann');
    expect(await codeOf(keys.verify(key))).toBe('api_key_invalid');
    expect(await keys.list('ann')).toEqual([]);
  });

  it('refuses an expired key, even from the cache', async () => {
    const { keys, advance } = setUp();
    const { key } = await keys.create('ann', { name: 'ci', expiresIn: 60 });
    await keys.verify(key);
    advance(60_000);
    expect(await codeOf(keys.verify(key))).toBe('api_key_invalid');
  });

  it('counts failed lookups per IP, not good keys, and not without an IP', async () => {
    const { keys } = setUp({ maxFailedLookupsPerIp: 2 });
    const { key } = await keys.create('ann', { name: 'ci' });
    const unknown = newApiKey().key;
    for (let i = 0; i < 5; i++) await keys.verify(key, '10.0.0.9');
    expect(await codeOf(keys.verify(unknown, '10.0.0.9'))).toBe('api_key_invalid');
    expect(await codeOf(keys.verify(unknown, '10.0.0.9'))).toBe('api_key_invalid');
    expect(await codeOf(keys.verify(unknown, '10.0.0.9'))).toBe('too_many_attempts');
    expect(await codeOf(keys.verify(unknown, '10.0.0.8'))).toBe('api_key_invalid');
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(keys.verify(unknown))).toBe('api_key_invalid');
    }
  });

  it('refuses bad input with 400 validation_failed', async () => {
    const { keys } = setUp();
    for (const options of [
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'x', roles: [''] },
      { name: 'x', scopes: ['a b'] },
      { name: 'x', expiresIn: '7d' as unknown as number },
      { name: 'x', expiresIn: 1.5 },
      { name: 'x', expiresIn: -1 },
    ]) {
      expect(await codeOf(keys.create('ann', options))).toBe('validation_failed');
    }
  });

  it('refuses an expiry past ten years, which Date and Redis TTLs cannot all hold, storing nothing', async () => {
    const { keys } = setUp();
    const tenYears = 10 * 366 * 86400;
    expect((await keys.create('ann', { name: 'x', expiresIn: tenYears })).expiresAt).not.toBeNull();
    for (const expiresIn of [tenYears + 1, 1e15, Number.MAX_SAFE_INTEGER]) {
      expect(await codeOf(keys.create('ann', { name: 'x', expiresIn }))).toBe('validation_failed');
    }
    expect(await keys.list('ann')).toHaveLength(1);
  });

  it('refuses the key beyond maxKeysPerUser with 409 api_key_limit_reached', async () => {
    const { keys } = setUp();
    for (let i = 0; i < 5; i++) await keys.create('ann', { name: `k${i}` });
    expect(await codeOf(keys.create('ann', { name: 'one more' }))).toBe('api_key_limit_reached');
  });
});
