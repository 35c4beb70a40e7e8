import { type RedisConnection } from '../store/redis-connection.js';
import { type TicketRecord, type TicketStore } from './ticket-store.interface.js';

/** Tickets in Redis, `<prefix>ticket:<sha256>`; GETDEL makes the single use atomic. */
export class RedisTicketStore implements TicketStore {
  constructor(private readonly connection: RedisConnection) {}

  async put(id: string, record: TicketRecord, ttlSeconds: number): Promise<void> {
    await this.connection.client.set(this.key(id), JSON.stringify(record), 'EX', ttlSeconds);
  }

  async take(id: string): Promise<TicketRecord | null> {
    const value = await this.connection.client.getdel(this.key(id));
    return value === null ? null : (JSON.parse(value) as TicketRecord);
  }

  private key(id: string): string {
    return `${this.connection.keyPrefix}ticket:${id}`;
  }
}
