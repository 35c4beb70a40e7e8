// A thief with a stolen refresh token refreshes in a loop to push the victim's token out of the
// session's history, so that the victim's return would not be seen as reuse. The history keeps
// every spent hash; the rotation past its limit ends the session: the thief locks himself out.
import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, AuthService } from 'nest-jwt-auth';
import { refreshHistoryLimit } from '../../lib/sessions/spent-hashes.js';
import { codeOf } from '../support/auth-errors.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TEST_SECRET } from '../support/test-secret.js';

const prefix = uniqueKeyPrefix('refresh-history-flush');
const LIFETIMES = { accessTokenTtl: 60, sessionMaxLifetime: 32 * 60 };
let context: INestApplicationContext;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        ...LIFETIMES,
        store: { redis: REDIS_URL, keyPrefix: prefix },
        controller: false,
      }),
    ],
  }).compile();
  context = await moduleRef.init();
});

afterAll(async () => {
  await context.close();
  await deleteKeys(prefix);
});

it('cannot flush the history: after the longest loop a session allows, the victim’s return still ends it', async () => {
  const auth = context.get(AuthService);
  const stolen = await auth.issueTokens({ sub: 'victim' });
  let thief = stolen;
  for (let i = 0; i < refreshHistoryLimit(LIFETIMES); i++) {
    thief = await auth.refresh(thief.refreshToken);
  }
  expect(await codeOf(auth.refresh(stolen.refreshToken))).toBe('refresh_token_reused');
  expect(await codeOf(auth.refresh(thief.refreshToken))).toBe('refresh_token_invalid');
  expect(await codeOf(auth.verifyAccessToken(thief.accessToken))).toBe('token_revoked');
});
