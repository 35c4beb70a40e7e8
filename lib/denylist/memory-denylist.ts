import { ExpiringMap } from '../store/expiring-map.js';
import { type Denylist } from './denylist.interface.js';

/** Told of each revocation as it is made. */
export type RevocationListener = (subject: string, id: string) => void;

/** A {@link Denylist} in process memory: one instance only, forgotten on restart. */
export class MemoryDenylist implements Denylist {
  private readonly entries = new ExpiringMap<true>();
  private readonly listeners = new Set<RevocationListener>();

  async add(subject: string, id: string, ttlSeconds: number): Promise<void> {
    this.entries.set(`${subject}\u0000${id}`, true, ttlSeconds);
    for (const listener of this.listeners) listener(subject, id);
  }

  async has(subject: string, ids: readonly string[]): Promise<boolean> {
    return ids.some((id) => this.entries.get(`${subject}\u0000${id}`) !== undefined);
  }

  /** What the Redis denylist's revocation channel is to other instances, in one process. */
  onRevocation(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
