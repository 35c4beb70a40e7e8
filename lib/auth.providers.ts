import { Logger, type Provider } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { JWT_STRATEGY, JWT_STRATEGY_NAME, RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';
import { AuthService } from './auth.service.js';
import { AuthEvents } from './events/auth-events.js';
import { IssuerOnlyGuard } from './guards/issuer-only.guard.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { OwnSessionGuard } from './guards/own-session.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { AuthStoreHealthIndicator } from './health/auth-store.health.js';
import { IssuerRegistry } from './keys/issuer-registry.js';
import { KeySet, LocalKeySet } from './keys/key-set.js';
import { RemoteKeySet } from './keys/remote-key-set.js';
import { openApiDocumentationProvider } from './openapi/openapi-documentation.provider.js';
import { type AuthModuleOptions } from './options/auth-module-options.interface.js';
import { DEFAULTS } from './options/defaults.js';
import { resolveAuthOptions } from './options/resolve-auth-options.js';
import { FastifyRequestShape } from './request/fastify-request-shape.js';
import { ETagOfNoStore } from './response/etag-of-no-store.js';
import { ExpressPrototypes } from './request/express-prototypes.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LoginThrottle } from './throttle/login-throttle.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import { TokenIssuer } from './tokens/token-issuer.js';
import { trustedIssuers } from './tokens/trusted-issuers.js';
import { Denylist } from './denylist/denylist.interface.js';
import { MemoryDenylist } from './denylist/memory-denylist.js';
import { RedisDenylist } from './denylist/redis-denylist.js';
import { RevocationMirror } from './denylist/revocation-mirror.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import { MemorySessionStore } from './sessions/memory-session-store.js';
import { RedisSessionStore } from './sessions/redis-session-store.js';
import { SessionStore } from './sessions/session-store.interface.js';
import { AuthMetrics } from './metrics/auth-metrics.js';
import { createAuthMetrics } from './metrics/create-auth-metrics.js';
import { LoginAttemptStore } from './login-attempts/login-attempt-store.interface.js';
import { MemoryLoginAttemptStore } from './login-attempts/memory-login-attempt-store.js';
import { RedisLoginAttemptStore } from './login-attempts/redis-login-attempt-store.js';
import { AuthSockets } from './sockets/auth-sockets.js';
import { MemoryTicketStore } from './tickets/memory-ticket-store.js';
import { RedisTicketStore } from './tickets/redis-ticket-store.js';
import { StreamTickets } from './tickets/stream-tickets.js';
import { TicketStore } from './tickets/ticket-store.interface.js';
import { RedisConnection } from './store/redis-connection.js';
import { ApiKeyStore } from './api-keys/api-key-store.interface.js';
import { ApiKeys } from './api-keys/api-keys.service.js';
import { MemoryApiKeyStore } from './api-keys/memory-api-key-store.js';
import { RedisApiKeyStore } from './api-keys/redis-api-key-store.js';
import { MemoryMfaFactorStore } from './mfa/memory-mfa-factor-store.js';
import { MemoryMfaStateStore } from './mfa/memory-mfa-state-store.js';
import { MfaFactorStore } from './mfa/mfa-factor-store.interface.js';
import { MfaLogin } from './mfa/mfa-login.js';
import { MfaStateStore } from './mfa/mfa-state-store.interface.js';
import { MfaThrottle } from './mfa/mfa-throttle.js';
import { RedisMfaFactorStore } from './mfa/redis-mfa-factor-store.js';
import { RedisMfaStateStore } from './mfa/redis-mfa-state-store.js';
import { TotpFactors } from './mfa/totp-factors.js';
import { TenantContexts } from './tenants/tenant-contexts.js';

/**
 * The stores, chosen from the `store` option: Redis (one connection shared by every store),
 * memory, or the app's own implementations.
 */
const storeProviders: Provider[] = [
  {
    provide: RedisConnection,
    inject: [RESOLVED_AUTH_OPTIONS],
    useFactory: ({ store }: ResolvedAuthOptions) => {
      if (store === 'memory') {
        new Logger('nest-jwt-auth').warn(
          `store: 'memory' keeps revocations in this process only: use Redis when more than one instance runs or restarts must not forget logouts.`,
        );
        return null;
      }
      if (!('redis' in store)) return null;
      return new RedisConnection(store.redis, store.keyPrefix ?? DEFAULTS.store.keyPrefix);
    },
  },
  {
    provide: Denylist,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: (
      { store, revocationMirror }: ResolvedAuthOptions,
      connection: RedisConnection | null,
    ) => {
      if (connection) {
        return revocationMirror ? new RevocationMirror(connection) : new RedisDenylist(connection);
      }
      return store !== 'memory' && 'denylist' in store ? store.denylist : new MemoryDenylist();
    },
  },
  {
    provide: SessionStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisSessionStore(connection);
      return store !== 'memory' && 'sessions' in store ? store.sessions : new MemorySessionStore();
    },
  },
  {
    provide: TicketStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisTicketStore(connection);
      return (store !== 'memory' && 'tickets' in store && store.tickets) || new MemoryTicketStore();
    },
  },
  {
    provide: LoginAttemptStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisLoginAttemptStore(connection);
      return (
        (store !== 'memory' && 'loginAttempts' in store && store.loginAttempts) ||
        new MemoryLoginAttemptStore()
      );
    },
  },
  {
    provide: ApiKeyStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisApiKeyStore(connection);
      return (store !== 'memory' && 'apiKeys' in store && store.apiKeys) || new MemoryApiKeyStore();
    },
  },
  {
    provide: MfaStateStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ store }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (connection) return new RedisMfaStateStore(connection);
      return (store !== 'memory' && 'mfa' in store && store.mfa) || new MemoryMfaStateStore();
    },
  },
  {
    provide: MfaFactorStore,
    inject: [RESOLVED_AUTH_OPTIONS, RedisConnection],
    useFactory: ({ mfa }: ResolvedAuthOptions, connection: RedisConnection | null) => {
      if (mfa?.factorStore) return mfa.factorStore;
      return connection ? new RedisMfaFactorStore(connection) : new MemoryMfaFactorStore();
    },
  },
];

let strategyCount = 0;

/** Every provider of {@link AuthModule}, in one place: options first, then what reads them. */
export const authProviders: Provider[] = [
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
  {
    // The module's own issuer (its KeySet) and those of `issuers`, each with its own keys.
    provide: IssuerRegistry,
    inject: [RESOLVED_AUTH_OPTIONS, KeySet],
    useFactory: trustedIssuers,
  },
  {
    // passport's registry is process-wide: each module instance registers its own strategy name.
    provide: JWT_STRATEGY,
    useFactory: () => `${JWT_STRATEGY_NAME}#${++strategyCount}`,
  },
  ...storeProviders,
  {
    // Chosen once, before anything that records is made (docs/metrics.md).
    provide: AuthMetrics,
    inject: [RESOLVED_AUTH_OPTIONS, Denylist],
    useFactory: ({ metrics }: ResolvedAuthOptions, denylist: Denylist) =>
      createAuthMetrics(metrics, denylist),
  },
  IssuerOnlyGuard,
  OwnSessionGuard,
  FastifyRequestShape,
  ETagOfNoStore,
  ExpressPrototypes,
  AccessTokenVerifier,
  TokenIssuer,
  LoginThrottle,
  AuthEvents,
  AuthStoreHealthIndicator,
  JwtStrategy,
  AuthService,
  JwtAuthGuard,
  RolesGuard,
  AuthSockets,
  StreamTickets,
  ApiKeys,
  MfaThrottle,
  TotpFactors,
  MfaLogin,
  TenantContexts,
  openApiDocumentationProvider,
];
