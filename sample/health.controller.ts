import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { AuthStoreHealthIndicator, Public } from 'nest-jwt-auth';

/** `GET /health`: 200 while the auth store answers, 503 when it does not (for Kubernetes). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly authStore: AuthStoreHealthIndicator,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.authStore.isHealthy()]);
  }
}
