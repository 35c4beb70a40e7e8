import { createRequire } from 'node:module';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';

/**
 * Settings that make an outage fail fast instead of queueing requests until Redis returns: the
 * guard must answer 503 within a second, not hang.
 */
const FAIL_FAST_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2000,
  commandTimeout: 1000,
  enableAutoPipelining: true,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
};

const READY_WAIT_MS = 2000;
const END_WAIT_MS = 1000;

/**
 * Loads ioredis only when the module must create a client: it is an optional peer dependency,
 * not needed with the memory store or a client the app passes in.
 */
function loadRedisClass(): typeof Redis {
  try {
    return (createRequire(import.meta.url)('ioredis') as { Redis: typeof Redis }).Redis;
  } catch (error) {
    throw new Error('nest-jwt-auth: store.redis needs the ioredis package: npm install ioredis', {
      cause: error,
    });
  }
}

function isClient(redis: unknown): redis is Redis {
  return (
    typeof redis === 'object' &&
    redis !== null &&
    typeof (redis as Redis).sendCommand === 'function'
  );
}

/** Waits for `event` of the client, but no longer than `ms`. */
async function waitForEvent(client: Redis, event: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise<void>((resolve) => client.once(event, () => resolve())),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

/**
 * The ioredis client of the module. It closes only a client it created itself; a client the app
 * passed in stays the app's.
 */
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis;
  private readonly owned: boolean;
  private readonly logger = new Logger('nest-jwt-auth');

  constructor(
    redis: string | RedisOptions | Redis,
    readonly keyPrefix: string,
  ) {
    this.owned = !isClient(redis);
    if (isClient(redis)) {
      this.client = redis;
    } else {
      const RedisClass = loadRedisClass();
      this.client =
        typeof redis === 'string'
          ? new RedisClass(redis, { ...FAIL_FAST_OPTIONS, lazyConnect: true })
          : new RedisClass({ ...FAIL_FAST_OPTIONS, ...redis, lazyConnect: true });
    }
    // Without a listener ioredis prints every reconnection error; outages are logged once, by
    // storeCall, when requests start failing and when they succeed again.
    this.client.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    if (!this.owned) return;
    // Starting without Redis is allowed (protected routes answer 503 until it is back), but
    // waiting briefly avoids failing the first requests of a normal start.
    const ready = waitForEvent(this.client, 'ready', READY_WAIT_MS);
    this.client.connect().catch(() => undefined);
    await ready;
    if (this.client.status !== 'ready') {
      this.logger.error(
        'Redis is not reachable; protected routes answer 503 auth_store_unavailable until it is.',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.owned || this.client.status === 'end') return;
    if (this.client.status !== 'ready') {
      // Between reconnection attempts there is no socket, so no 'end' event would come.
      this.client.disconnect();
      return;
    }
    // Resolve only once the socket is closed, so nothing of ours outlives app.close().
    const ended = waitForEvent(this.client, 'end', END_WAIT_MS);
    await this.client.quit().catch(() => this.client.disconnect());
    await ended;
  }
}
