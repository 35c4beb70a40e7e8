import { AuthConfigError } from '../errors/auth-config-error.js';
import { type AuthModuleOptions, type MetricsOptions } from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';

/** `metrics`: a boolean, or `{ meterProvider }` with something that has `getMeter()`. */
export function resolveMetrics(value: AuthModuleOptions['metrics']): boolean | MetricsOptions {
  if (value === undefined) return DEFAULTS.metrics;
  if (typeof value === 'boolean') return value;
  const provider = (value as { meterProvider?: { getMeter?: unknown } } | null)?.meterProvider;
  if (typeof provider?.getMeter !== 'function') {
    throw new AuthConfigError(
      'metrics must be true, false or { meterProvider } with an OpenTelemetry MeterProvider.',
      'Pass the MeterProvider of @opentelemetry/sdk-metrics (or any with getMeter()), or remove metrics to use the global one.',
    );
  }
  return { meterProvider: value.meterProvider };
}
