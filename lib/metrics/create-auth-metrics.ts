import { type Denylist } from '../denylist/denylist.interface.js';
import { RevocationMirror } from '../denylist/revocation-mirror.js';
import { importOptionalPeer } from '../optional-peers/import-optional-peer.js';
import { type AuthMetrics, NO_AUTH_METRICS } from './auth-metrics.js';
import { type MetricsMeterProvider } from './meter.js';
import { METER_NAME, METER_VERSION } from './meter-scope.js';
import { observeMirror } from './mirror-gauges.js';
import { RecordingAuthMetrics } from './recording-auth-metrics.js';

/** The `metrics` option, resolved: off, the global MeterProvider, or the app's own. */
export type MetricsSetting = boolean | { meterProvider: MetricsMeterProvider };

/** What the module needs of `@opentelemetry/api`. */
export interface OpenTelemetryApi {
  metrics: { getMeterProvider(): MetricsMeterProvider };
  createNoopMeter(): unknown;
}

const loadOpenTelemetryApi = (): Promise<OpenTelemetryApi> => import('@opentelemetry/api');

/**
 * The global MeterProvider, when `@opentelemetry/api` is installed and an SDK registered one
 * before the module started; else `undefined`. Without an SDK the API hands out a no-op meter:
 * recording into it would cost every request something for nothing. Many packages install the API
 * without the app wanting metrics, so this says nothing in the log.
 */
async function globalMeterProvider(
  load: () => Promise<OpenTelemetryApi>,
): Promise<MetricsMeterProvider | undefined> {
  const api = await importOptionalPeer('@opentelemetry/api', load);
  if (!api) return undefined;
  const provider = api.metrics.getMeterProvider();
  return provider.getMeter(METER_NAME, METER_VERSION) === api.createNoopMeter()
    ? undefined
    : provider;
}

/**
 * The module's recorder, chosen once: {@link NO_AUTH_METRICS} when `metrics` is `false`, or is
 * `true` without `@opentelemetry/api` or a registered MeterProvider; else one recording through
 * the meter `nest-jwt-auth`, with the revocation mirror's gauges when the denylist is a mirror.
 */
export async function createAuthMetrics(
  setting: MetricsSetting,
  denylist: Denylist,
  load: () => Promise<OpenTelemetryApi> = loadOpenTelemetryApi,
): Promise<AuthMetrics> {
  if (setting === false) return NO_AUTH_METRICS;
  const provider = setting === true ? await globalMeterProvider(load) : setting.meterProvider;
  if (!provider) return NO_AUTH_METRICS;
  const meter = provider.getMeter(METER_NAME, METER_VERSION);
  const gauges = denylist instanceof RevocationMirror ? observeMirror(meter, denylist) : [];
  return new RecordingAuthMetrics(meter, gauges);
}
