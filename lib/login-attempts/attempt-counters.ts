import { createHash } from 'node:crypto';
import { type AttemptCounter } from './login-attempt-store.interface.js';
import { throttledAddressOf } from '../request/throttled-address.js';

/** The limits of one kind of attempt: per subject and address pair, per subject, per address. */
export interface AttemptLimits {
  pair: number;
  subject: number;
  ip: number;
}

/**
 * The counters one attempt is counted under, with keys of fixed length whatever the input: the
 * subject and address pair first, the subject alone, and with an IP the address (an IPv6 client
 * holds a /64, and an IPv4 client may show as `::ffff:a.b.c.d`). `scope` keeps the counters of
 * one kind of attempt apart from another's in the same store.
 */
export function attemptCounters(
  scope: readonly string[],
  subject: string,
  ip: string | undefined,
  limits: AttemptLimits,
): AttemptCounter[] {
  const digest = (...parts: string[]) =>
    createHash('sha256')
      .update(JSON.stringify([...scope, ...parts]))
      .digest('base64url');
  const address = ip === undefined ? '' : throttledAddressOf(ip);
  const counters: AttemptCounter[] = [
    { key: `pair:${digest(subject, address)}`, limit: limits.pair },
    { key: `user:${digest(subject)}`, limit: limits.subject },
  ];
  // Without an IP (a direct call of AuthService.login) the pair limit holds the subject alone.
  if (ip) counters.push({ key: `ip:${digest(address)}`, limit: limits.ip });
  return counters;
}
