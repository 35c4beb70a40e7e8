import { ExpiringMap } from '../store/expiring-map.js';
import { type TicketRecord, type TicketStore } from './ticket-store.interface.js';

/** Tickets in process memory: redeemable only on the instance that issued them. */
export class MemoryTicketStore implements TicketStore {
  private readonly tickets = new ExpiringMap<TicketRecord>();

  async put(id: string, record: TicketRecord, ttlSeconds: number): Promise<void> {
    this.tickets.set(id, record, ttlSeconds);
  }

  async take(id: string): Promise<TicketRecord | null> {
    return this.tickets.take(id) ?? null;
  }
}
