import { type RedisConnection } from '../store/redis-connection.js';
import { defineRedisScript, type RedisScript } from '../store/redis-script.js';
import { type ApiKeyRecord, type ApiKeyStore } from './api-key-store.interface.js';
import { CREATE_API_KEY, DELETE_API_KEY_OWNER, TOUCH_API_KEY } from './redis-api-key.scripts.js';

/**
 * An {@link ApiKeyStore} in Redis. Per user (one hash slot): `<prefix>{<sub>}:api-keys` (sorted
 * set of ids by expiry) and `<prefix>{<sub>}:api-key:<id>` (hash); `<prefix>api-key-owner:<id>`
 * maps an id to its user. Keys that expire carry the TTL of what they describe.
 */
export class RedisApiKeyStore implements ApiKeyStore {
  private readonly createScript: RedisScript;
  private readonly touchScript: RedisScript;
  private readonly deleteOwnerScript: RedisScript;

  constructor(private readonly connection: RedisConnection) {
    this.createScript = defineRedisScript(connection.client, 'createApiKey', CREATE_API_KEY);
    this.touchScript = defineRedisScript(connection.client, 'touchApiKey', TOUCH_API_KEY);
    this.deleteOwnerScript = defineRedisScript(
      connection.client,
      'deleteApiKeyOwner',
      DELETE_API_KEY_OWNER,
    );
  }

  /**
   * The owner key is written after the script: if that write fails, the key is listed (and can
   * be revoked) but cannot be used, and nothing is left that no list shows.
   */
  async create(record: ApiKeyRecord, maxPerUser: number, now: number): Promise<boolean> {
    const ttlMs = record.expiresAt === undefined ? 0 : Math.max(1, record.expiresAt - now);
    const fields: (string | number)[] = [
      'sub',
      record.sub,
      'name',
      record.name,
      'hash',
      record.hash,
      'roles',
      JSON.stringify(record.roles),
      'scopes',
      JSON.stringify(record.scopes),
      'createdAt',
      record.createdAt,
    ];
    if (record.expiresAt !== undefined) fields.push('expiresAt', record.expiresAt);
    const created = await this.createScript(
      [this.userKey(record.sub), this.recordKey(record.sub, record.id)],
      [record.id, now, record.expiresAt ?? 'inf', ttlMs, maxPerUser, ...fields],
    );
    if (created !== 1) return false;
    const owner = this.ownerKey(record.id);
    const client = this.connection.client;
    await (ttlMs > 0 ? client.set(owner, record.sub, 'PX', ttlMs) : client.set(owner, record.sub));
    return true;
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const sub = await this.connection.client.get(this.ownerKey(id));
    return sub === null ? null : this.read(sub, id);
  }

  async list(sub: string, now: number): Promise<ApiKeyRecord[]> {
    const client = this.connection.client;
    await client.zremrangebyscore(this.userKey(sub), '-inf', now);
    const ids = await client.zrange(this.userKey(sub), '0', '-1');
    const records = await Promise.all(ids.map((id) => this.read(sub, id)));
    // Gone by their own TTL before the index knew: creation writes both at once, so nothing else
    // leaves an id without its key.
    const gone = ids.filter((_, i) => records[i] === null);
    if (gone.length > 0) await client.zrem(this.userKey(sub), ...gone);
    return records
      .filter((record): record is ApiKeyRecord => record !== null)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async delete(sub: string, id: string): Promise<void> {
    const client = this.connection.client;
    const [results] = await Promise.all([
      client.multi().del(this.recordKey(sub, id)).zrem(this.userKey(sub), id).exec(),
      // Another slot on a cluster: its own command.
      this.deleteOwnerScript([this.ownerKey(id)], [sub]),
    ]);
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('the deletion was aborted');
  }

  async touch(sub: string, id: string, at: number): Promise<void> {
    await this.touchScript([this.recordKey(sub, id)], [at]);
  }

  private async read(sub: string, id: string): Promise<ApiKeyRecord | null> {
    const hash = await this.connection.client.hgetall(this.recordKey(sub, id));
    if (hash.sub !== sub) return null;
    return {
      id,
      sub,
      name: hash.name,
      hash: hash.hash,
      roles: JSON.parse(hash.roles) as string[],
      scopes: JSON.parse(hash.scopes) as string[],
      createdAt: Number(hash.createdAt),
      ...(hash.expiresAt ? { expiresAt: Number(hash.expiresAt) } : {}),
      ...(hash.lastUsedAt ? { lastUsedAt: Number(hash.lastUsedAt) } : {}),
    };
  }

  private userKey(sub: string): string {
    return `${this.connection.keyPrefix}{${sub}}:api-keys`;
  }

  private recordKey(sub: string, id: string): string {
    return `${this.connection.keyPrefix}{${sub}}:api-key:${id}`;
  }

  private ownerKey(id: string): string {
    return `${this.connection.keyPrefix}api-key-owner:${id}`;
  }
}
