import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * The sample's OpenTelemetry MeterProvider, handed to AuthModule's `metrics` option, read by a
 * Prometheus exporter that starts no server of its own: `GET /metrics` serves what it collects.
 * The module records through the OpenTelemetry API, which prom-client cannot read.
 */
@Injectable()
export class SampleMetrics implements OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private readonly exporter = new PrometheusExporter({ preventServerStart: true });
  private readonly serializer = new PrometheusSerializer();
  readonly meterProvider = new MeterProvider({ readers: [this.exporter] });

  /**
   * Everything recorded so far in Prometheus's text format. What the exporter's own request
   * handler writes, but as a string a controller returns: the handler writes to Node's raw
   * response, which on Fastify means taking the reply away from Nest.
   */
  async prometheusText(): Promise<string> {
    const { resourceMetrics, errors } = await this.exporter.collect();
    for (const error of errors) this.logger.error(`collecting metrics failed: ${String(error)}`);
    return this.serializer.serialize(resourceMetrics);
  }

  onApplicationShutdown(): Promise<void> {
    return this.meterProvider.shutdown();
  }
}

@Module({ providers: [SampleMetrics], exports: [SampleMetrics] })
export class SampleMetricsModule {}
