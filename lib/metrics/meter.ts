/**
 * What the module uses of an OpenTelemetry `MeterProvider`, typed here rather than imported from
 * `@opentelemetry/api`: that package is an optional peer, and the option that takes a provider
 * must not make an app without it fail to compile. `@opentelemetry/api`'s types fit these.
 */
export type MetricAttributes = Readonly<Record<string, string>>;

export interface MetricOptions {
  description?: string;
  unit?: string;
  /** Bucket boundaries a histogram should use unless a View says otherwise. */
  advice?: { explicitBucketBoundaries?: number[] };
}

export interface MetricCounter {
  add(value: number, attributes?: MetricAttributes): void;
}

export interface MetricHistogram {
  record(value: number, attributes?: MetricAttributes): void;
}

export interface ObservedValues {
  observe(value: number, attributes?: MetricAttributes): void;
}

export interface ObservableMetric {
  addCallback(callback: (result: ObservedValues) => void): void;
  removeCallback(callback: (result: ObservedValues) => void): void;
}

export interface MetricsMeter {
  createCounter(name: string, options?: MetricOptions): MetricCounter;
  createHistogram(name: string, options?: MetricOptions): MetricHistogram;
  createObservableCounter(name: string, options?: MetricOptions): ObservableMetric;
  createObservableGauge(name: string, options?: MetricOptions): ObservableMetric;
}

/** An OpenTelemetry `MeterProvider`: the SDK's, or the one `metrics.getMeterProvider()` returns. */
export interface MetricsMeterProvider {
  getMeter(name: string, version?: string): MetricsMeter;
}
