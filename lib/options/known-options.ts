import { AuthConfigError } from '../errors/auth-config-error.js';
import {
  type ApiKeyOptions,
  type AuthModuleOptions,
  type LoginThrottleOptions,
  type MetricsOptions,
  type MfaOptions,
  type TotpOptions,
  type RemoteJwksOptions,
  type TrustedIssuerOptions,
  type VerifiedTokenCacheOptions,
} from './auth-module-options.interface.js';
import { type TenantOptions, type TenantsOptions } from './tenants-options.interface.js';
import { type AuthCookieOptions, type CsrfOptions } from './transport-options.interface.js';

type Known<T> = Record<keyof Required<T>, true>;

/** Every option name; `satisfies` makes the compiler hold this list to the interfaces. */
const TOP_LEVEL = {
  secret: true,
  algorithm: true,
  keys: true,
  jwksUrl: true,
  jwks: true,
  issuers: true,
  tokenLookup: true,
  tokenQueryParameter: true,
  cookies: true,
  csrf: true,
  accessTokenTtl: true,
  refreshTokenTtl: true,
  sessionMaxLifetime: true,
  issuer: true,
  audience: true,
  clientId: true,
  requireAccessTokenType: true,
  refreshReuseGraceSeconds: true,
  clockToleranceSeconds: true,
  maxTokenLength: true,
  store: true,
  verifiedTokenCache: true,
  revocationMirror: true,
  presetExpressPrototypes: true,
  clock: true,
  onAuthEvent: true,
  eventEmitter: true,
  metrics: true,
  maxSessionsPerUser: true,
  allowMemoryStoreInProduction: true,
  validateCredentials: true,
  refreshIdentity: true,
  sessionMetadata: true,
  loginThrottle: true,
  claims: true,
  apiKeys: true,
  mfa: true,
  tenants: true,
} satisfies Known<AuthModuleOptions>;

const JWKS = {
  cacheTtl: true,
  minRefetchInterval: true,
  timeout: true,
  maxStaleness: true,
} satisfies Known<RemoteJwksOptions>;

/** The keys of an `issuers` entry. */
const TRUSTED_ISSUER = {
  issuer: true,
  audience: true,
  jwksUrl: true,
  keys: true,
  jwks: true,
  requireAccessTokenType: true,
  roles: true,
  user: true,
} satisfies Known<TrustedIssuerOptions>;

/** The keys of a tenant of `tenants.tenants`. */
const TENANT = {
  issuer: true,
  audience: true,
  secret: true,
  algorithm: true,
  keys: true,
  keyPrefix: true,
} satisfies Known<TenantOptions>;

/** The option objects whose own keys are checked too. */
const NESTED: Record<string, Record<string, true>> = {
  jwks: JWKS,
  cookies: {
    accessTokenName: true,
    refreshTokenName: true,
    csrfTokenName: true,
    domain: true,
    secure: true,
    sameSite: true,
    omitTokensFromBody: true,
  } satisfies Known<AuthCookieOptions>,
  csrf: { trustedOrigins: true, secret: true } satisfies Known<CsrfOptions>,
  loginThrottle: {
    maxAttemptsPerUsernameAndIp: true,
    maxAttemptsPerUsername: true,
    maxAttemptsPerIp: true,
    windowSeconds: true,
    normalizeUsername: true,
  } satisfies Known<LoginThrottleOptions>,
  verifiedTokenCache: { maxEntries: true, ttl: true } satisfies Known<VerifiedTokenCacheOptions>,
  apiKeys: {
    maxKeysPerUser: true,
    maxFailedLookupsPerIp: true,
    failedLookupWindowSeconds: true,
    freshLoginSeconds: true,
  } satisfies Known<ApiKeyOptions>,
  metrics: { meterProvider: true } satisfies Known<MetricsOptions>,
  mfa: {
    totp: true,
    factors: true,
    factorStore: true,
    mfaTokenTtl: true,
    maxAttemptsPerMfaToken: true,
    maxAttemptsPerUser: true,
    freshLoginSeconds: true,
  } satisfies Known<MfaOptions>,
  tenants: { resolve: true, tenants: true } satisfies Known<TenantsOptions>,
  // The union of the store's object forms: Redis, or the app's own stores.
  store: {
    redis: true,
    keyPrefix: true,
    denylist: true,
    sessions: true,
    loginAttempts: true,
    tickets: true,
    apiKeys: true,
    mfa: true,
  },
};

/** The keys of `mfa.totp`. */
const TOTP = {
  issuer: true,
  recoveryCodes: true,
  encryptionKey: true,
} satisfies Known<TotpOptions>;

/** The extras `forRoot()` takes beside the options (the module builder strips them before us). */
const EXTRAS = ['isGlobal', 'controller', 'routePrefix'];

function assertKeys(path: string, value: object, known: Record<string, true>): void {
  const unknown = Object.keys(value).filter((key) => !Object.hasOwn(known, key));
  if (unknown.length === 0) return;
  const names = unknown.map((key) => `${path}${key}`).join(', ');
  const extras = path === '' ? `, or the extras ${EXTRAS.join(', ')}` : '';
  throw new AuthConfigError(
    `unknown option${unknown.length > 1 ? 's' : ''} ${names}: a misspelt option is otherwise silently ignored.`,
    `Known ${path === '' ? 'options' : `options of ${path.slice(0, -1)}`}: ${Object.keys(known).join(', ')}${extras}.`,
  );
}

/**
 * Refuses option names the module does not know (e.g. `isuer`), at every level it reads: a typo
 * must not leave a check silently switched off.
 */
export function assertKnownOptions(options: object): void {
  assertKeys('', options, TOP_LEVEL);
  for (const [name, known] of Object.entries(NESTED)) {
    const value = (options as Record<string, unknown>)[name];
    // Only option bags: a string, an array or an app's object (a client, a store) is not one.
    if (isPlainObject(value)) assertKeys(`${name}.`, value, known);
  }
  const { mfa } = options as { mfa?: { totp?: unknown } };
  if (isPlainObject(mfa) && isPlainObject(mfa.totp)) assertKeys('mfa.totp.', mfa.totp, TOTP);
  assertKnownTenantOptions(options as { tenants?: unknown });
  const { issuers } = options as { issuers?: unknown };
  if (!Array.isArray(issuers)) return;
  issuers.forEach((entry: unknown, index) => {
    if (!isPlainObject(entry)) return;
    assertKeys(`issuers[${index}].`, entry, TRUSTED_ISSUER);
    const { jwks } = entry as { jwks?: unknown };
    if (isPlainObject(jwks)) assertKeys(`issuers[${index}].jwks.`, jwks, JWKS);
  });
}

function assertKnownTenantOptions({ tenants }: { tenants?: unknown }): void {
  if (!isPlainObject(tenants)) return;
  const entries = (tenants as { tenants?: unknown }).tenants;
  if (!isPlainObject(entries)) return;
  for (const [id, entry] of Object.entries(entries)) {
    if (isPlainObject(entry)) assertKeys(`tenants.tenants.${id}.`, entry, TENANT);
  }
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
