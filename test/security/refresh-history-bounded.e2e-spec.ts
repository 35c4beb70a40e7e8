import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { AuthException, AuthModule, AuthService, type TokenPair } from 'nest-jwt-auth';
import { SPENT_HASHES_KEPT } from '../../lib/sessions/spent-hashes.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TEST_SECRET } from '../support/test-secret.js';

const prefix = uniqueKeyPrefix('refresh-history');
const contexts: INestApplicationContext[] = [];
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  redis.disconnect();
  await deleteKeys(prefix);
});

async function authService(store: 'redis' | 'memory'): Promise<AuthService> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        store: store === 'redis' ? { redis: REDIS_URL, keyPrefix: `${prefix}${store}:` } : 'memory',
        controller: false,
      }),
    ],
  }).compile();
  const context = await moduleRef.init();
  contexts.push(context);
  return context.get(AuthService);
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof AuthException ? error.code : String(error)),
  );

/** Every refresh token of a session that was refreshed `rotations` times, oldest first. */
async function chain(auth: AuthService, sub: string, rotations: number): Promise<TokenPair[]> {
  const pairs = [await auth.issueTokens({ sub })];
  for (let i = 0; i < rotations; i++) {
    pairs.push(await auth.refresh(pairs[pairs.length - 1].refreshToken));
  }
  return pairs;
}

describe.each(['redis', 'memory'] as const)('the refresh history on the %s store', (store) => {
  const ROTATIONS = SPENT_HASHES_KEPT * 3;

  it(`keeps the last ${SPENT_HASHES_KEPT} spent hashes, however often a session is refreshed`, async () => {
    const auth = await authService(store);
    const pairs = await chain(auth, `looper-${store}`, ROTATIONS);
    if (store === 'redis') {
      const [key] = await redis.keys(`${prefix}redis:*looper-redis*:spent`);
      expect(await redis.zcard(key)).toBe(SPENT_HASHES_KEPT);
    }
    // A token spent longer ago than that: unknown, and the session lives on.
    expect(await codeOf(auth.refresh(pairs[0].refreshToken))).toBe('refresh_token_invalid');
    const latest = pairs[pairs.length - 1].refreshToken;
    const next = await auth.refresh(latest);
    // One spent within that history: reuse, and the whole session ends (its live token too).
    expect(await codeOf(auth.refresh(latest))).toBe('refresh_token_reused');
    expect(await codeOf(auth.refresh(next.refreshToken))).toBe('refresh_token_invalid');
  });

  it(`still detects the reuse of the token spent ${SPENT_HASHES_KEPT} rotations ago`, async () => {
    const auth = await authService(store);
    const pairs = await chain(auth, `thief-${store}`, SPENT_HASHES_KEPT);
    expect(await codeOf(auth.refresh(pairs[0].refreshToken))).toBe('refresh_token_reused');
    expect(await codeOf(auth.refresh(pairs[pairs.length - 1].refreshToken))).toBe(
      'refresh_token_invalid',
    );
  });
});
