import { type INestApplication } from '@nestjs/common';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { PasswordChecks, bootThrottledApp, loginFrom } from '../support/throttled-app.js';

const prefix = uniqueKeyPrefix('spellings');
const LIMITS = {
  maxAttemptsPerUsernameAndIp: 5,
  maxAttemptsPerUsername: 100,
  maxAttemptsPerIp: 100,
};

/** Eight spellings of `alice` that trimming, NFKC and case folding bring back to `alice`. */
const SPELLINGS = [
  'alice',
  ' alice',
  'ALICE',
  'Alice\t',
  'Ａｌｉｃｅ', // fullwidth
  'ⓐⓛⓘⓒⓔ', // circled
  '\u3000alice', // ideographic space
  'ａＬｉＣｅ\n',
];

let apps: INestApplication[] = [];
let booted = 0;
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});
afterAll(() => deleteKeys(prefix));

async function boot(
  checks: PasswordChecks,
  normalizeUsername?: (username: string) => string | Promise<string>,
) {
  const app = await bootThrottledApp(
    { redis: REDIS_URL, keyPrefix: `${prefix}${++booted}:` },
    { ...LIMITS, ...(normalizeUsername ? { normalizeUsername } : {}) },
    checks,
  );
  apps.push(app);
  return app;
}

/** One wrong password per spelling, one after another; their statuses. */
async function guessEach(app: INestApplication, spellings: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const username of spellings) {
    statuses.push((await loginFrom(app, username, 'wrong')).status);
  }
  return statuses;
}

describe('spellings of one username', () => {
  it('share one attempt budget by default (trim, NFKC, case fold)', async () => {
    const checks = new PasswordChecks();
    const app = await boot(checks);
    expect(await guessEach(app, SPELLINGS)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(checks.count).toBe(5);
  });

  it('share one budget under the lookup the app gives, async too (an email alias)', async () => {
    const checks = new PasswordChecks();
    const aliases: Record<string, string> = { 'alice@example.com': 'alice' };
    const app = await boot(checks, async (login) => aliases[login.trim()] ?? login.trim());
    const statuses = await guessEach(app, [
      'alice',
      'alice@example.com',
      ' alice ',
      'alice@example.com ',
      'alice',
      'alice@example.com',
    ]);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(checks.count).toBe(5);
  });

  it('are one account to an app that shares the exported normalizeUsername', async () => {
    const app = await boot(new PasswordChecks());
    for (const username of SPELLINGS) {
      const { body } = await loginFrom(app, username, 'right').expect(200);
      expect(subOf(body.accessToken)).toBe('alice');
    }
  });
});

/** The `sub` of an access token, read without verifying. */
const subOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
