// AuthSockets under races an HTTP e2e cannot time: a client that leaves while its renewal is
// being verified, renewals that overlap, a denylist that fails once, tokens that outlive a timer.
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type JwtStrategy } from '../strategies/jwt.strategy.js';
import {
  AUTH_RENEW_EVENT,
  AUTH_REVOKED_EVENT,
  AuthSockets,
  type RenewAck,
} from './auth-sockets.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Tokens are their own names; each verification waits for the gate of its token, if any. */
class Tokens {
  readonly claims = new Map<string, AccessTokenClaims>();
  readonly gates = new Map<string, Promise<void>>();
  validations = 0;

  add(token: string, claims: Partial<AccessTokenClaims>): string {
    this.claims.set(token, { sub: 'ann', exp: nowSeconds() + 60, ...claims } as AccessTokenClaims);
    return token;
  }

  /** A gate that holds the verification of `token` until opened. */
  hold(token: string): () => void {
    let open!: () => void;
    this.gates.set(token, new Promise<void>((resolve) => (open = resolve)));
    return () => {
      this.gates.delete(token);
      open();
    };
  }

  strategy(): JwtStrategy {
    return {
      validate: async (token: string) => {
        this.validations++;
        await this.gates.get(token);
        const claims = this.claims.get(token);
        if (!claims) throw new Error('unknown token');
        return [{ sub: claims.sub, roles: [] }, claims];
      },
    } as unknown as JwtStrategy;
  }
}

/** A socket.io socket as AuthSockets sees it, with what it was sent and whether it was ended. */
class FakeSocket {
  readonly handlers = new Map<string, (...args: never[]) => void>();
  readonly emitted: unknown[][] = [];
  disconnected = false;
  data: Record<string, unknown> = {};
  handshake: { auth: Record<string, unknown>; headers: Record<string, string> };

  constructor(token: string) {
    this.handshake = { auth: { token }, headers: {} };
  }

  on(event: string, listener: (...args: never[]) => void) {
    this.handlers.set(event, listener);
  }

  emit(...args: unknown[]) {
    this.emitted.push(args);
  }

  disconnect() {
    this.disconnected = true;
    (this.handlers.get('disconnect') as (() => void) | undefined)?.();
  }

  renew(token: string): Promise<RenewAck> {
    return new Promise((resolve) =>
      (this.handlers.get(AUTH_RENEW_EVENT) as (p: unknown, ack: unknown) => void)(
        { token },
        resolve,
      ),
    );
  }
}

function setUp() {
  const tokens = new Tokens();
  const denylist = new MemoryDenylist();
  const options = { clockToleranceSeconds: 0, clock: () => Date.now() } as ResolvedAuthOptions;
  const sockets = new AuthSockets(tokens.strategy(), denylist, null, options);
  /** The watched entries the revocation index still holds, whether their socket is alive or not. */
  const indexed = () => (sockets as unknown as { byId: Map<string, Set<unknown>> }).byId.size;
  return { tokens, denylist, sockets, indexed };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('AuthSockets, a socket that leaves while its renewal is pending', () => {
  it('leaves nothing in the revocation index (no leak per connect-renew-disconnect)', async () => {
    const { tokens, sockets, indexed } = setUp();
    const first = tokens.add('first', { sid: 's1', jti: 'j1' });
    const socket = new FakeSocket(first);
    await sockets.watch(socket);
    const next = tokens.add('next', { sid: 's1', jti: 'j2' });
    const open = tokens.hold(next);
    const renewal = socket.renew(next);
    socket.disconnect();
    open();
    await renewal;
    await settle();
    expect(sockets.size).toBe(0);
    expect(indexed()).toBe(0);
  });

  it('is not handed its user back by a renewal that ends after the socket did', async () => {
    const { tokens, denylist, sockets } = setUp();
    const socket = new FakeSocket(tokens.add('first', { sid: 's1', jti: 'j1' }));
    await sockets.watch(socket);
    const next = tokens.add('next', { sid: 's2', jti: 'j2' });
    const open = tokens.hold(next);
    const renewal = socket.renew(next);
    // The old session is logged out during the renewal: the socket is ended then.
    await denylist.add('ann', 'sid:s1', 60);
    expect(socket.disconnected).toBe(true);
    open();
    expect(await renewal).toMatchObject({ ok: false });
    expect(socket.data.user).toBeUndefined();
  });
});

describe('AuthSockets, overlapping renewals', () => {
  it('still ends the socket at a logout of the session it follows when one renewal failed', async () => {
    const { tokens, denylist, sockets } = setUp();
    const socket = new FakeSocket(tokens.add('first', { sid: 's1', jti: 'j1' }));
    await sockets.watch(socket);
    const failing = tokens.add('failing', { sid: 's2', jti: 'j2' });
    const winning = tokens.add('winning', { sid: 's2', jti: 'j3' });
    // Both renewals reach the denylist; the first one's check fails (a command timeout), then
    // the second one's answers "not revoked".
    const has = denylist.has.bind(denylist);
    const checks: { resolve: (revoked: boolean) => void; reject: (error: Error) => void }[] = [];
    denylist.has = () => new Promise((resolve, reject) => checks.push({ resolve, reject }));
    const acks = [socket.renew(failing), socket.renew(winning)];
    await settle();
    denylist.has = has;
    checks[0]?.reject(new Error('command timed out'));
    await settle();
    checks[1]?.resolve(false);
    const answers = await Promise.all(acks);
    // Whichever renewal was kept (if any), a logout of the session it follows must end it.
    await denylist.add('ann', answers.some((answer) => answer.ok) ? 'sid:s2' : 'sid:s1', 60);
    expect(socket.disconnected).toBe(true);
    expect(socket.emitted).toContainEqual([
      AUTH_REVOKED_EVENT,
      expect.objectContaining({ code: 'token_revoked' }),
    ]);
  });

  it('verifies one renewal at a time per socket: a storm does not verify 1,000 times at once', async () => {
    const { tokens, sockets } = setUp();
    const socket = new FakeSocket(tokens.add('first', { sid: 's1', jti: 'j1' }));
    await sockets.watch(socket);
    const next = tokens.add('next', { sid: 's1', jti: 'j2' });
    const open = tokens.hold(next);
    const before = tokens.validations;
    const acks = Array.from({ length: 1000 }, () => socket.renew(next));
    await settle();
    const inFlight = tokens.validations - before;
    open();
    await Promise.all(acks);
    expect(inFlight).toBe(1);
    expect((await acks[0]).ok).toBe(true);
  });
});

describe('AuthSockets, expiry', () => {
  it('keeps a socket whose token expires in 30 days (beyond a 32-bit timer)', async () => {
    const { tokens, sockets } = setUp();
    const socket = new FakeSocket(tokens.add('long', { exp: nowSeconds() + 30 * 86_400 }));
    await sockets.watch(socket);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.disconnected).toBe(false);
    sockets.onApplicationShutdown();
  });
});
