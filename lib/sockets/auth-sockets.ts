import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { Denylist } from '../denylist/denylist.interface.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { parseRevocation, revocationChannel } from '../denylist/revocation-channel.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { SOCKET_TOKEN_MISSING, type SocketLike, SocketRequest } from '../request/socket-request.js';
import { RedisConnection } from '../store/redis-connection.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';
import { denylistIds } from '../denylist/denylist-ids.js';

/** Sent to a watched socket before it is disconnected: `{ code, message }`. */
export const AUTH_REVOKED_EVENT = 'auth_revoked';
/** Sent by a client with a fresh access token, to keep its socket past the old token's expiry. */
export const AUTH_RENEW_EVENT = 'auth.renew';

/** How long a connection waits for the revocation subscription before it is refused (503). */
const SUBSCRIBE_WAIT_MS = 2000;
/**
 * How long a socket admitted by the middleware may wait for socket.io to connect it before it is
 * forgotten: socket.io tells nobody of a socket that a later middleware refuses.
 */
const CONNECT_WAIT_MS = 2000;
/** The longest delay setTimeout honours; past it (about 24.8 days) a timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The parts of a socket.io socket that {@link AuthSockets} uses (socket.io is not a dependency). */
export interface WatchableSocket extends SocketLike {
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  disconnect(close?: boolean): unknown;
  /** Whether socket.io has connected it: false while its middlewares run. */
  connected?: boolean;
  /** Its namespace, which announces each socket it connects. */
  nsp?: { on(event: 'connection', listener: (socket: WatchableSocket) => void): unknown };
}

/** What a client's `auth.renew` is acknowledged with. */
export type RenewAck = { ok: true; exp: number } | { ok: false; code: string; message: string };

interface Watched {
  socket: WatchableSocket;
  sub: string;
  /** Its token's denylist ids (`sid:…`, `jti:…`): a revocation of any of them ends the socket. */
  ids: string[];
  timer?: NodeJS.Timeout;
  /** Set from its admission by the middleware until socket.io connects it. */
  connecting?: NodeJS.Timeout;
  /** Set while its connection is being admitted: a revocation then refuses it instead. */
  admitting?: { revoked?: AuthErrorCode };
  /**
   * Set while an `auth.renew` is verified: one at a time, so that a client cannot make the
   * server verify thousands at once, nor a failed renewal unindex the ids of one still pending.
   */
  renewing?: boolean;
}

/**
 * Ends authenticated socket.io connections when their session is revoked on any instance (told
 * through the revocation channel, not polled) and when their access token expires, each with an
 * `auth_revoked` event first; lets a client renew its token in-band (`auth.renew`). The guard
 * still verifies the token before every message: this is what reaches a socket that sends none.
 */
@Injectable()
export class AuthSockets implements OnApplicationShutdown {
  private readonly logger = new Logger('nest-jwt-auth');
  /** `<sub>\n<denylist id>` to the sockets whose token it blocks. */
  private readonly byId = new Map<string, Set<Watched>>();
  private readonly watched = new Map<WatchableSocket, Watched>();
  /** Sockets the middleware admitted: one that connects after it was forgotten is checked again. */
  private readonly admitted = new WeakSet<WatchableSocket>();
  private readonly namespaces = new WeakSet<object>();
  /** Sockets whose `disconnect` and `auth.renew` listeners are set. */
  private readonly hooked = new WeakSet<WatchableSocket>();
  private subscribed: Promise<void> | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly strategy: JwtStrategy,
    @Inject(Denylist) private readonly denylist: Denylist,
    @Inject(RedisConnection) private readonly connection: RedisConnection | null,
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  /** Sockets watched right now. */
  get size(): number {
    return this.watched.size;
  }

  /**
   * A socket.io middleware (`server.use(authSockets.middleware())` in a gateway's `afterInit`):
   * refuses a connection without a valid token (the client's `connect_error` carries `data.code`)
   * and watches the others. A later middleware may still refuse the socket: one that socket.io has
   * not connected within 2 s is forgotten, and verified again if it connects after all.
   */
  middleware(): (socket: WatchableSocket, next: (error?: Error) => void) => void {
    return (socket, next) => {
      this.watch(socket).then(
        () => {
          this.awaitConnection(socket);
          next();
        },
        (error: unknown) => {
          const refusal = asAuthException(error);
          next(Object.assign(new Error(refusal.message), { data: refusal.getResponse() }));
        },
      );
    };
  }

  /**
   * Verifies the socket's handshake token, puts its user on `socket.data.user` and watches the
   * socket until it disconnects. Throws the {@link AuthException} of a token it refuses.
   */
  async watch(socket: WatchableSocket): Promise<AuthenticatedUser> {
    const known = this.watched.get(socket);
    if (known && !known.admitting && socket.data?.user) return socket.data.user;
    const { user, claims } = await this.verify(new SocketRequest(socket).accessToken);
    const watched: Watched = { socket, sub: claims.sub, ids: [], admitting: {} };
    this.watched.set(socket, watched);
    try {
      await this.follow(watched, claims);
    } catch (error) {
      this.forget(watched);
      throw error;
    }
    const { revoked } = watched.admitting!;
    watched.admitting = undefined;
    if (revoked) {
      this.forget(watched);
      throw new AuthException(revoked);
    }
    (socket.data ??= {}).user = user;
    if (!this.hooked.has(socket)) {
      // Once per socket: watched again after it was forgotten, it is the new record that counts.
      this.hooked.add(socket);
      const current = () => this.watched.get(socket) ?? watched;
      socket.on('disconnect', () => this.forget(current()));
      socket.on(AUTH_RENEW_EVENT, (payload: unknown, ack?: (answer: RenewAck) => void) => {
        void this.renew(current(), payload).then((answer) => {
          if (typeof ack === 'function') ack(answer);
        });
      });
    }
    return user;
  }

  private awaitConnection(socket: WatchableSocket): void {
    const watched = this.watched.get(socket);
    if (!watched || !socket.nsp) return;
    this.admitted.add(socket);
    if (!this.namespaces.has(socket.nsp)) {
      this.namespaces.add(socket.nsp);
      socket.nsp.on('connection', (connected) => this.connected(connected));
    }
    clearTimeout(watched.connecting);
    watched.connecting = setTimeout(() => {
      if (!socket.connected && this.watched.get(socket) === watched) this.forget(watched);
    }, CONNECT_WAIT_MS);
    watched.connecting.unref();
  }

  /**
   * A socket connected by its namespace: watched, it needs nothing more. Forgotten while a later
   * middleware took its time, or ended by a revocation before it was connected (when socket.io
   * cannot yet disconnect it), its token is verified again and it is ended if refused now.
   */
  private connected(socket: WatchableSocket): void {
    const watched = this.watched.get(socket);
    if (watched) {
      clearTimeout(watched.connecting);
      watched.connecting = undefined;
      return;
    }
    if (!this.admitted.has(socket)) return;
    this.watch(socket).then(
      () => {
        // Gone while verified: no 'disconnect' is coming for the listener watch() added.
        const again = this.watched.get(socket);
        if (socket.connected === false && again) this.forget(again);
      },
      (error: unknown) => {
        const refusal = asAuthException(error);
        if (socket.data) socket.data.user = undefined;
        socket.emit(AUTH_REVOKED_EVENT, { code: refusal.code, message: refusal.message });
        socket.disconnect(true);
      },
    );
  }

  onApplicationShutdown(): void {
    for (const watched of this.watched.values()) {
      clearTimeout(watched.timer);
      clearTimeout(watched.connecting);
    }
    this.watched.clear();
    this.byId.clear();
    this.stopListening?.();
  }

  /** Verified with the revocation subscription already live, so no revocation falls between. */
  private async verify(token: string | null) {
    if (!token) throw new AuthException(AuthErrorCode.TokenMissing, SOCKET_TOKEN_MISSING);
    await this.listening();
    const [user, claims] = await this.strategy.validate(token);
    return { user, claims };
  }

  /**
   * Indexes the socket under its (new) token's ids, then asks the denylist once more: a
   * revocation published after verification but before indexing was missed by the index, not by
   * the store. Only then are the old token's ids and timer dropped, so a refused renewal leaves
   * the socket followed as before.
   */
  private async follow(watched: Watched, claims: AccessTokenClaims): Promise<void> {
    const ids = denylistIds(claims);
    this.index(watched, ids);
    try {
      if (ids.length > 0 && (await this.denylist.has(watched.sub, ids))) {
        throw new AuthException(AuthErrorCode.TokenRevoked);
      }
      // Ended or disconnected meanwhile: it was forgotten, and must not be indexed again.
      if (this.watched.get(watched.socket) !== watched) {
        throw new AuthException(AuthErrorCode.TokenRevoked);
      }
    } catch (error) {
      const followed = this.watched.get(watched.socket) === watched;
      this.unindex(watched, followed ? ids.filter((id) => !watched.ids.includes(id)) : ids);
      throw error;
    }
    this.unindex(
      watched,
      watched.ids.filter((id) => !ids.includes(id)),
    );
    watched.ids = ids;
    // Refused by the guard from exp + tolerance on, so ended then.
    this.endAt(watched, (claims.exp + this.options.clockToleranceSeconds) * 1000);
  }

  private endAt(watched: Watched, endsAt: number): void {
    clearTimeout(watched.timer);
    const delay = Math.max(0, endsAt - this.options.clock());
    watched.timer = setTimeout(
      () =>
        delay > MAX_TIMER_MS
          ? this.endAt(watched, endsAt)
          : this.end(watched, AuthErrorCode.TokenExpired),
      Math.min(delay, MAX_TIMER_MS),
    );
    watched.timer.unref();
  }

  private async renew(watched: Watched, payload: unknown): Promise<RenewAck> {
    if (watched.renewing) {
      return {
        ok: false,
        code: AuthErrorCode.TooManyAttempts,
        message: 'This socket is already being renewed: wait for that answer.',
      };
    }
    watched.renewing = true;
    const token =
      typeof payload === 'string' ? payload : (payload as { token?: unknown } | null)?.token;
    try {
      const { user, claims } = await this.verify(typeof token === 'string' ? token : null);
      if (claims.sub !== watched.sub) {
        throw new AuthException(
          AuthErrorCode.Forbidden,
          'A socket keeps its user: renew it with a token of the same subject.',
        );
      }
      await this.follow(watched, claims);
      const socket = watched.socket;
      // The guard reads the handshake's token before every message: now this one.
      if (socket.handshake) socket.handshake.auth = { ...socket.handshake.auth, token };
      (socket.data ??= {}).user = user;
      return { ok: true, exp: claims.exp };
    } catch (error) {
      const refusal = asAuthException(error);
      return { ok: false, code: refusal.code, message: refusal.message };
    } finally {
      watched.renewing = false;
    }
  }

  private end(watched: Watched, code: AuthErrorCode): void {
    if (watched.admitting) {
      watched.admitting.revoked = code;
      return;
    }
    if (!this.watched.has(watched.socket)) return;
    this.forget(watched);
    const socket = watched.socket;
    if (socket.data) socket.data.user = undefined;
    socket.emit(AUTH_REVOKED_EVENT, { code, message: new AuthException(code).message });
    socket.disconnect(true);
  }

  private forget(watched: Watched): void {
    clearTimeout(watched.timer);
    clearTimeout(watched.connecting);
    this.unindex(watched, watched.ids);
    if (this.watched.get(watched.socket) === watched) this.watched.delete(watched.socket);
  }

  private index(watched: Watched, ids: string[]): void {
    for (const id of ids) {
      const key = `${watched.sub}\n${id}`;
      this.byId.set(key, (this.byId.get(key) ?? new Set()).add(watched));
    }
  }

  private unindex(watched: Watched, ids: string[]): void {
    for (const id of ids) {
      const key = `${watched.sub}\n${id}`;
      const sockets = this.byId.get(key);
      sockets?.delete(watched);
      if (sockets?.size === 0) this.byId.delete(key);
    }
  }

  private revoked(subject: string, id: string): void {
    for (const watched of [...(this.byId.get(`${subject}\n${id}`) ?? [])]) {
      this.end(watched, AuthErrorCode.TokenRevoked);
    }
  }

  /**
   * Subscribes once, at the first socket, so apps without sockets open no connection. A failed
   * subscription (Redis down then) is dropped and tried again at the next socket: kept, it would
   * refuse every socket until the process restarts.
   */
  private async listening(): Promise<void> {
    this.subscribed ??= this.listen().catch((error: unknown) => {
      this.stopListening?.();
      this.stopListening = undefined;
      this.subscribed = undefined;
      throw error;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AuthException(AuthErrorCode.AuthStoreUnavailable)),
        SUBSCRIBE_WAIT_MS,
      );
    });
    try {
      await Promise.race([this.subscribed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async listen(): Promise<void> {
    if (this.denylist instanceof MemoryDenylist) {
      this.stopListening = this.denylist.onRevocation((subject, id) => this.revoked(subject, id));
      return;
    }
    if (!this.connection) {
      this.logger.warn(
        'AuthSockets: a custom denylist announces no revocations; sockets are ended at expiry, ' +
          'and every message is still verified by the guard.',
      );
      return;
    }
    const client = this.connection.client;
    const subscriber = client.isCluster
      ? (client as Cluster).duplicate([], { enableOfflineQueue: true })
      : (client as Redis).duplicate({ enableOfflineQueue: true });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, message: string) => {
      const revocation = parseRevocation(message);
      if (revocation) this.revoked(revocation.subject, revocation.id);
    });
    // After a reconnection, what was published meanwhile is asked of the denylist itself.
    subscriber.on('ready', () => void this.resync());
    this.stopListening = () => subscriber.disconnect();
    await subscriber.subscribe(revocationChannel(this.connection.keyPrefix));
  }

  private async resync(): Promise<void> {
    for (const watched of [...this.watched.values()]) {
      if (watched.ids.length === 0) continue;
      const revoked = await this.denylist.has(watched.sub, watched.ids).catch(() => false);
      if (revoked) this.end(watched, AuthErrorCode.TokenRevoked);
    }
  }
}

function asAuthException(error: unknown): AuthException {
  return error instanceof AuthException
    ? error
    : new AuthException(AuthErrorCode.AuthStoreUnavailable, undefined, { cause: error });
}
