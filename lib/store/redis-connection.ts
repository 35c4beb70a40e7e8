import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

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

/**
 * The ioredis client of the module. It closes only a client it created itself; a client the app
 * passed in stays the app's.
 */
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis;
  private readonly owned: boolean;
  private readonly logger = new Logger('nest-jwt-auth');
  private healthy = true;

  constructor(
    redis: string | RedisOptions | Redis,
    readonly keyPrefix: string,
  ) {
    this.owned = !(redis instanceof Redis);
    if (redis instanceof Redis) {
      this.client = redis;
    } else if (typeof redis === 'string') {
      this.client = new Redis(redis, { ...FAIL_FAST_OPTIONS, lazyConnect: true });
    } else {
      this.client = new Redis({ ...FAIL_FAST_OPTIONS, ...redis, lazyConnect: true });
    }
    this.client.on('error', (error: Error) => this.markUnhealthy(error));
    this.client.on('ready', () => this.markHealthy());
  }

  async onModuleInit(): Promise<void> {
    if (!this.owned) return;
    // Starting without Redis is allowed (protected routes answer 503 until it is back), but
    // waiting briefly avoids failing the first requests of a normal start.
    const ready = new Promise<void>((resolve) => this.client.once('ready', resolve));
    this.client.connect().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_WAIT_MS)));
    await Promise.race([ready, timeout]);
    clearTimeout(timer);
    if (this.client.status !== 'ready') {
      this.logger.error(
        'Redis is not reachable; protected routes answer 503 auth_store_unavailable until it is.',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.owned) return;
    this.client.removeAllListeners('ready');
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }

  private markUnhealthy(error: Error): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.logger.error(`Redis connection error: ${error.message}`);
  }

  private markHealthy(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.logger.log('Redis connection restored.');
  }
}
