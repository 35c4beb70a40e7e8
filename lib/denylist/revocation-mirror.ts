import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { ExpiringMap } from '../store/expiring-map.js';
import { type RedisConnection } from '../store/redis-connection.js';
import { ClusterFeed } from './cluster-feed.js';
import { type Denylist } from './denylist.interface.js';
import { RedisDenylist } from './redis-denylist.js';
import { parseRevocation, revocationChannel } from './revocation-channel.js';
import { type RevocationFeed } from './revocation-feed.js';
import { SingleNodeFeed } from './single-node-feed.js';

/** How often the mirror proves its subscription delivers, and how stale that proof may get. */
export interface MirrorTiming {
  heartbeatMs: number;
  staleAfterMs: number;
}

const DEFAULT_TIMING: MirrorTiming = { heartbeatMs: 100, staleAfterMs: 350 };
const SWEEP_EVERY_BEATS = 10;
/**
 * The wait before retrying a load that failed, doubled at each failure in a row: a failure that
 * lasts (a key without TTL, PTTL timeouts under load) must not become a loop of full SCANs.
 */
const RELOAD_FIRST_WAIT_MS = 1000;
const RELOAD_LONGEST_WAIT_MS = 30_000;

/**
 * The Redis denylist with every live revocation mirrored in memory, so `has()` needs no Redis
 * round trip. Loaded with SCAN (of every master, on a cluster) at start and after every
 * reconnection, kept current by the revocation channel that {@link RedisDenylist.add} publishes
 * on, heard through a {@link RevocationFeed}.
 *
 * Correctness first: the mirror answers only while its feed proves it delivers. The feed sends a
 * heartbeat every `heartbeatMs` that comes back behind every revocation written before it; when
 * the oldest proof is older than `staleAfterMs`, or while (re)loading, `has()` asks Redis, which
 * answers 503 when it is down. A revocation can therefore be missed for at most `staleAfterMs`,
 * and in normal operation reaches every instance within a millisecond or two. Entries expire with
 * their TTL; memory is bounded by the live revocations.
 */
export class RevocationMirror implements Denylist, OnModuleInit, OnApplicationShutdown {
  private readonly redis: RedisDenylist;
  private readonly entries = new ExpiringMap<true>();
  private readonly logger = new Logger('nest-jwt-auth');
  /** Where revocations are heard: one subscription, or one per node of a cluster. */
  readonly feed: RevocationFeed;
  private heartbeat: NodeJS.Timeout | undefined;
  private reload: NodeJS.Timeout | undefined;
  private failedLoads = 0;
  private loaded = false;
  private generation = 0;
  private beats = 0;

  constructor(
    private readonly connection: RedisConnection,
    private readonly timing: MirrorTiming = DEFAULT_TIMING,
  ) {
    this.redis = new RedisDenylist(connection);
    const channel = revocationChannel(connection.keyPrefix);
    const client = connection.client;
    this.feed = client.isCluster
      ? new ClusterFeed(client as Cluster, channel)
      : new SingleNodeFeed(client as Redis, channel, connection.keyPrefix, timing.staleAfterMs);
  }

  /** Whether `has()` answers from memory right now. */
  get live(): boolean {
    return this.loaded && Date.now() - this.feed.provenAt < this.timing.staleAfterMs;
  }

  /**
   * How long ago its latest proof of currency was sent (ms; on a cluster, the oldest of the
   * nodes' latest): Infinity before the first.
   */
  get lagMs(): number {
    return Date.now() - this.feed.provenAt;
  }

  /** Live revocations held in memory. */
  get size(): number {
    return this.entries.size;
  }

  async add(subject: string, id: string, ttlSeconds: number): Promise<void> {
    await this.redis.add(subject, id, ttlSeconds);
    // This instance must refuse the token at once, whatever its subscription does.
    this.entries.set(entryKey(subject, id), true, ttlSeconds);
  }

  async has(subject: string, ids: readonly string[]): Promise<boolean> {
    return this.hasNow(subject, ids) ?? this.redis.has(subject, ids);
  }

  /** The answer from memory while the mirror is {@link live}, else `undefined`. */
  hasNow(subject: string, ids: readonly string[]): boolean | undefined {
    if (!this.live) return undefined;
    for (const id of ids) {
      if (this.entries.get(entryKey(subject, id)) !== undefined) return true;
    }
    return false;
  }

  onModuleInit(): void {
    this.feed.open({
      ready: () => void this.load(),
      lost: (reason) => this.stop(reason),
      message: (message) => this.receive(message),
    });
    this.heartbeat = setInterval(() => this.beat(), this.timing.heartbeatMs);
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.reload);
    this.feed.close();
  }

  /** Subscribes first, then loads what is already in Redis: nothing falls between the two. */
  private async load(): Promise<void> {
    const generation = ++this.generation;
    try {
      await this.feed.subscribe();
      for (const master of await this.feed.masters()) await this.scan(master);
      if (generation !== this.generation) return;
      this.loaded = true;
      this.failedLoads = 0;
      this.logger.log(`Revocation mirror live with ${this.entries.size} revocations.`);
    } catch (error) {
      if (generation !== this.generation) return;
      const wait = Math.min(RELOAD_FIRST_WAIT_MS * 2 ** this.failedLoads++, RELOAD_LONGEST_WAIT_MS);
      this.logger.warn(
        `Revocation mirror could not load, asking Redis instead; retrying in ${wait} ms: ${String(error)}`,
      );
      clearTimeout(this.reload);
      // Reconnected meanwhile: that connection's own load runs, and is left alone.
      this.reload = setTimeout(() => {
        if (generation === this.generation) this.feed.reconnect();
      }, wait);
      this.reload.unref();
    }
  }

  /** Mirrors every denylist key of one node. */
  private async scan(node: Redis): Promise<void> {
    const prefix = this.connection.keyPrefix;
    for await (const keys of node.scanStream({
      match: `${escapeGlob(prefix)}{*}:deny:*`,
      count: 1000,
    })) {
      const batch = keys as string[];
      if (batch.length === 0) continue;
      const ttls = remainingTtls(await node.pipeline(batch.map((key) => ['pttl', key])).exec());
      batch.forEach((key, i) => {
        const entry = parseKey(key, prefix);
        // -2: it expired since the SCAN saw it.
        if (entry && ttls[i] > 0) this.entries.set(entry, true, ttls[i] / 1000);
      });
    }
  }

  private stop(reason: string): void {
    this.generation++;
    if (this.loaded) this.logger.warn(`Revocation mirror paused (${reason}); asking Redis.`);
    this.loaded = false;
  }

  private beat(): void {
    // Expired entries go within about a second, not only after enough writes.
    if (++this.beats % SWEEP_EVERY_BEATS === 0) this.entries.sweep();
    this.feed.beat();
  }

  private receive(message: string): void {
    const revocation = parseRevocation(message);
    if (revocation) {
      this.entries.set(entryKey(revocation.subject, revocation.id), true, revocation.ttlSeconds);
    }
  }
}

function entryKey(subject: string, id: string): string {
  return `${subject}\n${id}`;
}

/** `<prefix>{<subject>}:deny:<id>` back to its entry; ids never contain `}:deny:`. */
function parseKey(key: string, prefix: string): string | undefined {
  const rest = key.slice(prefix.length);
  const marker = rest.lastIndexOf('}:deny:');
  if (!rest.startsWith('{') || marker < 0) return undefined;
  return entryKey(rest.slice(1, marker), rest.slice(marker + '}:deny:'.length));
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * The PTTL of each key, or a throw: a reply that failed (a timeout, a reset) would otherwise read
 * as "not revoked", and a mirror that went live without that revocation would let its tokens in.
 * A key without a TTL (-1) was not written by the denylist and cannot be mirrored for a bounded
 * time; the mirror stays off and every check asks Redis.
 */
function remainingTtls(replies: [Error | null, unknown][] | null): number[] {
  if (replies === null) throw new Error('the PTTL pipeline was discarded');
  return replies.map(([error, ttl]) => {
    if (error) throw error;
    if (ttl === -1) throw new Error('a denylist key has no TTL');
    return Number(ttl);
  });
}
