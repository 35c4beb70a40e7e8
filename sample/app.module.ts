import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, JwtAuthGuard } from 'nest-jwt-auth';
import { TerminusModule } from '@nestjs/terminus';
import { AppController } from './app.controller.js';
import { auditLine } from './audit-line.js';
import { EventsGateway } from './events.gateway.js';
import { sampleGraphQLImports } from './graphql/graphql-module.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { SAMPLE_CONFIG, type SampleConfig } from './sample-config.js';
import { SampleMetrics, SampleMetricsModule } from './sample-metrics.js';
import { sampleStore } from './sample-store.js';
import { UsersService } from './users.service.js';

const auditLog = new Logger('audit');

/** The parts of an Express request the sample records about a session. */
type SampleRequest = { headers: Record<string, string | undefined>; ip?: string };

/** The sample app: AuthModule with a global guard, as in the NestJS docs' auth recipe. */
@Module({})
export class AppModule {
  static forConfig(config: SampleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TerminusModule,
        SampleMetricsModule,
        AuthModule.forRootAsync({
          imports: [UsersModule, SampleMetricsModule],
          inject: [UsersService, SampleMetrics],
          useFactory: (users: UsersService, metrics: SampleMetrics) => ({
            ...(config.jwksUrl
              ? { jwksUrl: config.jwksUrl }
              : config.keys
                ? { keys: config.keys }
                : { secret: config.jwtSecret }),
            issuer: 'nest-jwt-auth-sample',
            audience: 'sample-api',
            accessTokenTtl: config.accessTokenTtl ?? '15m',
            store: sampleStore(config),
            validateCredentials: (username, password) =>
              users.validateCredentials(username, password),
            claims: (user) => ({ username: user.username }),
            refreshReuseGraceSeconds: config.refreshReuseGraceSeconds ?? 0,
            presetExpressPrototypes: config.presetExpressPrototypes,
            // API clients send the header; the demo page at / uses cookies; scripts, API keys.
            tokenLookup: ['header', 'cookie', 'apiKey'],
            cookies: {
              // Secure cookies are not stored over http://localhost; keep them in production.
              secure: config.production ?? false,
              domain: config.cookieDomain,
              // API clients (curl, the tests) read the tokens from the body; an app serving
              // browsers only keeps the default, true, so that no script can read them.
              omitTokensFromBody: false,
            },
            // One key on every instance: the issuer's and the resource servers' CSRF tokens match.
            csrf: { secret: config.csrfSecret ?? config.jwtSecret },
            // The sample's audit log: one JSON line per login, refresh, logout and revocation.
            onAuthEvent: (event) => auditLog.log(auditLine(event)),
            // Its own MeterProvider, served at GET /metrics; without this line the module would
            // record through the global one an OpenTelemetry SDK registered, if any.
            metrics: { meterProvider: metrics.meterProvider },
            sessionMetadata: (request) => {
              const { headers, ip } = request as SampleRequest;
              return { userAgent: headers['user-agent'] ?? '', ip: ip ?? '' };
            },
            // TOTP for users who enrol (the demo page at / shows how); their factors live with
            // the users, in UsersService, not in Redis.
            mfa: { totp: { issuer: 'nest-jwt-auth sample' }, factorStore: users },
          }),
        }),
        ...sampleGraphQLImports(config),
      ],
      controllers: [AppController, HealthController, MetricsController],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: SAMPLE_CONFIG, useValue: config },
        EventsGateway,
      ],
    };
  }
}

@Module({ providers: [UsersService], exports: [UsersService] })
class UsersModule {}
