import {
  type ApiKeyRecord,
  type ApiKeyStore,
} from '../../../lib/api-keys/api-key-store.interface.js';

let counter = 0;

/** A record of `sub` no other test uses. */
export function newRecord(sub: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  counter += 1;
  return {
    id: `id-${counter}-${Math.random().toString(36).slice(2)}`,
    sub,
    name: `key ${counter}`,
    hash: 'aGFzaA',
    roles: ['user'],
    scopes: ['orders:read'],
    createdAt: Date.now() + counter,
    ...overrides,
  };
}

/** A user no other test uses. */
export const freshUser = (label: string) => `${label}-${++counter}-${Date.now()}`;

/** What every ApiKeyStore does: run by the spec of each implementation. */
export function describeApiKeyStoreContract(name: string, makeStore: () => ApiKeyStore): void {
  describe(name, () => {
    let store: ApiKeyStore;

    beforeEach(() => {
      store = makeStore();
    });

    it('keeps what was created, by id and in its user list, oldest first', async () => {
      const sub = freshUser('ann');
      const first = newRecord(sub, { expiresAt: Date.now() + 60_000 });
      const second = newRecord(sub);
      expect(await store.create(second, 10, Date.now())).toBe(true);
      expect(await store.create(first, 10, Date.now())).toBe(true);
      expect(await store.get(first.id)).toEqual(first);
      expect(await store.list(sub, Date.now())).toEqual([first, second]);
      expect(await store.list(freshUser('other'), Date.now())).toEqual([]);
      expect(await store.get('missing')).toBeNull();
    });

    it('never lets a burst of creations past the cap', async () => {
      const sub = freshUser('burst');
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.create(newRecord(sub), 3, Date.now())),
      );
      expect(results.filter(Boolean)).toHaveLength(3);
      expect(await store.list(sub, Date.now())).toHaveLength(3);
    });

    it('does not count expired keys against the cap, nor list them', async () => {
      const sub = freshUser('expiring');
      const now = Date.now();
      await store.create(newRecord(sub, { expiresAt: now + 5000 }), 1, now);
      expect(await store.create(newRecord(sub), 1, now)).toBe(false);
      const later = now + 6000;
      expect(await store.list(sub, later)).toEqual([]);
      expect(await store.create(newRecord(sub), 1, later)).toBe(true);
    });

    it('deletes a key of its user, and only of its user', async () => {
      const sub = freshUser('del');
      const record = newRecord(sub);
      await store.create(record, 10, Date.now());
      await store.delete(freshUser('thief'), record.id);
      expect(await store.get(record.id)).not.toBeNull();
      await store.delete(sub, record.id);
      expect(await store.get(record.id)).toBeNull();
      expect(await store.list(sub, Date.now())).toEqual([]);
      await store.delete(sub, record.id);
    });

    it('records the last use, and never recreates a deleted key doing so', async () => {
      const sub = freshUser('touch');
      const record = newRecord(sub);
      await store.create(record, 10, Date.now());
      await store.touch(sub, record.id, 1234);
      expect((await store.get(record.id))?.lastUsedAt).toBe(1234);
      await store.delete(sub, record.id);
      await store.touch(sub, record.id, 5678);
      expect(await store.get(record.id)).toBeNull();
      expect(await store.list(sub, Date.now())).toEqual([]);
    });
  });
}
