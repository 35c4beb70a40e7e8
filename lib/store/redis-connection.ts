import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Cluster } from 'ioredis';
import {
  createRedisClient,
  followSlotLayout,
  isRedisClient,
  type RedisClient,
  type RedisStoreOption,
} from './redis-client.js';

const READY_WAIT_MS = 2000;
const END_WAIT_MS = 1000;

/** Waits for `event` of the client, but no longer than `ms`. */
async function waitForEvent(client: RedisClient, event: string, ms: number): Promise<void> {
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
  readonly client: RedisClient;
  private readonly owned: boolean;
  private stopFollowingSlots = (): void => undefined;
  private readonly logger = new Logger('nest-jwt-auth');

  constructor(
    redis: RedisStoreOption,
    readonly keyPrefix: string,
  ) {
    this.owned = !isRedisClient(redis);
    this.client = isRedisClient(redis) ? redis : createRedisClient(redis);
    // Without a listener ioredis prints every reconnection error; outages are logged once, by
    // storeCall, when requests start failing and when they succeed again.
    this.client.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    if (!this.owned) return;
    if (this.client.isCluster) this.stopFollowingSlots = followSlotLayout(this.client as Cluster);
    // Starting without Redis is allowed (protected routes answer 503 until it is back), but
    // waiting briefly avoids failing the first requests of a normal start.
    const ready = waitForEvent(this.client, 'ready', READY_WAIT_MS);
    this.client.connect().catch(() => undefined);
    await ready;
    if (this.client.isCluster && this.client.status === 'ready') await this.connectMasters();
    if (this.client.status !== 'ready') {
      this.logger.error(
        'Redis is not reachable; protected routes answer 503 auth_store_unavailable until it is.',
      );
    }
  }

  /**
   * The cluster fails a command for a node still connecting (fail fast, no offline queue), and
   * connects to a node on its first command: connect them all now, or first requests would 503.
   */
  private async connectMasters(): Promise<void> {
    const masters = (this.client as Cluster).nodes('master');
    await Promise.all(masters.map((node) => node.ping().catch(() => undefined)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopFollowingSlots();
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
