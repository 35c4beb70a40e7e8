import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { AuthService } from 'nest-jwt-auth';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { codeOf } from './support/auth-errors.js';
import { startAuthContext } from './support/auth-context.js';
import { sidOf } from './support/token-claims.js';

const prefix = uniqueKeyPrefix('session-cap');
let context: INestApplicationContext;
let auth: AuthService;

beforeAll(async () => {
  context = await startAuthContext({
    store: { redis: REDIS_URL, keyPrefix: prefix },
    maxSessionsPerUser: 3,
  });
  auth = context.get(AuthService);
});

afterAll(async () => {
  await context.close();
  await deleteKeys(prefix);
});

describe('maxSessionsPerUser', () => {
  it('ends the oldest sessions when a login goes beyond the cap, and their tokens with them', async () => {
    const pairs = [];
    for (let i = 0; i < 5; i++) {
      pairs.push(await auth.issueTokens({ sub: 'capped', roles: [] }));
      // createdAt has millisecond resolution: keep the order unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const live = (await auth.listSessions('capped')).map((session) => session.id).sort();
    expect(live).toEqual(
      pairs
        .slice(2)
        .map((pair) => sidOf(pair.accessToken))
        .sort(),
    );
    for (const pair of pairs.slice(0, 2)) {
      expect(await codeOf(auth.verifyAccessToken(pair.accessToken))).toBe('token_revoked');
      expect(await codeOf(auth.refresh(pair.refreshToken))).toBe('refresh_token_invalid');
    }
    for (const pair of pairs.slice(2)) {
      expect(await codeOf(auth.verifyAccessToken(pair.accessToken))).toBe('no error');
    }
  });

  it('counts each user on their own', async () => {
    await auth.issueTokens({ sub: 'other', roles: [] });
    expect(await auth.listSessions('other')).toHaveLength(1);
    expect(await auth.listSessions('capped')).toHaveLength(3);
  });
});
