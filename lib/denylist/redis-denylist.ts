import { type RedisConnection } from '../store/redis-connection.js';
import { type Denylist } from './denylist.interface.js';

/**
 * A {@link Denylist} in Redis, shared by every instance of the app. Keys are
 * `<prefix>{<subject>}:deny:<id>`: the `{subject}` hash tag keeps one user's entries in one
 * Cluster slot, so the multi-key EXISTS below stays legal on a cluster.
 */
export class RedisDenylist implements Denylist {
  constructor(private readonly connection: RedisConnection) {}

  async add(subject: string, id: string, ttlSeconds: number): Promise<void> {
    await this.connection.client.set(this.key(subject, id), '1', 'EX', ttlSeconds);
  }

  async has(subject: string, ids: readonly string[]): Promise<boolean> {
    const found = await this.connection.client.exists(...ids.map((id) => this.key(subject, id)));
    return found > 0;
  }

  private key(subject: string, id: string): string {
    return `${this.connection.keyPrefix}{${subject}}:deny:${id}`;
  }
}
