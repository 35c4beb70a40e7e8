import { codeOf, thrown } from '../../test/support/auth-errors.js';
import { MemoryLoginAttemptStore } from '../login-attempts/memory-login-attempt-store.js';
import { ApiKeyLookupThrottle } from './api-key-lookup-throttle.js';

const limits = { maxFailedLookupsPerIp: 2, failedLookupWindowSeconds: 900 };

/** Counts `count` failed lookups from `ip`: the code of the last one ('no error' if allowed). */
async function fail(throttle: ApiKeyLookupThrottle, ip: string, count = 1): Promise<string> {
  let last = 'no error';
  for (let i = 0; i < count; i++) last = await codeOf(throttle.failed(ip));
  return last;
}

describe('ApiKeyLookupThrottle', () => {
  it('counts an IPv6 client by its /64: rotating the interface id buys no more guesses', async () => {
    const throttle = new ApiKeyLookupThrottle(new MemoryLoginAttemptStore(), limits);
    expect(await fail(throttle, '2001:db8:1:2::1', 2)).toBe('no error');
    expect(await fail(throttle, '2001:db8:1:2:dead:beef:0:7')).toBe('too_many_attempts');
    expect(thrown(() => throttle.assertAllowed('2001:DB8:1:2::99')).code).toBe('too_many_attempts');
    expect(await fail(throttle, '2001:db8:1:3::1')).toBe('no error');
  });

  it('counts an IPv4 client the same whether the socket shows it IPv4-mapped or not', async () => {
    const throttle = new ApiKeyLookupThrottle(new MemoryLoginAttemptStore(), limits);
    expect(await fail(throttle, '::ffff:192.0.2.7', 2)).toBe('no error');
    expect(await fail(throttle, '192.0.2.7')).toBe('too_many_attempts');
    expect(await fail(throttle, '192.0.2.8')).toBe('no error');
  });

  it('remembers a bounded number of refused addresses, however many there are', async () => {
    const one = { ...limits, maxFailedLookupsPerIp: 1 };
    const throttle = new ApiKeyLookupThrottle(new MemoryLoginAttemptStore(), one);
    for (let i = 0; i < 12_000; i++) {
      await fail(throttle, `10.0.${i >> 8}.${i & 255}`, 2);
    }
    expect(throttle.refusedAddresses).toBeLessThanOrEqual(10_000);
    // Remembered here or not, an address over its limit is refused: its counter says so.
    expect(await fail(throttle, '10.0.0.0')).toBe('too_many_attempts');
  });
});
