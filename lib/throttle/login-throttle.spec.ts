import { AuthErrorCode } from '../errors/auth-error-code.js';
import { type AuthException } from '../errors/auth.exception.js';
import { type AttemptCounter } from '../login-attempts/login-attempt-store.interface.js';
import { MemoryLoginAttemptStore } from '../login-attempts/memory-login-attempt-store.js';
import { resolveLoginThrottle } from '../options/resolve-login-throttle.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { LoginThrottle } from './login-throttle.js';

type Release = Parameters<MemoryLoginAttemptStore['release']>[0];

/** A memory store that remembers the counters of every reservation and release. */
class RecordingStore extends MemoryLoginAttemptStore {
  readonly reserved: AttemptCounter[][] = [];
  readonly released: Release[] = [];
  override reserve(counters: readonly AttemptCounter[], windowSeconds: number) {
    this.reserved.push([...counters]);
    return super.reserve(counters, windowSeconds);
  }
  override release(counters: Release) {
    this.released.push(counters);
    return super.release(counters);
  }
}

function throttle(options = {}) {
  const store = new RecordingStore();
  const loginThrottle = resolveLoginThrottle({ maxAttemptsPerUsernameAndIp: 2, ...options });
  return { store, throttle: new LoginThrottle({ loginThrottle } as ResolvedAuthOptions, store) };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: AuthException) => error.code,
  );

describe('LoginThrottle', () => {
  it('counts under the pair, the username and the IP, with keys of fixed length', async () => {
    const { store, throttle: subject } = throttle();
    await subject.reserve('x'.repeat(256), '2001:db8::1');
    await subject.reserve('ａ', `${'9'.repeat(4000)}`);
    const [first, second] = store.reserved;
    expect(first.map(({ key }) => key.split(':')[0])).toEqual(['pair', 'user', 'ip']);
    expect(first.map(({ limit }) => limit)).toEqual([2, 100, 100]);
    for (const { key } of [...first, ...second]) {
      expect(key).toMatch(/^(pair|user|ip):[A-Za-z0-9_-]{43}$/);
    }
  });

  it('a success forgets the pair and refunds the username and IP counters', async () => {
    const { store, throttle: subject } = throttle();
    const attempt = await subject.reserve('ann', '192.0.2.1');
    const [pair, user, ip] = store.reserved[0].map(({ key }) => key);
    expect(attempt).toEqual({ pair, shared: [user, ip] });
    await subject.succeeded(attempt);
    expect(store.released).toEqual([{ forget: [pair], refund: [user, ip] }]);
  });

  it('keys the pair on the username and the IP together', async () => {
    const { throttle: subject } = throttle();
    await subject.reserve('ann', '192.0.2.1');
    await subject.reserve('ann', '192.0.2.1');
    expect(await codeOf(subject.reserve('ann', '192.0.2.2'))).toBe('allowed');
    expect(await codeOf(subject.reserve('bea', '192.0.2.1'))).toBe('allowed');
    expect(await codeOf(subject.reserve('ann', '192.0.2.1'))).toBe(AuthErrorCode.TooManyAttempts);
  });

  it('counts a whole IPv6 /64, and an IPv4 client however its socket shows it, as one IP', async () => {
    const { throttle: subject } = throttle();
    await subject.reserve('ann', '2001:db8:1:2::1');
    await subject.reserve('ann', '2001:db8:1:2:ffff::9');
    expect(await codeOf(subject.reserve('ann', '2001:db8:1:3::1'))).toBe('allowed');
    expect(await codeOf(subject.reserve('ann', '2001:db8:1:2:abcd::'))).toBe(
      AuthErrorCode.TooManyAttempts,
    );
    await subject.reserve('bea', '192.0.2.7');
    await subject.reserve('bea', '::ffff:192.0.2.7');
    expect(await codeOf(subject.reserve('bea', '192.0.2.7'))).toBe(AuthErrorCode.TooManyAttempts);
  });

  it('without an IP, holds the username to the pair limit and counts no IP', async () => {
    const { store, throttle: subject } = throttle();
    expect(await codeOf(subject.reserve('ann'))).toBe('allowed');
    expect(await codeOf(subject.reserve('ann'))).toBe('allowed');
    expect(await codeOf(subject.reserve('ANN'))).toBe(AuthErrorCode.TooManyAttempts);
    expect(store.reserved[0].map(({ key }) => key.split(':')[0])).toEqual(['pair', 'user']);
  });

  it('counts an attempt with an empty IP as one without an IP', async () => {
    const { store, throttle: subject } = throttle();
    expect(await codeOf(subject.reserve('ann'))).toBe('allowed');
    expect(await codeOf(subject.reserve('ann', ''))).toBe('allowed');
    expect(await codeOf(subject.reserve('ann'))).toBe(AuthErrorCode.TooManyAttempts);
    expect(store.reserved[1].map(({ key }) => key.split(':')[0])).toEqual(['pair', 'user']);
  });

  it('keys attempts on what normalizeUsername returns', async () => {
    const { throttle: subject } = throttle({ normalizeUsername: async () => 'one-account' });
    await subject.reserve('ann', '192.0.2.1');
    await subject.reserve('bea', '192.0.2.1');
    expect(await codeOf(subject.reserve('cid', '192.0.2.1'))).toBe(AuthErrorCode.TooManyAttempts);
    expect(await codeOf(subject.reserve('cid', '192.0.2.2'))).toBe('allowed');
  });

  it('refuses with the seconds left in the window', async () => {
    const { throttle: subject } = throttle({ windowSeconds: 60 });
    await subject.reserve('ann', '192.0.2.1');
    await subject.reserve('ann', '192.0.2.1');
    const refused = (await subject.reserve('ann', '192.0.2.1').catch((e) => e)) as AuthException;
    expect(refused.retryAfterSeconds).toBeGreaterThan(55);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('does nothing when turned off', async () => {
    const store = new RecordingStore();
    const off = new LoginThrottle({ loginThrottle: null } as ResolvedAuthOptions, store);
    expect(await off.reserve('ann', '192.0.2.1')).toBeNull();
    await off.succeeded(null);
    expect(store.reserved).toEqual([]);
  });
});
