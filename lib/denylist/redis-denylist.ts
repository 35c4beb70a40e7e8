import { type RedisConnection } from '../store/redis-connection.js';
import { type Denylist } from './denylist.interface.js';
import { revocationChannel, revocationMessage } from './revocation-channel.js';

/**
 * A {@link Denylist} in Redis, shared by every instance of the app. Keys are
 * `<prefix>{<subject>}:deny:<id>`: the `{subject}` hash tag keeps one user's entries in one
 * Cluster slot, so the multi-key EXISTS below stays legal on a cluster.
 */
export class RedisDenylist implements Denylist {
  constructor(private readonly connection: RedisConnection) {}

  /**
   * Writes the entry and announces it on the revocation channel in one transaction, so the
   * revocation mirrors of other instances (option `revocationMirror`) learn it at once.
   */
  async add(subject: string, id: string, ttlSeconds: number): Promise<void> {
    const { client, keyPrefix } = this.connection;
    const results = await client
      .multi()
      .set(this.key(subject, id), '1', 'EX', ttlSeconds)
      .publish(revocationChannel(keyPrefix), revocationMessage(subject, id, ttlSeconds))
      .exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed)
      throw failed?.[0] ?? new Error('the revocation transaction was aborted');
  }

  async has(subject: string, ids: readonly string[]): Promise<boolean> {
    const found = await this.connection.client.exists(...ids.map((id) => this.key(subject, id)));
    return found > 0;
  }

  /** The key of an entry; {@link RevocationMirror} parses it back. */
  key(subject: string, id: string): string {
    return `${this.connection.keyPrefix}{${subject}}:deny:${id}`;
  }
}
