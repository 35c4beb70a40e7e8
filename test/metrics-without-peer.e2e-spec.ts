import { jest } from '@jest/globals';
import { metrics } from '@opentelemetry/api';
import { recordMetrics, type RecordedMetrics } from './support/metric-reader.js';
import { bearer, type RunningSample, type TokenPairBody } from './support/sample-app.js';

/**
 * An app where `@opentelemetry/api` is not installed, as Node reports it, while the SDK (loaded
 * above, before the mock) has registered a global MeterProvider: the module must find no peer,
 * record nothing, and work as usual.
 */
jest.unstable_mockModule('@opentelemetry/api', () => {
  throw Object.assign(
    new Error("Cannot find package '@opentelemetry/api' imported from /app/dist/lib/x.js"),
    { code: 'ERR_MODULE_NOT_FOUND' },
  );
});
const { startAuthApp } = await import('./support/auth-app.js');
const { AuthMetrics, NO_AUTH_METRICS } = await import('../lib/metrics/auth-metrics.js');

describe('metrics without @opentelemetry/api installed', () => {
  let recorded: RecordedMetrics;
  let app: RunningSample;

  beforeAll(async () => {
    recorded = recordMetrics();
    expect(metrics.setGlobalMeterProvider(recorded.meterProvider)).toBe(true);
    app = await startAuthApp({
      store: 'memory',
      validateCredentials: async (username) => ({ sub: username, roles: ['user'] }),
    });
  });

  afterAll(async () => {
    await app?.close();
    metrics.disable();
    await recorded?.shutdown();
  });

  it('logs in and authenticates as usual, and records nothing', async () => {
    await expect(import('@opentelemetry/api')).rejects.toMatchObject({
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const { accessToken } = (
      await app.http().post('/auth/login').send({ username: 'ann', password: 'any' }).expect(200)
    ).body as TokenPairBody;
    await app.http().get('/me').set(bearer(accessToken)).expect(200);
    await app.http().get('/me').expect(401);
    expect(app.app.get(AuthMetrics)).toBe(NO_AUTH_METRICS);
    expect(await recorded.names()).toEqual([]);
  });
});
