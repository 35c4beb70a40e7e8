import { AuthService } from '../auth.service.js';
import { type AuthEvents } from '../events/auth-events.js';
import { type IssuerRegistry } from '../keys/issuer-registry.js';
import { LocalKeySet } from '../keys/key-set.js';
import { type ApiKeys } from '../api-keys/api-keys.service.js';
import { type MfaLogin } from '../mfa/mfa-login.js';
import { type AuthMetrics } from '../metrics/auth-metrics.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type ResolvedTenant } from '../options/tenants-options.interface.js';
import { type RedisConnection } from '../store/redis-connection.js';
import { LoginThrottle } from '../throttle/login-throttle.js';
import { StreamTickets } from '../tickets/stream-tickets.js';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import { TokenIssuer } from '../tokens/token-issuer.js';
import { trustedIssuers } from '../tokens/trusted-issuers.js';
import { type JwtService } from '@nestjs/jwt';
import { type TenantStores, tenantStores } from './tenant-stores.js';

/**
 * What verifies and serves the requests of one tenant; with `id` undefined, the module's own
 * services (no `tenants` option).
 */
export interface TenantScope {
  id: string | undefined;
  /** Its own issuer alone: the tokens of every other tenant name an issuer it does not know. */
  issuers: IssuerRegistry;
  verifier: AccessTokenVerifier;
  tickets: StreamTickets;
  /** Logins, refreshes, logouts and sessions of this tenant. */
  auth: AuthService;
}

/** What every tenant shares with the module: one Redis client, JWT code, metrics, events. */
export interface SharedServices {
  connection: RedisConnection | null;
  jwtService: JwtService;
  metrics: AuthMetrics;
  events: AuthEvents;
  /** The module's: inert, since tenants refuse the `mfa` option. */
  mfa: MfaLogin;
}

/** A tenant's API keys: none, since tenants refuse them; `createApiKey()` says so. */
const NO_API_KEYS = {
  create: () =>
    Promise.reject(
      new Error('nest-jwt-auth: API keys are not tenant-scoped yet (docs/tenants.md).'),
    ),
} as unknown as ApiKeys;

/** The module's events, each stamped with the tenant it happened at. */
function tenantEvents(events: AuthEvents, tenant: string): AuthEvents {
  const stamped = Object.create(events) as AuthEvents;
  stamped.emit = (event) => events.emit({ ...event, tenant });
  return stamped;
}

/** The app's hooks, each told the tenant it is called for. */
function tenantHooks(
  { validateCredentials, refreshIdentity, claims }: ResolvedAuthOptions,
  tenant: string,
): Pick<ResolvedAuthOptions, 'validateCredentials' | 'refreshIdentity' | 'claims'> {
  const context = { tenant };
  return {
    validateCredentials:
      validateCredentials &&
      ((username, password) => validateCredentials(username, password, context)),
    refreshIdentity: refreshIdentity && ((user) => refreshIdentity(user, context)),
    claims: (user) => claims(user, context),
  };
}

/**
 * Builds a tenant's services with the constructors Nest would call, from the module's options
 * with the tenant's issuer, audience and keys, over stores under the tenant's key prefix. Built
 * once at start-up: no request-scoped provider (passport strategies do not survive request scope).
 */
export function tenantScope(
  root: ResolvedAuthOptions,
  tenant: ResolvedTenant,
  shared: SharedServices,
): { scope: TenantScope; stores: TenantStores } {
  const { jwks: _rootJwks, ...rest } = root;
  const options: ResolvedAuthOptions = {
    ...rest,
    mode: 'issuer',
    keys: tenant.keys,
    issuer: tenant.issuer,
    audience: tenant.audience,
    // The module's other trusted issuers are the module's, not any tenant's.
    issuers: [],
    tenants: null,
    ...tenantHooks(root, tenant.id),
  };
  const stores = tenantStores(shared.connection, tenant.keyPrefix, root.revocationMirror);
  const keys = new LocalKeySet(tenant.keys);
  const issuers = trustedIssuers(options, keys);
  const { denylist } = stores;
  const verifier = new AccessTokenVerifier(
    options,
    denylist,
    issuers,
    shared.jwtService,
    shared.metrics,
  );
  const auth = new AuthService(
    options,
    denylist,
    stores.sessions,
    new TokenIssuer(options, keys),
    verifier,
    new LoginThrottle(options, stores.attempts),
    tenantEvents(shared.events, tenant.id),
    shared.mfa,
    NO_API_KEYS,
  );
  const tickets = new StreamTickets(stores.tickets, denylist, options);
  return { scope: { id: tenant.id, issuers, verifier, tickets, auth }, stores };
}
