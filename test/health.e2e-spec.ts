import { TestRedisServer } from './support/redis-server.js';
import { type RunningSample, startSample } from './support/sample-app.js';

describe('GET /health (the sample, with @nestjs/terminus)', () => {
  it('is 200 with the memory store, without a token', async () => {
    const sample = await startSample({});
    try {
      const response = await sample.http().get('/health').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', info: { auth_store: { status: 'up' } } });
    } finally {
      await sample.close();
    }
  });

  it('is 200 while Redis answers, 503 when it does not, and 200 again when it is back', async () => {
    const redis = await TestRedisServer.start();
    let sample: RunningSample | undefined;
    try {
      sample = await startSample({ redisUrl: redis.url });
      await sample.http().get('/health').expect(200);
      await redis.stop();
      const down = await sample.http().get('/health').expect(503);
      expect(down.body).toMatchObject({
        status: 'error',
        error: { auth_store: { status: 'down', message: expect.any(String) } },
      });
      await redis.resume();
      const started = Date.now();
      let status = 503;
      while (status !== 200 && Date.now() - started < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await sample.http().get('/health')).status;
      }
      expect(status).toBe(200);
    } finally {
      await sample?.close();
      await redis.stop();
    }
  });
});
