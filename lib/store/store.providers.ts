import { Logger, type Provider } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { Denylist } from '../denylist/denylist.interface.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { RedisDenylist } from '../denylist/redis-denylist.js';
import { RevocationMirror } from '../denylist/revocation-mirror.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { MemorySessionStore } from '../sessions/memory-session-store.js';
import { RedisSessionStore } from '../sessions/redis-session-store.js';
import { SessionStore } from '../sessions/session-store.interface.js';
import { LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { MemoryLoginAttemptStore } from '../login-attempts/memory-login-attempt-store.js';
import { RedisLoginAttemptStore } from '../login-attempts/redis-login-attempt-store.js';
import { RedisConnection } from './redis-connection.js';

const DEFAULT_KEY_PREFIX = 'nest-jwt-auth:';

/**
 * Chooses the stores from the `store` option: Redis (one connection shared by both stores),
 * memory, or the app's own implementations.
 */
export const storeProviders: Provider[] = [
  {
    provide: RedisConnection,
    inject: [RESOLVED_AUTH_OPTIONS],
    useFactory: ({ store }: ResolvedAuthOptions) => {
      if (store === 'memory') {
        new Logger('nest-jwt-auth').warn(
          `store: 'memory' keeps revocations in this process only: use Redis when more than one instance runs or restarts must not forget logouts.`,
        );
        return null;
      }
      if (!('redis' in store)) return null;
      return new RedisConnection(store.redis, store.keyPrefix ?? DEFAULT_KEY_PREFIX);
    },
  },
  {
    provide: Denylist,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: (
      { store, revocationMirror }: ResolvedAuthOptions,
      connection: RedisConnection | null,
    ) => {
      if (connection) {
        return revocationMirror ? new RevocationMirror(connection) : new RedisDenylist(connection);
      }
      return store !== 'memory' && 'denylist' in store ? store.denylist : new MemoryDenylist();
    },
  },
  {
    provide: SessionStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisSessionStore(connection);
      return store !== 'memory' && 'sessions' in store ? store.sessions : new MemorySessionStore();
    },
  },
  {
    provide: LoginAttemptStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisLoginAttemptStore(connection);
      return (
        (store !== 'memory' && 'loginAttempts' in store && store.loginAttempts) ||
        new MemoryLoginAttemptStore()
      );
    },
  },
];
