import type { Redis } from 'ioredis';

/** What a {@link RevocationFeed} tells its mirror. */
export interface FeedEvents {
  /** Every connection of the feed is up: time to subscribe and load. */
  ready(): void;
  /** A connection dropped or the set of connections changed: revocations may have been missed. */
  lost(reason: string): void;
  /** A message on the revocation channel. */
  message(message: string): void;
}

/**
 * Where a revocation mirror hears revocations, and how it proves it has heard them all: on one
 * node, one subscription; on a Redis Cluster, one subscription per node.
 */
export interface RevocationFeed {
  open(events: FeedEvents): void;
  /** Subscribes every connection to the revocation channel; rejects when any subscription fails. */
  subscribe(): Promise<void>;
  /** The nodes whose keys the mirror loads (SCAN): every master. */
  masters(): Promise<Redis[]>;
  /** One heartbeat round, every `heartbeatMs`. */
  beat(): void;
  /**
   * When the oldest proof still standing was sent: every revocation written before then (and after
   * the subscription) has been delivered. `-Infinity` when nothing is proven.
   */
  readonly provenAt: number;
  /** Drops every connection and opens them again: after a failed load. */
  reconnect(): void;
  close(): void;
}
