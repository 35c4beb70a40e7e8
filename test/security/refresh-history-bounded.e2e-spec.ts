// A session's refresh history holds every spent hash (reuse detection) up to a limit derived from
// the options; the rotation past it ends the session, so a client refreshing in a loop bounds
// what it stores, and a thief who refreshes until the history is full locks himself out too.
import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { AuthModule, AuthService, type TokenPair } from 'nest-jwt-auth';
import { refreshHistoryLimit } from '../../lib/sessions/spent-hashes.js';
import { codeOf } from '../support/auth-errors.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TEST_SECRET } from '../support/test-secret.js';

const prefix = uniqueKeyPrefix('refresh-history');
const contexts: INestApplicationContext[] = [];
let redis: Redis;
/** 1-minute access tokens, 32-minute sessions: a history of 64. */
const LIFETIMES = { accessTokenTtl: 60, sessionMaxLifetime: 32 * 60 };
const LIMIT = refreshHistoryLimit(LIFETIMES);

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
        ...LIFETIMES,
        store: store === 'redis' ? { redis: REDIS_URL, keyPrefix: `${prefix}${store}:` } : 'memory',
        controller: false,
      }),
    ],
  }).compile();
  const context = await moduleRef.init();
  contexts.push(context);
  return context.get(AuthService);
}

/** Every pair of a session that was refreshed `rotations` times, oldest first. */
async function chain(auth: AuthService, sub: string, rotations: number): Promise<TokenPair[]> {
  const pairs = [await auth.issueTokens({ sub })];
  for (let i = 0; i < rotations; i++) {
    pairs.push(await auth.refresh(pairs[pairs.length - 1].refreshToken));
  }
  return pairs;
}

describe.each(['redis', 'memory'] as const)('the refresh history on the %s store', (store) => {
  it('is 64 for 1-minute tokens in 32-minute sessions, and 5,760 with the defaults', () => {
    expect(LIMIT).toBe(64);
    expect(refreshHistoryLimit({ accessTokenTtl: 900, sessionMaxLifetime: 30 * 86400 })).toBe(5760);
  });

  it('ends the session at the rotation past its limit: a loop stores no more than the limit', async () => {
    const auth = await authService(store);
    const pairs = await chain(auth, `looper-${store}`, LIMIT);
    if (store === 'redis') {
      const [key] = await redis.keys(`${prefix}redis:*looper-redis*:spent`);
      expect(await redis.zcard(key)).toBe(LIMIT);
    }
    const last = pairs[pairs.length - 1];
    expect(await codeOf(auth.refresh(last.refreshToken))).toBe('refresh_token_invalid');
    // Ended: its access token is revoked, and no token of it refreshes any more.
    expect(await codeOf(auth.verifyAccessToken(last.accessToken))).toBe('token_revoked');
    expect(await codeOf(auth.refresh(pairs[0].refreshToken))).toBe('refresh_token_invalid');
    if (store === 'redis')
      expect(await redis.keys(`${prefix}redis:*looper-redis*:spent`)).toEqual([]);
  });

  it('still ends the session as reused when the oldest spent token of a full history comes back', async () => {
    const auth = await authService(store);
    const pairs = await chain(auth, `thief-${store}`, LIMIT);
    expect(await codeOf(auth.refresh(pairs[0].refreshToken))).toBe('refresh_token_reused');
    expect(await codeOf(auth.refresh(pairs[pairs.length - 1].refreshToken))).toBe(
      'refresh_token_invalid',
    );
  });
});
