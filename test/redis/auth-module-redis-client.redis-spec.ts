import { Redis } from 'ioredis';
import { RedisConnection } from 'nest-jwt-auth';
import { startAuthApp } from '../support/auth-app.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../support/redis.js';

const validateCredentials = async (username: string) =>
  username === 'ann' ? { sub: 'ann' } : null;

describe('AuthModule with a Redis client of the app', () => {
  const prefix = uniqueKeyPrefix('module');

  afterAll(async () => {
    await deleteKeys(prefix);
  });

  it('uses the client and leaves it open when the app closes', async () => {
    const client = new Redis(REDIS_URL);
    try {
      const app = await startAuthApp({
        validateCredentials,
        store: { redis: client, keyPrefix: prefix },
      });
      const login = await app
        .http()
        .post('/auth/login')
        .send({ username: 'ann', password: 'x' })
        .expect(200);
      await app
        .http()
        .post('/auth/logout')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(204);
      await app.close();
      expect(client.status).toBe('ready');
      expect(await client.keys(`${prefix}{ann}:deny:sid:*`)).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  });

  it('closes a client it created itself', async () => {
    const app = await startAuthApp({ store: { redis: REDIS_URL, keyPrefix: prefix } });
    const connection = app.app.get(RedisConnection);
    expect(connection.client.status).toBe('ready');
    await app.close();
    expect(['end', 'close']).toContain(connection.client.status);
  });
});
