import {
  type Denylist,
  MemoryDenylist,
  MemorySessionStore,
  RedisConnection,
  RedisDenylist,
  RedisSessionStore,
  type SessionStore,
} from 'nest-jwt-auth';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './redis.js';

/** A store method, as `denylist.add` or `sessions.delete`. */
export type StoreCall =
  `denylist.${string & keyof Denylist}` | `sessions.${string & keyof SessionStore}`;

/**
 * A denylist and a session store that record every call, in order, and can be told to fail the
 * next call of a method, as a store whose connection drops halfway through an operation does.
 * Pass `{ denylist, sessions }` as the module's `store`.
 */
export class RecordingStores {
  readonly denylist: Denylist;
  readonly sessions: SessionStore;
  private log: StoreCall[] = [];
  private readonly failing = new Set<StoreCall>();

  constructor(denylist: Denylist, sessions: SessionStore) {
    this.denylist = this.wrap('denylist', denylist);
    this.sessions = this.wrap('sessions', sessions);
  }

  /** The calls since the last {@link clear}, in the order they were made. */
  get calls(): readonly StoreCall[] {
    return this.log;
  }

  clear(): void {
    this.log = [];
  }

  /** Makes the next call of `method` reject, without reaching the store. */
  failNext(method: StoreCall): void {
    this.failing.add(method);
  }

  private wrap<T extends object>(name: 'denylist' | 'sessions', target: T): T {
    return new Proxy(target, {
      get: (object, property) => {
        const value = Reflect.get(object, property, object) as unknown;
        if (typeof value !== 'function') return value;
        const call = `${name}.${String(property)}` as StoreCall;
        return (...args: unknown[]) => {
          this.log.push(call);
          if (this.failing.delete(call)) {
            return Promise.reject(new Error(`injected failure of ${call}`));
          }
          return (value as (...args: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }
}

/**
 * Recorded Redis and memory stores, for `describe.each(kinds)`, so a suite holds both to the same
 * behaviour. Redis runs on a connection of the suite's own (`redis()`), opened before its tests;
 * its keys are deleted after them.
 */
export function recordedStoresForSuite(label: string): {
  kinds: [string, () => RecordingStores][];
  redis: () => RedisConnection;
} {
  const prefix = uniqueKeyPrefix(label);
  const connection = new RedisConnection(REDIS_URL, prefix);
  beforeAll(() => connection.onModuleInit());
  afterAll(async () => {
    await connection.onApplicationShutdown();
    await deleteKeys(prefix);
  });
  return {
    kinds: [
      [
        'Redis',
        () => new RecordingStores(new RedisDenylist(connection), new RedisSessionStore(connection)),
      ],
      ['memory', () => new RecordingStores(new MemoryDenylist(), new MemorySessionStore())],
    ],
    redis: () => connection,
  };
}
