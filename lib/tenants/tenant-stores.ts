import { type Denylist } from '../denylist/denylist.interface.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { RedisDenylist } from '../denylist/redis-denylist.js';
import { RevocationMirror } from '../denylist/revocation-mirror.js';
import { type LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { MemoryLoginAttemptStore } from '../login-attempts/memory-login-attempt-store.js';
import { RedisLoginAttemptStore } from '../login-attempts/redis-login-attempt-store.js';
import { MemorySessionStore } from '../sessions/memory-session-store.js';
import { RedisSessionStore } from '../sessions/redis-session-store.js';
import { type SessionStore } from '../sessions/session-store.interface.js';
import { RedisConnection } from '../store/redis-connection.js';
import { MemoryTicketStore } from '../tickets/memory-ticket-store.js';
import { RedisTicketStore } from '../tickets/redis-ticket-store.js';
import { type TicketStore } from '../tickets/ticket-store.interface.js';

/** The stores of one tenant; `mirror` is its denylist when it has a revocation mirror. */
export interface TenantStores {
  denylist: Denylist;
  sessions: SessionStore;
  attempts: LoginAttemptStore;
  tickets: TicketStore;
  mirror?: RevocationMirror;
}

/**
 * A tenant's stores: on the module's Redis client, under the tenant's key prefix (the prefix is
 * per key, so every tenant shares the one client; the connection object made here does not own
 * it and never closes it), or in memory. A mirror subscribes on a connection of its own.
 */
export function tenantStores(
  shared: RedisConnection | null,
  keyPrefix: string,
  revocationMirror: boolean,
): TenantStores {
  if (!shared) {
    return {
      denylist: new MemoryDenylist(),
      sessions: new MemorySessionStore(),
      attempts: new MemoryLoginAttemptStore(),
      tickets: new MemoryTicketStore(),
    };
  }
  const connection = new RedisConnection(shared.client, keyPrefix);
  const mirror = revocationMirror ? new RevocationMirror(connection) : undefined;
  return {
    denylist: mirror ?? new RedisDenylist(connection),
    sessions: new RedisSessionStore(connection),
    attempts: new RedisLoginAttemptStore(connection),
    tickets: new RedisTicketStore(connection),
    ...(mirror ? { mirror } : {}),
  };
}
