import { Redis } from 'ioredis';
import { AuthService } from 'nest-jwt-auth';
import { expectAuthError } from './support/expect-auth-error.js';
import { REDIS_URL } from './support/redis.js';
import { sampleForSuite } from './support/sample-for-suite.js';
import { expectSessionEnded } from './support/expect-session-ended.js';
import { bearer, login, refreshPair, startSample } from './support/sample-app.js';
import { sidOf } from './support/token-claims.js';

const { sample, prefix } = sampleForSuite('sessions');

describe('GET /auth/sessions', () => {
  it("lists the caller's live sessions, marks the current one, and shows the metadata", async () => {
    await sample
      .http()
      .post('/auth/logout-all')
      .set(bearer((await login(sample, 'bob')).accessToken));
    const phone = await sample
      .http()
      .post('/auth/login')
      .set('User-Agent', 'phone/1.0')
      .send({ username: 'bob', password: 'builder' })
      .expect(200);
    const laptop = await login(sample, 'bob');

    const response = await sample.http().get('/auth/sessions').set(bearer(laptop.accessToken));
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(2);
    const [first, second] = response.body;
    expect(first).toEqual({
      id: sidOf(phone.body.accessToken),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastRefreshedAt: first.createdAt,
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      metadata: { userAgent: 'phone/1.0', ip: expect.any(String) },
      current: false,
    });
    expect(second).toMatchObject({ id: sidOf(laptop.accessToken), current: true });
    expect(Date.parse(first.expiresAt) - Date.parse(first.createdAt)).toBe(7 * 86400 * 1000);
  });

  it('moves lastRefreshedAt and expiresAt on refresh', async () => {
    const pair = await login(sample);
    const before = (await sample.http().get('/auth/sessions').set(bearer(pair.accessToken))).body;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await refreshPair(sample, pair.refreshToken);
    const after = (await sample.http().get('/auth/sessions').set(bearer(next.accessToken))).body;
    const mine = (list: { id: string; createdAt: string; lastRefreshedAt: string }[]) =>
      list.find((s) => s.id === sidOf(pair.accessToken))!;
    expect(mine(after)).toMatchObject({ createdAt: mine(before).createdAt, current: true });
    expect(Date.parse(mine(after).lastRefreshedAt)).toBeGreaterThan(
      Date.parse(mine(before).lastRefreshedAt),
    );
  });

  it('needs an access token', async () => {
    expectAuthError(await sample.http().get('/auth/sessions'), 401, 'token_missing');
  });
});

describe('DELETE /auth/sessions/:id', () => {
  it('ends one of my sessions: its tokens die, mine live', async () => {
    const mine = await login(sample);
    const other = await login(sample);
    await sample
      .http()
      .delete(`/auth/sessions/${sidOf(other.accessToken)}`)
      .set(bearer(mine.accessToken))
      .expect(204);
    await expectSessionEnded(sample, other);
    await sample.http().get('/me').set(bearer(mine.accessToken)).expect(200);
  });

  it('refuses an id that is not a session id with 400 validation_failed', async () => {
    const { accessToken } = await login(sample);
    const response = await sample
      .http()
      .delete('/auth/sessions/..%2Fadmin')
      .set(bearer(accessToken));
    expectAuthError(response, 400, 'validation_failed');
  });
});

describe('POST /auth/logout-all', () => {
  it("ends every session of the user and no one else's", async () => {
    const sessions = [await login(sample), await login(sample), await login(sample)];
    const bob = await login(sample, 'bob');
    await sample.http().post('/auth/logout-all').set(bearer(sessions[0].accessToken)).expect(204);
    for (const pair of sessions) {
      await expectSessionEnded(sample, pair);
    }
    await sample.http().get('/me').set(bearer(bob.accessToken)).expect(200);
    const fresh = await login(sample);
    const list = (await sample.http().get('/auth/sessions').set(bearer(fresh.accessToken))).body;
    expect(list.map((s: { id: string }) => s.id)).toEqual([sidOf(fresh.accessToken)]);
  });
});

describe('refresh-token reuse', () => {
  it('revokes the whole session when a rotated token comes back', async () => {
    const first = await login(sample);
    const second = await refreshPair(sample, first.refreshToken);
    // The thief (or the client) presents the rotated token again.
    expectAuthError(
      await sample.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }),
      401,
      'refresh_token_reused',
    );
    // The session's newest tokens die too.
    await expectSessionEnded(sample, second);
  });

  it('does not let a made-up token for a known session id revoke it', async () => {
    const pair = await login(sample);
    const forged = `${sidOf(pair.accessToken)}.${'x'.repeat(43)}`;
    expectAuthError(
      await sample.http().post('/auth/refresh').send({ refreshToken: forged }),
      401,
      'refresh_token_invalid',
    );
    await sample.http().get('/me').set(bearer(pair.accessToken)).expect(200);
    await refreshPair(sample, pair.refreshToken);
  });
});

describe('server-side session data', () => {
  it('is kept with the session, never in the token, and goes with it', async () => {
    const auth = sample.app.get(AuthService);
    const pair = await login(sample);
    const sid = sidOf(pair.accessToken);
    expect(await auth.setSessionData(sid, { cart: ['book'], theme: 'dark' })).toBe(true);
    expect(await auth.getSessionData(sid)).toEqual({ cart: ['book'], theme: 'dark' });
    const next = await refreshPair(sample, pair.refreshToken);
    expect(
      JSON.parse(Buffer.from(next.accessToken.split('.')[1], 'base64url').toString()),
    ).not.toHaveProperty('cart');
    expect(await auth.getSessionData(sid)).toEqual({ cart: ['book'], theme: 'dark' });
    expect(await auth.getSession(sid)).toMatchObject({ id: sid, sub: 'user-1' });
    expect(await auth.revokeSession(sid)).toBe(true);
    expect(await auth.getSessionData(sid)).toBeNull();
    expect(await auth.setSessionData(sid, { late: true })).toBe(false);
    expect(await auth.revokeSession(sid)).toBe(false);
  });
});

describe('what Redis holds', () => {
  it('never a usable refresh token, and every key with a TTL', async () => {
    const graced = await startSample({
      redisUrl: REDIS_URL,
      redisKeyPrefix: `${prefix}graced:`,
      refreshReuseGraceSeconds: 5,
    });
    const client = new Redis(REDIS_URL);
    try {
      const first = await login(graced);
      const second = await refreshPair(graced, first.refreshToken);
      const keys = await client.keys(`${prefix}graced:*`);
      expect(keys.length).toBeGreaterThan(0);
      const dump: string[] = [];
      const withoutTtl: string[] = [];
      for (const key of keys) {
        if ((await client.pttl(key)) <= 0) withoutTtl.push(key);
        const type = await client.type(key);
        if (type === 'hash') dump.push(JSON.stringify(await client.hgetall(key)));
        else if (type === 'set') dump.push(...(await client.smembers(key)));
        else if (type === 'zset') dump.push(...(await client.zrange(key, '0', '-1')));
        else dump.push(String(await client.get(key)));
      }
      expect(withoutTtl).toEqual([]);
      const text = dump.join('\n');
      for (const token of [first.refreshToken, second.refreshToken]) {
        expect(text).not.toContain(token.split('.')[1]);
      }
    } finally {
      client.disconnect();
      await graced.close();
    }
  });
});
