import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type FeedEvents, type RevocationFeed } from './revocation-feed.js';
import { heartbeatChannel } from './revocation-channel.js';

/**
 * The revocations of one Redis (or a Sentinel-managed one): a single subscriber connection.
 *
 * Currency is proven by heartbeats published through the module's own client on this mirror's
 * heartbeat channel, which the subscriber also listens on. Redis delivers a connection's messages
 * in publish order, so the echo of a heartbeat sent at T proves that every revocation published
 * before T has arrived; and a heartbeat travels the same way revocations do, from whichever node
 * the client writes to (with Sentinel, the subscriber could sit on another).
 */
export class SingleNodeFeed implements RevocationFeed {
  private readonly heartbeatChannel: string;
  private subscriber: Redis | undefined;
  private sequence = 0;
  private readonly sentAt = new Map<number, number>();
  provenAt = -Infinity;

  constructor(
    private readonly client: Redis,
    private readonly channel: string,
    keyPrefix: string,
    private readonly staleAfterMs: number,
  ) {
    this.heartbeatChannel = heartbeatChannel(keyPrefix, randomUUID());
  }

  open(events: FeedEvents): void {
    const subscriber = this.client.duplicate({
      autoResubscribe: false,
      enableOfflineQueue: true,
      lazyConnect: true,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => events.ready());
    subscriber.on('close', () => events.lost('the subscription closed'));
    subscriber.on('message', (channel: string, message: string) =>
      channel === this.heartbeatChannel ? this.echo(message) : events.message(message),
    );
    subscriber.connect().catch(() => undefined);
  }

  async subscribe(): Promise<void> {
    await this.subscriber!.subscribe(this.channel, this.heartbeatChannel);
  }

  masters(): Promise<Redis[]> {
    return Promise.resolve([this.client]);
  }

  beat(): void {
    const sequence = ++this.sequence;
    this.sentAt.set(sequence, Date.now());
    // A lost heartbeat is not an error: the mirror just goes stale and asks Redis.
    this.client.publish(this.heartbeatChannel, `ping ${sequence}`).catch(() => undefined);
    // Heartbeats that never came back must not accumulate.
    for (const [old, sent] of this.sentAt) {
      if (sent >= Date.now() - 10 * this.staleAfterMs) break;
      this.sentAt.delete(old);
    }
  }

  reconnect(): void {
    this.subscriber?.disconnect(true);
  }

  close(): void {
    this.subscriber?.disconnect();
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
