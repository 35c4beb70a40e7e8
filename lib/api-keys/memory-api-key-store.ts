import { type ApiKeyRecord, type ApiKeyStore } from './api-key-store.interface.js';

const isLive = (record: ApiKeyRecord, now: number) =>
  record.expiresAt === undefined || record.expiresAt > now;

/**
 * An {@link ApiKeyStore} in process memory: one instance only, forgotten on restart. Every method
 * runs without awaiting, so `create` is atomic within the process.
 */
export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly keys = new Map<string, ApiKeyRecord>();
  private readonly byUser = new Map<string, Set<string>>();

  async create(record: ApiKeyRecord, maxPerUser: number, now: number): Promise<boolean> {
    const ids = this.byUser.get(record.sub) ?? new Set<string>();
    if (this.prune(record.sub, ids, now).length >= maxPerUser) return false;
    ids.add(record.id);
    this.byUser.set(record.sub, ids);
    this.keys.set(record.id, { ...record });
    return true;
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const record = this.keys.get(id);
    return record ? { ...record } : null;
  }

  async list(sub: string, now: number): Promise<ApiKeyRecord[]> {
    return this.prune(sub, this.byUser.get(sub) ?? new Set(), now)
      .map((record) => ({ ...record }))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async delete(sub: string, id: string): Promise<void> {
    if (this.keys.get(id)?.sub !== sub) return;
    this.keys.delete(id);
    this.byUser.get(sub)?.delete(id);
  }

  async touch(sub: string, id: string, at: number): Promise<void> {
    const record = this.keys.get(id);
    if (record?.sub === sub) record.lastUsedAt = at;
  }

  /** The user's live keys; the expired ones are dropped. */
  private prune(sub: string, ids: Set<string>, now: number): ApiKeyRecord[] {
    const live: ApiKeyRecord[] = [];
    for (const id of ids) {
      const record = this.keys.get(id);
      if (record && isLive(record, now)) {
        live.push(record);
        continue;
      }
      ids.delete(id);
      this.keys.delete(id);
    }
    if (ids.size === 0) this.byUser.delete(sub);
    return live;
  }
}
