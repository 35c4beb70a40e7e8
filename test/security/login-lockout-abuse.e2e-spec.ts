import { type INestApplication } from '@nestjs/common';
import { expectAuthError } from '../support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { PasswordChecks, bootThrottledApp, loginFrom } from '../support/throttled-app.js';

const prefix = uniqueKeyPrefix('lockout-abuse');
const ATTACKER = '198.51.100.1';
const OWNER = '203.0.113.7';

let app: INestApplication;
const checks = new PasswordChecks();

beforeAll(async () => {
  app = await bootThrottledApp(
    { redis: REDIS_URL, keyPrefix: prefix },
    { maxAttemptsPerUsernameAndIp: 5, maxAttemptsPerUsername: 10, maxAttemptsPerIp: 100 },
    checks,
  );
});

afterAll(async () => {
  await app.close();
  await deleteKeys(prefix);
});

/** `times` wrong passwords for `username` from `ip`, one after another; their statuses. */
async function failures(username: string, ip: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await loginFrom(app, username, 'x', ip)).status);
  return statuses;
}

describe('an attacker at one address cannot lock the owner out', () => {
  it('12 wrong passwords for ann from one IP block that IP for ann; ann logs in from hers', async () => {
    expect(await failures('ann', ATTACKER, 12)).toEqual([
      ...Array(5).fill(401),
      ...Array(7).fill(429),
    ]);

    await loginFrom(app, 'ann', 'right', OWNER).expect(200);
    // At the attacker's address (a shared NAT, say) even the right password waits for the window.
    expectAuthError(await loginFrom(app, 'ann', 'right', ATTACKER), 429, 'too_many_attempts');
  });

  it("refused attempts do not eat the username's ceiling", async () => {
    await failures('bea', ATTACKER, 5);
    const before = checks.count;
    // 50 more from the same address: refused before the ceiling (10) is even touched.
    await failures('bea', ATTACKER, 50);
    expect(checks.count).toBe(before);
    await loginFrom(app, 'bea', 'right', OWNER).expect(200);
  });
});

describe('the per-username ceiling (the trade-off)', () => {
  it('failures from many addresses beyond the ceiling block the username everywhere', async () => {
    const before = checks.count;
    await failures('cid', '192.0.2.1', 5);
    await failures('cid', '192.0.2.2', 5);
    expect(checks.count - before).toBe(10);

    const blocked = await loginFrom(app, 'cid', 'right', OWNER);
    expectAuthError(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expectAuthError(await loginFrom(app, 'cid', 'x', '192.0.2.3'), 429, 'too_many_attempts');
    expect(checks.count - before).toBe(10);
  });

  it("the owner's success does not clear the ceiling: it only gives back its own attempt", async () => {
    await failures('dot', '192.0.2.1', 5);
    await failures('dot', '192.0.2.2', 4);
    await loginFrom(app, 'dot', 'right', OWNER).expect(200);
    // Nine failures still count: one more reaches the ceiling of 10.
    expect(await failures('dot', '192.0.2.4', 1)).toEqual([401]);
    expectAuthError(await loginFrom(app, 'dot', 'right', OWNER), 429, 'too_many_attempts');
  });
});
