import { ExpiringMap } from '../store/expiring-map.js';
import {
  type RefreshTokenRecord,
  type RefreshTokenStore,
} from './refresh-token-store.interface.js';

/** A {@link RefreshTokenStore} in process memory: one instance only, forgotten on restart. */
export class MemoryRefreshTokenStore implements RefreshTokenStore {
  private readonly records = new ExpiringMap<RefreshTokenRecord>();

  async save(tokenHash: string, record: RefreshTokenRecord, ttlSeconds: number): Promise<void> {
    this.records.set(tokenHash, record, ttlSeconds);
  }

  async consume(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return this.records.take(tokenHash) ?? null;
  }
}
