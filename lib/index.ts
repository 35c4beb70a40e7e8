export { AuthModule } from './auth.module.js';
export { AuthService } from './auth.service.js';
export { AuthTestingModule } from './testing/auth-testing.module.js';
export { AuthStoreHealthIndicator, type AuthStoreHealth } from './health/auth-store.health.js';
export { TestClock } from './testing/test-clock.js';
export { TestTokens } from './testing/test-tokens.js';
export { JwtAuthGuard } from './guards/jwt-auth.guard.js';
export { RolesGuard } from './guards/roles.guard.js';
export { CurrentUser } from './decorators/current-user.decorator.js';
export { Public } from './decorators/public.decorator.js';
export { OptionalAuth } from './decorators/optional-auth.decorator.js';
export { Roles, type AllRoles } from './decorators/roles.decorator.js';
export { Scopes } from './decorators/scopes.decorator.js';
export { RequireAuth } from './decorators/require-auth.decorator.js';
export { Denylist } from './denylist/denylist.interface.js';
export { RedisDenylist } from './denylist/redis-denylist.js';
export { MemoryDenylist } from './denylist/memory-denylist.js';
export {
  SessionStore,
  type CheckRequest,
  type CheckResult,
  type RotateRequest,
  type RotateResult,
} from './sessions/session-store.interface.js';
export type { SessionRecord, SessionInfo, SessionMetadata } from './sessions/session.interface.js';
export { RedisSessionStore } from './sessions/redis-session-store.js';
export { MemorySessionStore } from './sessions/memory-session-store.js';
export {
  LoginAttemptStore,
  type AttemptCounter,
  type AttemptReservation,
} from './login-attempts/login-attempt-store.interface.js';
export { normalizeUsername } from './login-attempts/normalize-username.js';
export { RedisLoginAttemptStore } from './login-attempts/redis-login-attempt-store.js';
export { MemoryLoginAttemptStore } from './login-attempts/memory-login-attempt-store.js';
export { RedisConnection } from './store/redis-connection.js';
export type { RedisClient, RedisClusterConfig, RedisStoreOption } from './store/redis-client.js';
export { KeySet } from './keys/key-set.js';
export type { JoseKey } from './keys/jose-key.js';
export type { JoseAlgorithm } from './keys/jose-algorithm.js';
export type { AuthJwk, AuthKey, AuthPemKey } from './keys/import-key.js';
export type { PublicJwks } from './keys/public-jwks.js';
export { AuthErrorCode } from './errors/auth-error-code.js';
export { AuthConfigError } from './errors/auth-config-error.js';
export {
  AuthException,
  type AuthErrorBody,
  type StepUpRequirement,
} from './errors/auth.exception.js';
export { AuthExceptionFilter } from './errors/auth-exception.filter.js';
export { GraphQLAuthError, type GraphQLAuthErrorExtensions } from './errors/graphql-auth-error.js';
export {
  WsAuthExceptionFilter,
  type WsAuthErrorPayload,
} from './errors/ws-auth-exception.filter.js';
export {
  StreamTickets,
  TICKET_QUERY_PARAMETER,
  TICKET_TTL_SECONDS,
} from './tickets/stream-tickets.js';
export { TicketStore, type TicketRecord } from './tickets/ticket-store.interface.js';
export { RedisTicketStore } from './tickets/redis-ticket-store.js';
export { MemoryTicketStore } from './tickets/memory-ticket-store.js';
export {
  ApiKeys,
  type CreateApiKeyOptions,
  type VerifiedApiKey,
} from './api-keys/api-keys.service.js';
export { ApiKeyStore, type ApiKeyRecord } from './api-keys/api-key-store.interface.js';
export { RedisApiKeyStore } from './api-keys/redis-api-key-store.js';
export { MemoryApiKeyStore } from './api-keys/memory-api-key-store.js';
export type { ApiKeyInfo, CreatedApiKey } from './api-keys/api-key-info.js';
export { API_KEY_PREFIX } from './api-keys/api-key-format.js';
export type { ApiKeyClaims } from './api-keys/api-key-identity.js';
export {
  AUTH_RENEW_EVENT,
  AUTH_REVOKED_EVENT,
  AuthSockets,
  type RenewAck,
  type WatchableSocket,
} from './sockets/auth-sockets.js';
export type {
  ApiKeyOptions,
  AuthHookContext,
  AuthModuleOptions,
  AuthModuleExtras,
  AuthStoreOptions,
  Duration,
  HmacAlgorithm,
  IssuerRolesSource,
  LoginThrottleOptions,
  MetricsOptions,
  RemoteJwksOptions,
  TrustedIssuerOptions,
  VerifiedTokenCacheOptions,
} from './options/auth-module-options.interface.js';
export type { MetricsMeterProvider } from './metrics/meter.js';
export type {
  AuthEvent,
  AuthEventName,
  RequestContext,
} from './interfaces/auth-event.interface.js';
export type {
  AuthCookieOptions,
  CsrfOptions,
  TransportOptions,
} from './options/transport-options.interface.js';
export type { AuthUser, AuthenticatedUser } from './interfaces/auth-user.interface.js';
export type { AccessTokenClaims } from './interfaces/access-token-claims.interface.js';
export type { TokenPair } from './interfaces/token-pair.interface.js';
export type { SecondFactor } from './mfa/second-factor.interface.js';
export { MfaFactorStore, type TotpFactor } from './mfa/mfa-factor-store.interface.js';
export { MfaStateStore, type MfaChallenge } from './mfa/mfa-state-store.interface.js';
export { RedisMfaFactorStore } from './mfa/redis-mfa-factor-store.js';
export { MemoryMfaFactorStore } from './mfa/memory-mfa-factor-store.js';
export { RedisMfaStateStore } from './mfa/redis-mfa-state-store.js';
export { MemoryMfaStateStore } from './mfa/memory-mfa-state-store.js';
export type { MfaRequired, SecondFactorInput } from './mfa/mfa-login.js';
export type { MfaOptions, TotpOptions } from './options/auth-module-options.interface.js';
export { CurrentTenant } from './decorators/current-tenant.decorator.js';
export { tenantOf } from './request/request-tenant.js';
export { presetExpressPrototypes, type ExpressAdapterLike } from './request/express-prototypes.js';
export { TenantContexts } from './tenants/tenant-contexts.js';
export type { TenantScope } from './tenants/tenant-scope.js';
export type {
  TenantOptions,
  TenantRequest,
  TenantResolver,
  TenantsOptions,
} from './options/tenants-options.interface.js';
