import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { JWT_STRATEGY, JWT_STRATEGY_NAME, RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { AUTH_MODULE_OPTIONS, ConfigurableModuleClass } from './auth.module-definition.js';
import { AuthService } from './auth.service.js';
import { Denylist } from './denylist/denylist.interface.js';
import { AuthExceptionFilter } from './errors/auth-exception.filter.js';
import { AuthEvents } from './events/auth-events.js';
import { AuthStoreHealthIndicator } from './health/auth-store.health.js';
import { IssuerOnlyGuard } from './guards/issuer-only.guard.js';
import { FastifyRequestShape } from './http/fastify-request-shape.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { KeySet, LocalKeySet } from './keys/key-set.js';
import { RemoteKeySet } from './keys/remote-key-set.js';
import { RolesGuard } from './guards/roles.guard.js';
import { type AuthModuleOptions } from './interfaces/auth-module-options.interface.js';
import { resolveAuthOptions } from './options/resolve-auth-options.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import { SessionStore } from './sessions/session-store.interface.js';
import { storeProviders } from './store/store.providers.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LoginThrottle } from './login-attempts/login-throttle.js';
import { openApiDocumentationProvider } from './openapi/openapi-documentation.provider.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import { TokenIssuer } from './tokens/token-issuer.js';

let strategyCount = 0;

/**
 * JWT authentication in one import: `AuthModule.forRoot({ secret, store, ... })` or
 * `AuthModule.forRootAsync({ imports, inject, useFactory })`.
 */
@Module({
  providers: [
    {
      provide: RESOLVED_AUTH_OPTIONS,
      inject: [AUTH_MODULE_OPTIONS],
      useFactory: (options: AuthModuleOptions) => resolveAuthOptions(options),
    },
    {
      // Our own JwtService, so an app's JwtModule keeps its own configuration.
      provide: JwtService,
      useFactory: () => new JwtService({}),
    },
    {
      provide: KeySet,
      inject: [RESOLVED_AUTH_OPTIONS],
      useFactory: ({ keys, jwks, clock }: ResolvedAuthOptions) =>
        jwks ? new RemoteKeySet(jwks.url, jwks, fetch, clock) : new LocalKeySet(keys),
    },
    IssuerOnlyGuard,
    FastifyRequestShape,
    {
      provide: JWT_STRATEGY,
      useFactory: () => `${JWT_STRATEGY_NAME}#${++strategyCount}`,
    },
    ...storeProviders,
    AccessTokenVerifier,
    TokenIssuer,
    LoginThrottle,
    AuthEvents,
    AuthStoreHealthIndicator,
    JwtStrategy,
    AuthService,
    JwtAuthGuard,
    RolesGuard,
    { provide: APP_FILTER, useClass: AuthExceptionFilter },
    openApiDocumentationProvider,
  ],
  exports: [
    AuthService,
    JwtAuthGuard,
    RolesGuard,
    Denylist,
    SessionStore,
    KeySet,
    AuthStoreHealthIndicator,
    JWT_STRATEGY,
  ],
})
export class AuthModule extends ConfigurableModuleClass {}
