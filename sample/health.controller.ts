import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { AuthStoreHealthIndicator, Public } from 'nest-jwt-auth';
import { SAMPLE_CONFIG, type SampleConfig } from './sample-config.js';

/**
 * `GET /health`: 200 while the auth store answers, 503 when it does not (for Kubernetes). Outside
 * production a `down` carries the store's reason; in production that reason (the Redis client's
 * message, with hosts and ports) goes to the server's log only.
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly authStore: AuthStoreHealthIndicator,
    @Inject(SAMPLE_CONFIG) private readonly config: SampleConfig,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.authStoreHealth()]);
  }

  private async authStoreHealth() {
    const health = await this.authStore.isHealthy();
    const { auth_store: store } = health;
    if (!this.config.production || store.status === 'up') return health;
    this.logger.warn(`auth store down: ${store.message}`);
    return { auth_store: { status: store.status } };
  }
}
