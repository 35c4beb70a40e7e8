import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { ExpiringMap } from '../store/expiring-map.js';
import { type RedisConnection } from '../store/redis-connection.js';
import { type Denylist } from './denylist.interface.js';
import { RedisDenylist } from './redis-denylist.js';
import { heartbeatChannel, parseRevocation, revocationChannel } from './revocation-channel.js';

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
 * round trip. Loaded with SCAN at start and after every reconnection, kept current by the
 * revocation channel that {@link RedisDenylist.add} publishes on.
 *
 * Correctness first: the mirror answers only while its subscription is proven to deliver. It
 * publishes a heartbeat every `heartbeatMs` and waits for it to come back; since a subscriber
 * receives messages in order, an echo of a heartbeat sent at T proves every revocation published
 * before T has been applied. When the last echo is older than `staleAfterMs`, or while
 * (re)loading, `has()` asks Redis, which answers 503 when it is down. A revocation can therefore
 * be missed for at most `staleAfterMs`, and in normal operation reaches every instance within a
 * millisecond or two. Entries expire with their TTL; memory is bounded by the live revocations.
 */
export class RevocationMirror implements Denylist, OnModuleInit, OnApplicationShutdown {
  private readonly client: Redis;
  private readonly redis: RedisDenylist;
  private readonly entries = new ExpiringMap<true>();
  private readonly id = randomUUID();
  private readonly channel: string;
  private readonly heartbeatChannel: string;
  private readonly logger = new Logger('nest-jwt-auth');
  private subscriber: Redis | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private reload: NodeJS.Timeout | undefined;
  private failedLoads = 0;
  private loaded = false;
  private generation = 0;
  private sequence = 0;
  private readonly sentAt = new Map<number, number>();
  /** When the heartbeat that last came back was sent. */
  private provenAt = -Infinity;

  constructor(
    private readonly connection: RedisConnection,
    private readonly timing: MirrorTiming = DEFAULT_TIMING,
  ) {
    if (connection.client.isCluster) {
      // One subscriber and one SCAN cover a single node only; on a cluster a subscriber that
      // moves between nodes could miss revocations without noticing.
      throw new AuthConfigError(
        'revocationMirror does not support a Redis Cluster yet.',
        'Remove revocationMirror (every check then asks the cluster), or use a single Redis or Sentinel.',
      );
    }
    this.client = connection.client as Redis;
    this.redis = new RedisDenylist(connection);
    this.channel = revocationChannel(connection.keyPrefix);
    this.heartbeatChannel = heartbeatChannel(connection.keyPrefix, this.id);
  }

  /** Whether `has()` answers from memory right now. */
  get live(): boolean {
    return this.loaded && Date.now() - this.provenAt < this.timing.staleAfterMs;
  }

  /** How long ago the heartbeat that last came back was sent (ms); Infinity before the first. */
  get lagMs(): number {
    return Date.now() - this.provenAt;
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
    const subscriber = this.client.duplicate({
      autoResubscribe: false,
      enableOfflineQueue: true,
      lazyConnect: true,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => void this.load());
    subscriber.on('close', () => this.stop('the subscription closed'));
    subscriber.on('message', (channel: string, message: string) =>
      channel === this.heartbeatChannel ? this.echo(message) : this.receive(message),
    );
    subscriber.connect().catch(() => undefined);
    this.heartbeat = setInterval(() => this.beat(), this.timing.heartbeatMs);
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.reload);
    this.subscriber?.disconnect();
  }

  /** Subscribes first, then loads what is already in Redis: nothing falls between the two. */
  private async load(): Promise<void> {
    const generation = ++this.generation;
    try {
      await this.subscriber!.subscribe(this.channel, this.heartbeatChannel);
      const prefix = this.connection.keyPrefix;
      const client = this.client;
      for await (const keys of client.scanStream({
        match: `${escapeGlob(prefix)}{*}:deny:*`,
        count: 1000,
      })) {
        const batch = keys as string[];
        if (batch.length === 0) continue;
        const ttls = remainingTtls(await client.pipeline(batch.map((key) => ['pttl', key])).exec());
        batch.forEach((key, i) => {
          const entry = parseKey(key, prefix);
          // -2: it expired since the SCAN saw it.
          if (entry && ttls[i] > 0) this.entries.set(entry, true, ttls[i] / 1000);
        });
      }
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
        if (generation === this.generation) this.subscriber?.disconnect(true);
      }, wait);
      this.reload.unref();
    }
  }

  private stop(reason: string): void {
    this.generation++;
    if (this.loaded) this.logger.warn(`Revocation mirror paused (${reason}); asking Redis.`);
    this.loaded = false;
  }

  private beat(): void {
    if (!this.loaded) return;
    const sequence = ++this.sequence;
    // Expired entries go within about a second, not only after enough writes.
    if (sequence % SWEEP_EVERY_BEATS === 0) this.entries.sweep();
    this.sentAt.set(sequence, Date.now());
    // A lost heartbeat is not an error: the mirror just goes stale and `has()` asks Redis.
    this.client.publish(this.heartbeatChannel, `ping ${sequence}`).catch(() => undefined);
    // Heartbeats that never came back must not accumulate.
    for (const [old, sent] of this.sentAt) {
      if (sent >= Date.now() - 10 * this.timing.staleAfterMs) break;
      this.sentAt.delete(old);
    }
  }

  private receive(message: string): void {
    const revocation = parseRevocation(message);
    if (revocation) {
      this.entries.set(entryKey(revocation.subject, revocation.id), true, revocation.ttlSeconds);
    }
  }

  /** A heartbeat came back: every revocation published before it was sent has been applied. */
  private echo(message: string): void {
    const [kind, sequence] = message.split(' ');
    if (kind !== 'ping') return;
    const sent = this.sentAt.get(Number(sequence));
    if (sent !== undefined && sent > this.provenAt) this.provenAt = sent;
    this.sentAt.delete(Number(sequence));
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
