import {
  DataPointType,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';

/** A reader that exports nowhere: tests call `collect()` and read what was recorded. */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** What a test reads back from its own MeterProvider. */
export interface RecordedMetrics {
  meterProvider: MeterProvider;
  /** Everything recorded so far, as the SDK hands it to exporters. */
  collect(): ReturnType<MetricReader['collect']>;
  /** The names of the metrics recorded so far. */
  names(): Promise<string[]>;
  /**
   * A counter's or gauge's value summed over the data points with `attributes`; for a histogram,
   * the number of values it recorded. 0 when nothing was recorded.
   */
  value(name: string, attributes?: Record<string, string>): Promise<number>;
  /** The attributes of each data point of `name`. */
  attributes(name: string): Promise<object[]>;
  shutdown(): Promise<void>;
}

const matches = (point: { attributes: object }, attributes: Record<string, string>) =>
  Object.entries(attributes).every(
    ([key, value]) => (point.attributes as Record<string, unknown>)[key] === value,
  );

function valueOf(metric: MetricData, attributes: Record<string, string>): number {
  if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
    throw new Error(`${metric.descriptor.name}: the module records no exponential histogram`);
  }
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    return metric.dataPoints
      .filter((point) => matches(point, attributes))
      .reduce((sum, point) => sum + point.value.count, 0);
  }
  return metric.dataPoints
    .filter((point) => matches(point, attributes))
    .reduce((sum, point) => sum + point.value, 0);
}

/** A real MeterProvider of the OpenTelemetry SDK, read in memory: not the process's global one. */
export function recordMetrics(): RecordedMetrics {
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const metrics = async (): Promise<MetricData[]> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'metrics collection failed');
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  };
  const metric = async (name: string) =>
    (await metrics()).find((one) => one.descriptor.name === name);
  return {
    meterProvider,
    collect: () => reader.collect(),
    names: async () => (await metrics()).map((metric) => metric.descriptor.name),
    value: async (name, attributes = {}) => {
      const found = await metric(name);
      return found ? valueOf(found, attributes) : 0;
    },
    attributes: async (name) =>
      ((await metric(name))?.dataPoints ?? []).map((point) => point.attributes),
    shutdown: () => meterProvider.shutdown(),
  };
}
