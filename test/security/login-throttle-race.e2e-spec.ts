import { type INestApplication } from '@nestjs/common';
import { type AuthStoreOptions } from 'nest-jwt-auth';
import { expectAuthError } from '../support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import {
  PasswordChecks,
  bootThrottledApp,
  loginFrom,
  statusTally,
} from '../support/throttled-app.js';

const prefix = uniqueKeyPrefix('throttle-race');
const LIMITS = {
  maxAttemptsPerUsernameAndIp: 5,
  maxAttemptsPerUsername: 100,
  maxAttemptsPerIp: 20,
};
const opened: INestApplication[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((app) => app.close()));
});

afterAll(async () => {
  await deleteKeys(prefix);
});

let apps = 0;
/** `instances` apps sharing one store (one Redis prefix), and the password checks they made. */
async function boot(store: 'memory' | 'redis', instances = 1) {
  const shared: AuthStoreOptions =
    store === 'memory' ? 'memory' : { redis: REDIS_URL, keyPrefix: `${prefix}${++apps}:` };
  const checks = new PasswordChecks();
  const booted = await Promise.all(
    Array.from({ length: instances }, () => bootThrottledApp(shared, LIMITS, checks)),
  );
  opened.push(...booted);
  return { apps: booted, checks };
}

/** `count` concurrent logins, spread round-robin over `apps`. */
const burst = (
  apps: INestApplication[],
  count: number,
  attempt: (app: INestApplication, i: number) => ReturnType<typeof loginFrom>,
) => Promise.all(Array.from({ length: count }, (_, i) => attempt(apps[i % apps.length], i)));

describe.each([
  ['one instance, memory store', 'memory', 1],
  ['one instance, Redis', 'redis', 1],
  ['two instances sharing Redis', 'redis', 2],
] as const)('a concurrent burst of wrong passwords (%s)', (_name, store, instances) => {
  it('30 at once for one username: exactly 5 reach validateCredentials, 25 get 429', async () => {
    const { apps, checks } = await boot(store, instances);
    const responses = await burst(apps, 30, (app) => loginFrom(app, 'alice', 'wrong'));

    expect(checks.count).toBe(5);
    expect(statusTally(responses)).toEqual({ 401: 5, 429: 25 });
    const refused = responses.find((response) => response.status === 429)!;
    expectAuthError(refused, 429, 'too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(900);
  });

  it('120 usernames at once from one IP: exactly the per-IP limit (20) reach validateCredentials', async () => {
    const { apps, checks } = await boot(store, instances);
    const responses = await burst(apps, 120, (app, i) => loginFrom(app, `user-${i}`, 'wrong'));

    expect(checks.count).toBe(20);
    expect(statusTally(responses)).toEqual({ 401: 20, 429: 100 });
  });

  it("the attacker's own valid logins inside the burst buy no extra guesses", async () => {
    const { apps, checks } = await boot(store, instances);
    const responses = await burst(apps, 140, (app, i) =>
      i % 7 === 0 ? loginFrom(app, 'mallory', 'right') : loginFrom(app, `user-${i}`, 'wrong'),
    );

    expect(checks.failed).toBeLessThanOrEqual(20);
    expect(responses.filter((response) => response.status === 401)).toHaveLength(checks.failed);
  });

  it("the owner's logins from elsewhere inside the burst reset nothing of the attacker's", async () => {
    const { apps, checks } = await boot(store, instances);
    const owner = (i: number) => i % 6 === 0;
    const responses = await burst(apps, 30, (app, i) =>
      owner(i)
        ? loginFrom(app, 'alice', 'right', '203.0.113.7')
        : loginFrom(app, 'alice', 'wrong', '198.51.100.1'),
    );

    expect(checks.failed).toBe(5);
    expect(statusTally(responses.filter((_, i) => owner(i)))).toEqual({ 200: 5 });
    expect(statusTally(responses.filter((_, i) => !owner(i)))).toEqual({ 401: 5, 429: 20 });
  });
});
