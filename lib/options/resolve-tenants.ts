import { AuthConfigError } from '../errors/auth-config-error.js';
import { type JoseKey } from '../keys/jose-key.js';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';
import { resolveKeys } from './resolve-keys.js';
import {
  type ResolvedTenant,
  type ResolvedTenants,
  type TenantOptions,
  type TenantResolver,
} from './tenants-options.interface.js';

/** Tenant ids go into Redis keys and logs: short, and nothing that could end a key segment. */
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const RESOLVERS = ['header', 'host', 'pathParameter'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The resolver, with header names and host names lower-cased as requests carry them. */
function resolveResolver(resolve: unknown, ids: ReadonlySet<string>): TenantResolver {
  if (typeof resolve === 'function') return resolve as TenantResolver;
  const given = isObject(resolve) ? RESOLVERS.filter((name) => resolve[name] !== undefined) : [];
  if (!isObject(resolve) || given.length !== 1 || Object.keys(resolve).length !== 1) {
    throw new AuthConfigError(
      'tenants.resolve must name exactly one way to find the tenant of a request.',
      `Use { header: 'x-tenant-id' }, { host: { 'a.example.com': 'a' } }, { pathParameter: 'tenant' } or (request) => tenantId.`,
    );
  }
  const [kind] = given;
  const value = resolve[kind];
  if (kind !== 'host') {
    if (!nonEmptyString(value)) {
      throw new AuthConfigError(
        `tenants.resolve.${kind} must be a non-empty string.`,
        `Give the name of the ${kind === 'header' ? 'header' : 'route parameter'}.`,
      );
    }
    return kind === 'header' ? { header: value.toLowerCase() } : { pathParameter: value };
  }
  if (!isObject(value) || Object.keys(value).length === 0) {
    throw new AuthConfigError(
      'tenants.resolve.host must map host names to tenant ids.',
      `Use { host: { 'a.example.com': 'a', 'b.example.com': 'b' } }.`,
    );
  }
  const hosts: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [host, id] of Object.entries(value)) {
    if (typeof id !== 'string' || !ids.has(id)) {
      throw new AuthConfigError(
        `tenants.resolve.host maps '${host}' to ${JSON.stringify(id)}, which is no tenant.`,
        'Map every host to an id of tenants.tenants.',
      );
    }
    hosts[host.toLowerCase()] = id;
  }
  return { host: hosts };
}

function resolveTenant(id: string, entry: unknown, storePrefix: string): ResolvedTenant {
  if (!TENANT_ID.test(id)) {
    throw new AuthConfigError(
      `tenant id ${JSON.stringify(id)} is not allowed.`,
      'Use 1 to 64 letters, digits, "-" or "_": ids go into Redis keys.',
    );
  }
  if (!isObject(entry) || !nonEmptyString(entry.issuer)) {
    throw new AuthConfigError(
      `tenants.tenants.${id} has no issuer.`,
      `Give each tenant its own issuer (the iss of its tokens), e.g. 'https://${id}.example.com'.`,
    );
  }
  const tenant = entry as unknown as TenantOptions;
  if (tenant.audience !== undefined && !nonEmptyString(tenant.audience)) {
    throw new AuthConfigError(
      `tenants.tenants.${id}.audience must be a non-empty string.`,
      'Remove it or set it to a string.',
    );
  }
  if (tenant.keyPrefix !== undefined && !nonEmptyString(tenant.keyPrefix)) {
    throw new AuthConfigError(
      `tenants.tenants.${id}.keyPrefix must be a non-empty string.`,
      'Remove it (the default is distinct per tenant) or set it to a string.',
    );
  }
  if (tenant.secret === undefined && tenant.keys === undefined) {
    throw new AuthConfigError(
      `tenants.tenants.${id} has neither secret nor keys.`,
      'Give each tenant its own secret (32 random bytes or more) or its own keys.',
    );
  }
  const { keys } = resolveKeys({
    secret: tenant.secret,
    algorithm: tenant.algorithm,
    keys: tenant.keys,
  } as AuthModuleOptions);
  return {
    id,
    issuer: tenant.issuer,
    ...(tenant.audience === undefined ? {} : { audience: tenant.audience }),
    keys,
    keyPrefix: tenant.keyPrefix ?? `${storePrefix}t:${id}:`,
  };
}

/**
 * No two tenants share an issuer, a key or a key prefix: a token of one must never verify at
 * another, and their sessions, revocations and counters must never mix.
 */
function assertApart(tenants: readonly ResolvedTenant[], storePrefix: string): void {
  tenants.forEach((tenant, i) => {
    if (tenant.keyPrefix === storePrefix) {
      throw new AuthConfigError(
        `tenant ${tenant.id} has the store's own keyPrefix '${storePrefix}'.`,
        'Give it a keyPrefix of its own, or leave keyPrefix unset.',
      );
    }
    for (const other of tenants.slice(0, i)) {
      const pair = `tenants ${other.id} and ${tenant.id}`;
      if (other.issuer === tenant.issuer) {
        throw new AuthConfigError(
          `${pair} have the same issuer: a token of one would name the other.`,
          'Give each tenant its own issuer.',
        );
      }
      if (sharesKey(other.keys, tenant.keys)) {
        throw new AuthConfigError(
          `${pair} share a key: whoever holds it could sign for both.`,
          'Give each tenant its own secret or keys.',
        );
      }
      if (
        other.keyPrefix.startsWith(tenant.keyPrefix) ||
        tenant.keyPrefix.startsWith(other.keyPrefix)
      ) {
        throw new AuthConfigError(
          `${pair} have overlapping Redis key prefixes ('${other.keyPrefix}', '${tenant.keyPrefix}').`,
          'Give each tenant a keyPrefix that is not the start of another, or leave keyPrefix unset.',
        );
      }
    }
  });
}

function sharesKey(a: readonly JoseKey[], b: readonly JoseKey[]): boolean {
  return a.some((one) => b.some((other) => one.verifyKey.equals(other.verifyKey)));
}

/**
 * The `tenants` option, checked: `null` without it. Tenants need a store that can be split by
 * key prefix (Redis, or memory). API keys, second factors, other `issuers` and resource-server
 * mode are not tenant-scoped yet: refused with tenants rather than shared by every tenant.
 */
export function resolveTenants(options: AuthModuleOptions): ResolvedTenants | null {
  const { tenants } = options;
  if (tenants === undefined) return null;
  if (!isObject(tenants) || !isObject(tenants.tenants) || Object.keys(tenants.tenants).length < 1) {
    throw new AuthConfigError(
      'tenants must be { resolve, tenants } with at least one tenant.',
      `Use tenants: { resolve: { header: 'x-tenant-id' }, tenants: { a: { issuer, secret }, ... } }.`,
    );
  }
  const { store } = options;
  if (isObject(store) && !('redis' in store)) {
    throw new AuthConfigError(
      'tenants need the Redis or the memory store: stores of your own cannot be split per tenant.',
      `Use store: { redis: ... } (each tenant gets its own key prefix), or remove tenants.`,
    );
  }
  if (options.jwksUrl !== undefined || (options.issuers?.length ?? 0) > 0) {
    throw new AuthConfigError(
      'tenants verify only their own tokens: jwksUrl (resource-server mode) and issuers are not tenant-scoped yet.',
      'Remove jwksUrl and issuers, or remove tenants.',
    );
  }
  if (options.mfa !== undefined) {
    throw new AuthConfigError(
      "a second factor is not tenant-scoped yet: a user's factor and codes would serve every tenant.",
      'Remove mfa, or remove tenants.',
    );
  }
  if (options.tokenLookup?.includes('apiKey')) {
    throw new AuthConfigError(
      'API keys are not tenant-scoped yet: a key would work at every tenant.',
      `Remove 'apiKey' from tokenLookup, or remove tenants.`,
    );
  }
  const storePrefix =
    (isObject(store) && typeof store.keyPrefix === 'string' && store.keyPrefix) ||
    DEFAULTS.store.keyPrefix;
  const resolved = Object.entries(tenants.tenants).map(([id, entry]) =>
    resolveTenant(id, entry, storePrefix),
  );
  assertApart(resolved, storePrefix);
  return {
    resolve: resolveResolver(tenants.resolve, new Set(resolved.map(({ id }) => id))),
    tenants: resolved,
  };
}
