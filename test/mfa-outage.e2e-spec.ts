// The second factor when its stores fail: the login fails closed (503, never tokens without the
// factor), and a Redis outage on the second step is 503, never a 500 or a pass.
import { MemoryMfaFactorStore, type TotpFactor } from 'nest-jwt-auth';
import { Secret, TOTP } from 'otpauth';
import { startAuthApp } from './support/auth-app.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { TestRedisServer } from './support/redis-server.js';
import { bearer, type RunningSample, type TokenPairBody } from './support/sample-app.js';

/** The app's factor store, made to fail on demand: its database going away. */
class FlakyFactorStore extends MemoryMfaFactorStore {
  down = false;
  override getTotp(sub: string): Promise<TotpFactor | null> {
    return this.down ? Promise.reject(new Error('database down')) : super.getTotp(sub);
  }
  override useRecoveryCode(sub: string, hash: string): Promise<boolean> {
    return this.down
      ? Promise.reject(new Error('database down'))
      : super.useRecoveryCode(sub, hash);
  }
}

let redis: TestRedisServer;
let app: RunningSample;
const factors = new FlakyFactorStore();
let offsetMs = 0;
const now = () => Date.now() + offsetMs;

beforeAll(async () => {
  redis = await TestRedisServer.start();
  app = await startAuthApp({
    store: { redis: redis.url },
    clock: now,
    validateCredentials: async (username, password) =>
      password === 'pw' ? { sub: `user-${username}` } : null,
    mfa: { factorStore: factors },
  });
});

afterEach(() => {
  factors.down = false;
});

afterAll(async () => {
  await app?.close();
  await redis?.stop();
});

const login = (username: string) =>
  app.http().post('/auth/login').send({ username, password: 'pw' });

/** Enrols `username` and returns a function making its codes, one step later than the last. */
async function enrolled(
  username: string,
): Promise<{ code: () => string; recoveryCodes: string[] }> {
  const { accessToken } = (await login(username).expect(200)).body as TokenPairBody;
  const { secret } = (
    await app.http().post('/auth/mfa/totp').set(bearer(accessToken)).send({}).expect(200)
  ).body as { secret: string };
  const code = () => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now() });
  const confirmed = await app
    .http()
    .post('/auth/mfa/totp/confirm')
    .set(bearer(accessToken))
    .send({ code: code() })
    .expect(200);
  offsetMs += 30_000;
  return { code, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

it('refuses the login with 503 when the factors cannot be read: never tokens without the factor', async () => {
  await enrolled('ann');
  factors.down = true;
  const response = await login('ann');
  expectAuthError(response, 503, 'auth_store_unavailable');
  expect(response.body).not.toHaveProperty('accessToken');
});

it('answers 503 when a recovery code cannot be spent, and the code still works afterwards', async () => {
  const { recoveryCodes } = await enrolled('bob');
  const { mfaToken } = (await login('bob').expect(200)).body as { mfaToken: string };
  factors.down = true;
  const failed = await app
    .http()
    .post('/auth/mfa')
    .send({ mfaToken, recoveryCode: recoveryCodes[0] });
  expectAuthError(failed, 503, 'auth_store_unavailable');
  factors.down = false;
  await app.http().post('/auth/mfa').send({ mfaToken, recoveryCode: recoveryCodes[0] }).expect(200);
});

it('answers 503 on the second step while Redis is down, and needs a new login once it is back', async () => {
  const { code } = await enrolled('cy');
  const { mfaToken } = (await login('cy').expect(200)).body as { mfaToken: string };
  await redis.stop();
  try {
    const refused = await app.http().post('/auth/mfa').send({ mfaToken, code: code() });
    expectAuthError(refused, 503, 'auth_store_unavailable');
  } finally {
    await redis.resume();
  }
  // The restarted Redis is empty (no persistence in tests): the mfaToken is gone with it.
  let answer = await app.http().post('/auth/mfa').send({ mfaToken, code: code() });
  for (let i = 0; answer.status === 503 && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await app.http().post('/auth/mfa').send({ mfaToken, code: code() });
  }
  expectAuthError(answer, 401, 'mfa_token_invalid');
});
