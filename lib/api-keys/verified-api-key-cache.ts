import { type ApiKeyRecord } from './api-key-store.interface.js';
import { apiKeySecretMatches } from './api-key-format.js';

/**
 * API keys that verified recently, by id, so that a key seen again costs one SHA-256 and a map
 * lookup instead of store calls: bounded, least recently used first out. An entry holds the
 * record (with the secret's hash, never the secret): a hit still compares the presented secret
 * in constant time, and the caller still checks revocation on every request.
 */
export class VerifiedApiKeyCache {
  private readonly records = new Map<string, { record: ApiKeyRecord; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.records.size;
  }

  /** The record of `id` when cached, valid at `now` (ms), and `secret` is its key's; else `undefined`. */
  match(id: string, secret: string, now: number): ApiKeyRecord | undefined {
    const cached = this.records.get(id);
    if (cached === undefined) return undefined;
    this.records.delete(id);
    if (cached.until <= now) return undefined;
    this.records.set(id, cached);
    return apiKeySecretMatches(secret, cached.record.hash) ? cached.record : undefined;
  }

  /** Remembers a verified record for `ttl`, never past its expiry. */
  remember(record: ApiKeyRecord, now: number): void {
    const until = Math.min(record.expiresAt ?? Infinity, now + this.ttlMs);
    if (until <= now) return;
    this.records.delete(record.id);
    this.records.set(record.id, { record, until });
    if (this.records.size > this.maxEntries) {
      // A Map iterates in insertion order, and a hit re-inserts: the oldest is unused longest.
      const [oldest] = this.records.keys();
      this.records.delete(oldest);
    }
  }

  forget(id: string): void {
    this.records.delete(id);
  }
}
