import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { MfaLogin } from '../mfa/mfa-login.js';
import { AuthService } from '../auth.service.js';
import { type RevocationMirror } from '../denylist/revocation-mirror.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { AuthEvents } from '../events/auth-events.js';
import { IssuerRegistry } from '../keys/issuer-registry.js';
import { AuthMetrics } from '../metrics/auth-metrics.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type PublicJwks, publicJwks } from '../keys/public-jwks.js';
import { type TenantRequest, type TenantResolver } from '../options/tenants-options.interface.js';
import { setRequestTenant } from '../request/request-tenant.js';
import { RedisConnection } from '../store/redis-connection.js';
import { StreamTickets } from '../tickets/stream-tickets.js';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import { tenantResolver } from './tenant-resolver.js';
import { type TenantScope, tenantScope } from './tenant-scope.js';

/**
 * Every tenant's services (option `tenants`), built once at start-up, and the choice among them
 * for a request. Without tenants it hands out the module's own services, so callers need no
 * second path.
 */
@Injectable()
export class TenantContexts implements OnModuleInit, OnApplicationShutdown {
  private readonly scopes = new Map<string, TenantScope>();
  private readonly mirrors: RevocationMirror[] = [];
  private readonly resolve: ((request: TenantRequest) => string | undefined) | undefined;
  private readonly root: TenantScope;
  private readonly jwks = new Map<string, PublicJwks>();
  /**
   * What a cache must key a tenant's JWKS on besides its URL: the header that names the tenant,
   * `Host`, or `*` for a function of the request, which could read anything.
   */
  readonly vary: string | undefined;

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) options: ResolvedAuthOptions,
    @Inject(RedisConnection) connection: RedisConnection | null,
    jwtService: JwtService,
    metrics: AuthMetrics,
    events: AuthEvents,
    issuers: IssuerRegistry,
    verifier: AccessTokenVerifier,
    tickets: StreamTickets,
    auth: AuthService,
    mfa: MfaLogin,
  ) {
    this.root = { id: undefined, issuers, verifier, tickets, auth };
    if (!options.tenants) return;
    const { resolve } = options.tenants;
    this.resolve = tenantResolver(resolve);
    this.vary = varyOf(resolve);
    for (const tenant of options.tenants.tenants) {
      const shared = { connection, jwtService, metrics, events, mfa };
      const { scope, stores } = tenantScope(options, tenant, shared);
      this.scopes.set(tenant.id, scope);
      this.jwks.set(tenant.id, publicJwks(tenant.keys));
      if (stores.mirror) this.mirrors.push(stores.mirror);
    }
  }

  /** One subscription per tenant's mirror (docs/tenants.md). */
  onModuleInit(): void {
    for (const mirror of this.mirrors) mirror.onModuleInit();
  }

  onApplicationShutdown(): void {
    for (const mirror of this.mirrors) mirror.onApplicationShutdown();
  }

  /** Whether the app has the `tenants` option. */
  get enabled(): boolean {
    return this.resolve !== undefined;
  }

  /** The ids of the tenants, in the order of the option. */
  get ids(): string[] {
    return [...this.scopes.keys()];
  }

  /** A tenant's services by id, for the app's own code (a job, an admin route). */
  get(id: string): TenantScope | undefined {
    return this.scopes.get(id);
  }

  /**
   * The services of the request's tenant, which is recorded on the request; 400
   * `tenant_unknown` when it names none of them. Without tenants, the module's own.
   */
  scopeOf(request: object): TenantScope {
    if (!this.resolve) return this.root;
    // A socket's message has no HTTP headers to name a tenant by.
    const id = 'headers' in request ? this.resolve(request as TenantRequest) : undefined;
    const scope = typeof id === 'string' ? this.scopes.get(id) : undefined;
    if (!scope) throw new AuthException(AuthErrorCode.TenantUnknown);
    setRequestTenant(request, scope.id!);
    return scope;
  }

  /** The public keys of the request's tenant (none for a secret); 400 `tenant_unknown`. */
  jwksOf(request: object): PublicJwks {
    return this.jwks.get(this.scopeOf(request).id!)!;
  }
}

function varyOf(resolve: TenantResolver): string | undefined {
  if (typeof resolve === 'function') return '*';
  if ('header' in resolve) return resolve.header;
  // A path parameter is part of the URL, which every cache keys on.
  return 'host' in resolve ? 'Host' : undefined;
}
