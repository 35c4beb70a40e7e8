import { hashApiKeySecret, newApiKey } from './api-key-format.js';
import { type ApiKeyRecord } from './api-key-store.interface.js';
import { VerifiedApiKeyCache } from './verified-api-key-cache.js';

function verifiedKey(expiresAt?: number) {
  const { id, secret } = newApiKey();
  const record: ApiKeyRecord = {
    id,
    sub: 'ann',
    name: 'ci',
    hash: hashApiKeySecret(secret),
    roles: [],
    scopes: [],
    createdAt: 0,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  return { record, secret };
}

describe('VerifiedApiKeyCache', () => {
  it('answers a cached key only with its own secret', () => {
    const cache = new VerifiedApiKeyCache(10, 60_000);
    const { record, secret } = verifiedKey();
    cache.remember(record, 1000);
    expect(cache.match(record.id, secret, 1000)).toBe(record);
    expect(cache.match(record.id, newApiKey().secret, 1000)).toBeUndefined();
    expect(cache.match(newApiKey().id, secret, 1000)).toBeUndefined();
  });

  it('forgets an entry after its ttl, and never keeps one past the key’s expiry', () => {
    const cache = new VerifiedApiKeyCache(10, 60_000);
    const lasting = verifiedKey();
    const expiring = verifiedKey(5000);
    cache.remember(lasting.record, 0);
    cache.remember(expiring.record, 0);
    expect(cache.match(expiring.record.id, expiring.secret, 4999)).toBe(expiring.record);
    expect(cache.match(expiring.record.id, expiring.secret, 5000)).toBeUndefined();
    expect(cache.match(lasting.record.id, lasting.secret, 59_999)).toBe(lasting.record);
    expect(cache.match(lasting.record.id, lasting.secret, 60_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not cache a key that has expired already', () => {
    const cache = new VerifiedApiKeyCache(10, 60_000);
    cache.remember(verifiedKey(1000).record, 1000);
    expect(cache.size).toBe(0);
  });

  it('stays within maxEntries, dropping the least recently used', () => {
    const cache = new VerifiedApiKeyCache(2, 60_000);
    const [a, b, c] = [verifiedKey(), verifiedKey(), verifiedKey()];
    cache.remember(a.record, 0);
    cache.remember(b.record, 0);
    expect(cache.match(a.record.id, a.secret, 1)).toBe(a.record);
    cache.remember(c.record, 2);
    expect(cache.size).toBe(2);
    expect(cache.match(b.record.id, b.secret, 3)).toBeUndefined();
    expect(cache.match(a.record.id, a.secret, 3)).toBe(a.record);
    expect(cache.match(c.record.id, c.secret, 3)).toBe(c.record);
  });

  it('forgets a key on demand', () => {
    const cache = new VerifiedApiKeyCache(10, 60_000);
    const { record, secret } = verifiedKey();
    cache.remember(record, 0);
    cache.forget(record.id);
    expect(cache.match(record.id, secret, 1)).toBeUndefined();
  });
});
