import type { Cluster, Redis } from 'ioredis';
import { closeRedis } from '../store/close-redis.js';
import { type FeedEvents, type RevocationFeed } from './revocation-feed.js';

/** How long a node's subscription that failed waits before it is opened again. */
const RESUBSCRIBE_WAIT_MS = 1000;
/** The cluster's layout is read again every this many beats, so a node that joins is followed. */
const REFRESH_EVERY_BEATS = 10;
const SLOT_COUNT = 16384;

/** One node's subscription, and when its latest answered PING was sent. */
interface NodeSubscription {
  redis: Redis;
  provenAt: number;
  /** Closed: kept (the node still counts) until it is opened again or leaves the cluster. */
  closedAt?: number;
}

/**
 * The revocations of a Redis Cluster: one subscription on every node, masters and replicas.
 *
 * A revocation is published by the master of its subject's slot, and a classic PUBLISH reaches
 * that node's own subscribers directly, in the order the node runs its commands; the copies the
 * cluster bus carries to the other nodes are not relied on (a bus link that drops loses them
 * unnoticed). So the feed proves each node separately: a PING sent on the node's subscription is
 * answered behind every message the node published before it, and the feed is as current as its
 * least current node. Replicas are subscribed too, so that a replica promoted to master already
 * has a proven subscription, whether or not the old master's connection closed.
 */
export class ClusterFeed implements RevocationFeed {
  private readonly subscriptions = new Map<string, NodeSubscription>();
  private events: FeedEvents | undefined;
  private beats = 0;
  private closed = false;
  /** The mirror was told to load since the last change. */
  private settled = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly channel: string,
  ) {}

  get provenAt(): number {
    if (this.subscriptions.size === 0) return -Infinity;
    let oldest = Infinity;
    for (const { provenAt } of this.subscriptions.values()) oldest = Math.min(oldest, provenAt);
    return oldest;
  }

  open(events: FeedEvents): void {
    this.events = events;
    this.reconcile();
  }

  async subscribe(): Promise<void> {
    await Promise.all(
      [...this.subscriptions.values()].map(({ redis }) => redis.subscribe(this.channel)),
    );
  }

  /** The masters of every slot, as the cluster client routes to them. */
  masters(): Promise<Redis[]> {
    const masters = this.mastersHeard();
    if (!masters) return Promise.reject(new Error('a slot has no master whose subscription is up'));
    return Promise.resolve([...masters.values()]);
  }

  beat(): void {
    if (++this.beats % REFRESH_EVERY_BEATS === 0 && this.cluster.status === 'ready') {
      this.cluster.refreshSlotsCache(() => undefined);
    }
    this.reconcile();
    this.settle();
    for (const subscription of this.subscriptions.values()) {
      if (subscription.redis.status !== 'ready') continue;
      const sent = Date.now();
      subscription.redis.ping().then(
        () => (subscription.provenAt = Math.max(subscription.provenAt, sent)),
        () => undefined,
      );
    }
  }

  reconnect(): void {
    for (const [key, { redis }] of this.subscriptions) {
      this.subscriptions.delete(key);
      closeRedis(redis);
    }
    this.reconcile();
  }

  close(): void {
    this.closed = true;
    for (const { redis } of this.subscriptions.values()) closeRedis(redis);
    this.subscriptions.clear();
  }

  /** Subscribes to every node the cluster client knows, and to no other. */
  private reconcile(): void {
    if (this.closed) return;
    const nodes = new Map(this.cluster.nodes('all').map((redis) => [nodeKey(redis), redis]));
    let changed = false;
    for (const [key, subscription] of this.subscriptions) {
      const gone = !nodes.has(key);
      const retry =
        subscription.closedAt !== undefined &&
        Date.now() - subscription.closedAt >= RESUBSCRIBE_WAIT_MS;
      if (!gone && !retry) continue;
      this.subscriptions.delete(key);
      closeRedis(subscription.redis);
      changed ||= gone;
    }
    for (const [key, node] of nodes) {
      if (this.subscriptions.has(key)) continue;
      this.subscriptions.set(key, this.subscribeTo(key, node));
      changed = true;
    }
    if (changed) this.unsettle("the cluster's nodes changed");
  }

  private subscribeTo(key: string, node: Redis): NodeSubscription {
    const redis = node.duplicate({
      autoResubscribe: false,
      enableOfflineQueue: true,
      lazyConnect: true,
      // A dropped subscription is opened anew by reconcile(), and counts as a change.
      retryStrategy: () => null,
    });
    const subscription: NodeSubscription = { redis, provenAt: -Infinity };
    redis.on('error', () => undefined);
    redis.on('ready', () => this.settle());
    redis.on('close', () => {
      if (this.subscriptions.get(key) !== subscription || subscription.closedAt !== undefined)
        return;
      subscription.closedAt = Date.now();
      this.unsettle(`the subscription to ${key} closed`);
    });
    redis.on('message', (_channel: string, message: string) => this.events?.message(message));
    redis.connect().catch(() => undefined);
    return subscription;
  }

  private unsettle(reason: string): void {
    this.settled = false;
    this.events?.lost(reason);
  }

  /**
   * Tells the mirror to load once every node's subscription is up and every slot's master is
   * among them; once per change.
   */
  private settle(): void {
    if (this.settled || this.subscriptions.size === 0) return;
    for (const { redis } of this.subscriptions.values()) if (redis.status !== 'ready') return;
    if (!this.mastersHeard()) return;
    this.settled = true;
    this.events?.ready();
  }

  /**
   * The master of every slot, as the cluster client routes writes, when each of them is a node
   * whose subscription is up; else `undefined`: the revocations of a slot could go unheard.
   */
  private mastersHeard(): Map<string, Redis> | undefined {
    const pool = new Map(this.cluster.nodes('all').map((redis) => [nodeKey(redis), redis]));
    const masters = new Map<string, Redis>();
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const key = this.cluster.slots[slot]?.[0];
      if (key === undefined) return undefined;
      if (masters.has(key)) continue;
      const node = pool.get(key);
      if (!node || this.subscriptions.get(key)?.redis.status !== 'ready') return undefined;
      masters.set(key, node);
    }
    return masters;
  }
}

function nodeKey(redis: Redis): string {
  return `${redis.options.host}:${redis.options.port}`;
}
