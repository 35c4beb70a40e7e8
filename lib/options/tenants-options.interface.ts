import { type AuthKey } from '../keys/import-key.js';
import { type JoseKey } from '../keys/jose-key.js';

/** What a tenant resolver function is given: the HTTP request (Express or Fastify). */
export interface TenantRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The route's parameters, once routed (guards and handlers; not middleware). */
  params?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * How the tenant of a request is found: a header, the `Host` (a map of host names to tenant
 * ids), a route parameter, or the app's own function. `undefined` from any of them: no tenant.
 */
export type TenantResolver =
  | { header: string }
  | { host: Readonly<Record<string, string>> }
  | { pathParameter: string }
  | ((request: TenantRequest) => string | undefined);

/** One tenant: its own issuer, signing keys and Redis key prefix (docs/tenants.md). */
export interface TenantOptions {
  /** The `iss` of its tokens; every tenant's is different. */
  issuer: string;
  /** The `aud` of its tokens, checked when set. */
  audience?: string;
  /** Its HMAC secret (at least 32 bytes), or `keys`: never the same as another tenant's. */
  secret?: string | Buffer;
  /** The HMAC algorithm of `secret`. @default 'HS256' */
  algorithm?: 'HS256' | 'HS384' | 'HS512';
  /** Its asymmetric keys, as the top-level `keys`. */
  keys?: AuthKey[];
  /** Prefix of its Redis keys. @default '<store.keyPrefix>t:<id>:' */
  keyPrefix?: string;
}

/** The `tenants` option: how a request names its tenant, and each tenant by id. */
export interface TenantsOptions {
  resolve: TenantResolver;
  tenants: Readonly<Record<string, TenantOptions>>;
}

/** A tenant after validation and defaults. */
export interface ResolvedTenant {
  id: string;
  issuer: string;
  audience?: string;
  keys: JoseKey[];
  keyPrefix: string;
}

/** The `tenants` option after validation. */
export interface ResolvedTenants {
  resolve: TenantResolver;
  tenants: ResolvedTenant[];
}
