import { Controller, Get, Header } from '@nestjs/common';
import { Public } from 'nest-jwt-auth';
import { SampleMetrics } from './sample-metrics.js';

/**
 * `GET /metrics`: the module's metrics for Prometheus to scrape. Public here so that the demo
 * needs no setup; in production serve it on an internal port or network, or protect it
 * (docs/metrics.md): it tells how many logins fail and how the store behaves.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: SampleMetrics) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.prometheusText();
  }
}
