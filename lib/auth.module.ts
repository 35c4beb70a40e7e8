import { Module } from '@nestjs/common';
import { ConfigurableModuleClass } from './auth.module-definition.js';
import { authProviders } from './auth.providers.js';
import { AuthService } from './auth.service.js';
import { Denylist } from './denylist/denylist.interface.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { AuthStoreHealthIndicator } from './health/auth-store.health.js';
import { KeySet } from './keys/key-set.js';
import { SessionStore } from './sessions/session-store.interface.js';
import { AuthSockets } from './sockets/auth-sockets.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';

/**
 * JWT authentication in one import: `AuthModule.forRoot({ secret, store, ... })` or
 * `AuthModule.forRootAsync({ imports, inject, useFactory })`.
 */
@Module({
  providers: authProviders,
  exports: [
    AuthService,
    JwtAuthGuard,
    RolesGuard,
    Denylist,
    SessionStore,
    KeySet,
    AuthStoreHealthIndicator,
    AuthSockets,
    // JwtAuthGuard asks it directly, wherever the app declares the guard.
    JwtStrategy,
  ],
})
export class AuthModule extends ConfigurableModuleClass {}
