import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AuthService, type TokenPair } from 'nest-jwt-auth';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { startAuthContext } from './support/auth-context.js';

const prefix = uniqueKeyPrefix('bounded');
const SESSIONS = 2_000;
/** Long enough for a slow CI machine to create all sessions before the first ones expire. */
const TTL_SECONDS = 10;
const USERS = 20;
let context: INestApplicationContext;
let client: Redis;

beforeAll(async () => {
  context = await startAuthContext({
    accessTokenTtl: 1,
    refreshTokenTtl: TTL_SECONDS,
    store: { redis: REDIS_URL, keyPrefix: prefix },
  });
  client = new Redis(REDIS_URL);
});

afterAll(async () => {
  await context.close();
  client.disconnect();
  await deleteKeys(prefix);
});

async function scanKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanStream({ match: `${prefix}*`, count: 1000 })) {
    keys.push(...(batch as string[]));
  }
  return keys;
}

describe('storage', () => {
  it(`shrinks back to nothing after ${SESSIONS} sessions expire, with a TTL on every key`, async () => {
    const auth = context.get(AuthService);
    const started = Date.now();
    const pairs: TokenPair[] = [];
    for (let i = 0; i < SESSIONS; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) =>
        auth.issueTokens({ sub: `user-${(i + j) % USERS}`, roles: [] }),
      );
      pairs.push(...(await Promise.all(batch)));
    }
    // Revoke a tenth (denylist entries), refresh another tenth (spent-hash sets).
    const claimsOf = (pair: TokenPair) =>
      JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString());
    await Promise.all(pairs.slice(0, SESSIONS / 10).map((pair) => auth.logout(claimsOf(pair))));
    await Promise.all(
      pairs.slice(SESSIONS / 10, SESSIONS / 5).map((pair) => auth.refresh(pair.refreshToken)),
    );
    const created = Date.now() - started;

    const keys = await scanKeys();
    const ttls = await Promise.all(keys.map((key) => client.pttl(key)));
    // -1: no TTL. (-2: already expired and gone, which is fine.)
    const withoutTtl = keys.filter((_, i) => ttls[i] === -1);
    console.log(
      `${SESSIONS} sessions over ${USERS} users: ${keys.length} keys after ${created} ms`,
    );
    expect(keys.length).toBeGreaterThanOrEqual(SESSIONS);
    expect(withoutTtl).toEqual([]);
    expect(await auth.listSessions('user-1')).toHaveLength((SESSIONS / USERS) * 0.9);

    // Everything expires TTL_SECONDS after its last write.
    await new Promise((resolve) =>
      setTimeout(resolve, started + created + TTL_SECONDS * 1000 + 200 - Date.now()),
    );
    expect(await auth.listSessions('user-1')).toEqual([]);
    let remaining = await scanKeys();
    const deadline = Date.now() + 5000;
    while (remaining.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      remaining = await scanKeys();
    }
    expect(remaining).toEqual([]);
  }, 60_000);
});
