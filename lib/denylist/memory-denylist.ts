import { ExpiringMap } from '../store/expiring-map.js';
import { type Denylist } from './denylist.interface.js';

/** A {@link Denylist} in process memory: one instance only, forgotten on restart. */
export class MemoryDenylist implements Denylist {
  private readonly entries = new ExpiringMap<true>();

  async add(subject: string, id: string, ttlSeconds: number): Promise<void> {
    this.entries.set(`${subject}\u0000${id}`, true, ttlSeconds);
  }

  async has(subject: string, ids: readonly string[]): Promise<boolean> {
    return ids.some((id) => this.entries.get(`${subject}\u0000${id}`) !== undefined);
  }
}
