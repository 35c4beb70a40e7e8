import { createRequire } from 'node:module';
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from 'ioredis';

/** A Redis Cluster: its seed nodes, and ioredis `Cluster` options. */
export interface RedisClusterConfig {
  /** Some of the cluster's nodes (`'host:port'`, a port, or `{ host, port }`); ioredis finds the rest. */
  cluster: ClusterNode[];
  /** ioredis `ClusterOptions`; `redisOptions` in it apply to every node's connection. */
  options?: ClusterOptions;
}

/** What the `store.redis` option accepts. Sentinel is ioredis options with `sentinels` and `name`. */
export type RedisStoreOption = string | RedisOptions | RedisClusterConfig | Redis | Cluster;

/** A single-node (or Sentinel-managed) client, or a Cluster. */
export type RedisClient = Redis | Cluster;

/** Per connection: a connect attempt or command that gets no answer fails within 1 or 2 s. */
const TIMEOUTS: RedisOptions = { connectTimeout: 2000, commandTimeout: 1000 };

/**
 * Settings that make an outage fail fast instead of queueing requests until Redis returns: the
 * guard must answer 503 within a second, not hang.
 */
const FAIL_FAST_OPTIONS: RedisOptions = {
  ...TIMEOUTS,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: false,
  enableAutoPipelining: true,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
};

type Ioredis = { Redis: typeof Redis; Cluster: typeof Cluster };

/**
 * Loads ioredis only when the module must create a client: it is an optional peer dependency,
 * not needed with the memory store or a client the app passes in.
 */
function loadIoredis(): Ioredis {
  try {
    return createRequire(import.meta.url)('ioredis') as Ioredis;
  } catch (error) {
    throw new Error('nest-jwt-auth: store.redis needs the ioredis package: npm install ioredis', {
      cause: error,
    });
  }
}

/** A client the app created: an ioredis `Redis` or `Cluster`, which the module never closes. */
export function isRedisClient(redis: RedisStoreOption): redis is RedisClient {
  return typeof (redis as Partial<RedisClient>).sendCommand === 'function';
}

export function isClusterConfig(redis: RedisStoreOption): redis is RedisClusterConfig {
  return typeof redis === 'object' && Array.isArray((redis as RedisClusterConfig).cluster);
}

/** Creates the module's own client, not yet connected, set up to fail fast during an outage. */
export function createRedisClient(redis: Exclude<RedisStoreOption, RedisClient>): RedisClient {
  const ioredis = loadIoredis();
  if (typeof redis === 'string') {
    return new ioredis.Redis(redis, { ...FAIL_FAST_OPTIONS, lazyConnect: true });
  }
  if (isClusterConfig(redis)) {
    const { redisOptions, ...options } = redis.options ?? {};
    return new ioredis.Cluster(redis.cluster, {
      enableOfflineQueue: false,
      // A node that is down must fail its own slots' commands, not stall them waiting for a
      // slots refresh; the cluster's nodes still answer theirs.
      maxRedirections: 4,
      retryDelayOnClusterDown: 0,
      retryDelayOnFailover: 0,
      retryDelayOnTryAgain: 0,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      // No auto-pipelining: ioredis then fails pipelines whose keys span nodes (seen on 6.0).
      ...options,
      // Nodes keep ioredis' own reconnection handling: the cluster reconnects and refreshes slots.
      redisOptions: { ...TIMEOUTS, ...redisOptions },
      lazyConnect: true,
    });
  }
  return new ioredis.Redis({ ...FAIL_FAST_OPTIONS, ...redis, lazyConnect: true });
}

/** How often the module's `Cluster` reads the slot layout: a failover is followed within this. */
const SLOTS_REFRESH_MS = 1000;

/**
 * Reads the cluster's slot layout whenever it has not been read for a second, until the returned
 * function is called. Failing fast, a command that times out or finds its node's connection
 * closed triggers no refresh in ioredis (only a MOVED does): the slots of a master that hangs or
 * drops off the network, its connection still open, would be sent there long after its replica
 * took over. Refreshes made anyway (a MOVED, the revocation mirror's) count, so this adds none.
 *
 * Not ioredis' `slotsRefreshInterval`: a refresh under way when the client quits re-arms its
 * timer, which then runs for ever and keeps the process alive (ioredis 6.0: 11 quits in 40).
 * This timer is unref'd and stopped by the caller.
 */
export function followSlotLayout(cluster: Cluster): () => void {
  let readAt = Date.now();
  const onRefresh = () => (readAt = Date.now());
  cluster.on('refresh', onRefresh);
  const timer = setInterval(() => {
    if (cluster.status !== 'ready' || Date.now() - readAt < SLOTS_REFRESH_MS) return;
    readAt = Date.now();
    cluster.refreshSlotsCache(() => undefined);
  }, SLOTS_REFRESH_MS / 4);
  timer.unref();
  return () => {
    clearInterval(timer);
    cluster.off('refresh', onRefresh);
  };
}
