import { jest } from '@jest/globals';
import { createNoopMeter } from '@opentelemetry/api';
import { recordMetrics, type RecordedMetrics } from '../../test/support/metric-reader.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { NO_AUTH_METRICS } from './auth-metrics.js';
import { createAuthMetrics, type OpenTelemetryApi } from './create-auth-metrics.js';
import { METER_VERSION } from './meter-scope.js';
import { RecordingAuthMetrics } from './recording-auth-metrics.js';

const notInstalled = () =>
  Promise.reject(
    Object.assign(new Error("Cannot find package '@opentelemetry/api' imported from x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    }),
  );

/** `@opentelemetry/api` whose global MeterProvider is `provider`. */
const api = (provider: OpenTelemetryApi['metrics']['getMeterProvider']) => async () =>
  ({ metrics: { getMeterProvider: provider }, createNoopMeter }) as OpenTelemetryApi;

describe('createAuthMetrics', () => {
  let metrics: RecordedMetrics;
  const denylist = new MemoryDenylist();

  beforeEach(() => (metrics = recordMetrics()));
  afterEach(() => metrics.shutdown());

  it('records nothing when metrics is false, without loading @opentelemetry/api', async () => {
    const load = jest.fn(api(() => metrics.meterProvider));
    await expect(createAuthMetrics(false, denylist, load)).resolves.toBe(NO_AUTH_METRICS);
    expect(load).not.toHaveBeenCalled();
  });

  it('records nothing when @opentelemetry/api is not installed', async () => {
    await expect(createAuthMetrics(true, denylist, notInstalled)).resolves.toBe(NO_AUTH_METRICS);
  });

  it('records nothing when no SDK registered a global MeterProvider', async () => {
    const noop = { getMeter: createNoopMeter };
    await expect(
      createAuthMetrics(
        true,
        denylist,
        api(() => noop),
      ),
    ).resolves.toBe(NO_AUTH_METRICS);
  });

  it('records through the global MeterProvider an SDK registered', async () => {
    const recorder = await createAuthMetrics(
      true,
      denylist,
      api(() => metrics.meterProvider),
    );
    expect(recorder).toBeInstanceOf(RecordingAuthMetrics);
    recorder.event('auth.login');
    expect(await metrics.value('nest_jwt_auth.logins')).toBe(1);
  });

  it("records through the app's own MeterProvider, without loading @opentelemetry/api", async () => {
    const load = jest.fn(notInstalled);
    const recorder = await createAuthMetrics(
      { meterProvider: metrics.meterProvider },
      denylist,
      load,
    );
    recorder.event('auth.refresh');
    expect(await metrics.value('nest_jwt_auth.refreshes')).toBe(1);
    expect(load).not.toHaveBeenCalled();
  });

  it('names its meter nest-jwt-auth, with the version, and observes no mirror it has not', async () => {
    const recorder = await createAuthMetrics({ meterProvider: metrics.meterProvider }, denylist);
    recorder.event('auth.logout');
    const { resourceMetrics } = await metrics.collect();
    expect(resourceMetrics.scopeMetrics.map(({ scope }) => scope)).toEqual([
      expect.objectContaining({ name: 'nest-jwt-auth', version: METER_VERSION }),
    ]);
    expect(await metrics.names()).not.toContain('nest_jwt_auth.revocation_mirror.live');
  });
});
