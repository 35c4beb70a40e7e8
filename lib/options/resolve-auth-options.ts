import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { resolveApiKeys } from './resolve-api-keys.js';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { DEFAULTS } from './defaults.js';
import { assertKnownOptions } from './known-options.js';
import { resolveAccessTokenProfile } from './resolve-access-token-profile.js';
import { resolveIssuers } from './resolve-issuers.js';
import { toSeconds } from './duration.js';
import { resolveKeys } from './resolve-keys.js';
import { resolveLoginThrottle } from './resolve-login-throttle.js';
import { resolveMetrics } from './resolve-metrics.js';
import { resolveMfa } from './resolve-mfa.js';
import { resolveTenants } from './resolve-tenants.js';
import { resolveTransport } from './resolve-transport.js';
import { type ResolvedAuthOptions } from './resolved-auth-options.js';

function resolveDuration(
  name: string,
  value: AuthModuleOptions['accessTokenTtl'],
  fallback: number,
) {
  if (value === undefined) return fallback;
  const seconds = toSeconds(value);
  if (seconds === undefined) {
    throw new AuthConfigError(
      `${name} is ${JSON.stringify(value)}, which is not a duration.`,
      `Give a positive whole number of seconds or a string such as '15m', '12h' or '7d'.`,
    );
  }
  return seconds;
}

function resolveStore(options: AuthModuleOptions) {
  const store = options.store;
  if (store === 'memory') {
    if (
      process.env.NODE_ENV === 'production' &&
      !(options.allowMemoryStoreInProduction ?? DEFAULTS.allowMemoryStoreInProduction)
    ) {
      throw new AuthConfigError(
        `store: 'memory' was chosen with NODE_ENV=production; revocations would not reach other instances and would be lost on restart.`,
        `Use store: { redis: process.env.REDIS_URL }, or set allowMemoryStoreInProduction: true if this really is a single process.`,
      );
    }
    return store;
  }
  if (store && typeof store === 'object') {
    if ('redis' in store) {
      if (!store.redis) {
        throw new AuthConfigError(
          `store.redis is ${JSON.stringify(store.redis)}.`,
          `Give a Redis URL (is REDIS_URL set?), ioredis options or an ioredis client, or use store: 'memory' in development.`,
        );
      }
      return store;
    }
    if ('denylist' in store && store.denylist && store.sessions) return store;
  }
  throw new AuthConfigError(
    `the 'store' option is missing or not understood.`,
    `Use store: { redis: 'redis://127.0.0.1:6379' } (or ioredis options or a client), store: 'memory' for development, or store: { denylist, sessions } with your own implementations.`,
  );
}

function resolveOptionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AuthConfigError(
      `${name} must be a non-empty string.`,
      `Remove it or set it to a string.`,
    );
  }
  return value;
}

function resolveNonNegativeInteger(name: string, value: number | undefined, fallback: number) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new AuthConfigError(`${name} is ${value}.`, `Give a whole number of seconds, 0 or more.`);
  }
  return value;
}

function resolveVerifiedTokenCache(value: AuthModuleOptions['verifiedTokenCache']) {
  if (value === false) return null;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new AuthConfigError(
      'verifiedTokenCache must be an object or false.',
      'Pass { maxEntries, ttl } or false.',
    );
  }
  const maxEntries = value?.maxEntries ?? DEFAULTS.verifiedTokenCache.maxEntries;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new AuthConfigError(
      `verifiedTokenCache.maxEntries is ${maxEntries}.`,
      'Give a whole number, 1 or more.',
    );
  }
  return {
    maxEntries,
    ttl: resolveDuration('verifiedTokenCache.ttl', value?.ttl, DEFAULTS.verifiedTokenCache.ttl),
  };
}

/**
 * The token and session lifetimes, and the clock tolerance they are checked with. Access tokens
 * end 2 × the tolerance before their session (see TokenIssuer.accessTokenExpiry), so a session
 * must be longer than that.
 */
function resolveLifetimes(options: AuthModuleOptions) {
  const lifetimes = {
    accessTokenTtl: resolveDuration(
      'accessTokenTtl',
      options.accessTokenTtl,
      DEFAULTS.accessTokenTtl,
    ),
    refreshTokenTtl: resolveDuration(
      'refreshTokenTtl',
      options.refreshTokenTtl,
      DEFAULTS.refreshTokenTtl,
    ),
    sessionMaxLifetime: resolveDuration(
      'sessionMaxLifetime',
      options.sessionMaxLifetime,
      DEFAULTS.sessionMaxLifetime,
    ),
    clockToleranceSeconds: resolveNonNegativeInteger(
      'clockToleranceSeconds',
      options.clockToleranceSeconds,
      DEFAULTS.clockToleranceSeconds,
    ),
  };
  const session = Math.min(lifetimes.refreshTokenTtl, lifetimes.sessionMaxLifetime);
  if (session <= 2 * lifetimes.clockToleranceSeconds) {
    throw new AuthConfigError(
      `a session lasts ${session} s (refreshTokenTtl, sessionMaxLifetime), not more than twice clockToleranceSeconds (${lifetimes.clockToleranceSeconds} s): access tokens end that long before their session, so none could be issued.`,
      'Make refreshTokenTtl and sessionMaxLifetime longer, or clockToleranceSeconds shorter.',
    );
  }
  return lifetimes;
}

function resolveSessionCap(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new AuthConfigError(
      `maxSessionsPerUser is ${JSON.stringify(value)}.`,
      'Give a whole number, 1 or more, or leave it unset for no limit.',
    );
  }
  return value as number;
}

function resolveRevocationMirror(options: AuthModuleOptions): boolean {
  const store = options.store;
  const redis = typeof store === 'object' && store !== null && 'redis' in store && store.redis;
  if (options.revocationMirror === undefined) {
    // The default applies only where the mirror works (any Redis store): quietly off elsewhere.
    return DEFAULTS.revocationMirror && !!redis;
  }
  const mirror = options.revocationMirror;
  if (typeof mirror !== 'boolean') {
    throw new AuthConfigError(
      'revocationMirror must be true or false.',
      'Remove it or pass a boolean.',
    );
  }
  if (mirror && !redis) {
    throw new AuthConfigError(
      'revocationMirror needs the Redis store: it follows revocations through Redis pub/sub.',
      `Use store: { redis: ... }, or remove revocationMirror.`,
    );
  }
  return mirror;
}

/**
 * Applies defaults and validates the options once, at start-up. Every error says what to change:
 * a misconfigured auth module must not boot.
 */
export function resolveAuthOptions(options: AuthModuleOptions): ResolvedAuthOptions {
  if (!options || typeof options !== 'object') {
    throw new AuthConfigError(
      'AuthModule.forRoot() was given no options.',
      `Pass at least { secret, store }.`,
    );
  }
  assertKnownOptions(options);
  if (
    options.validateCredentials !== undefined &&
    typeof options.validateCredentials !== 'function'
  ) {
    throw new AuthConfigError(
      'validateCredentials must be a function.',
      'Pass (username, password) => user | null.',
    );
  }
  if (options.refreshIdentity !== undefined && typeof options.refreshIdentity !== 'function') {
    throw new AuthConfigError(
      'refreshIdentity must be a function.',
      'Pass async (user) => the current user, or null to end the session.',
    );
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new AuthConfigError(
      'clock must be a function.',
      'Pass () => epochMilliseconds, or leave it unset.',
    );
  }
  if (options.onAuthEvent !== undefined && typeof options.onAuthEvent !== 'function') {
    throw new AuthConfigError('onAuthEvent must be a function.', 'Pass (event) => { ... }.');
  }
  for (const name of ['eventEmitter', 'presetExpressPrototypes'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') {
      throw new AuthConfigError(`${name} must be true or false.`, 'Remove it or pass a boolean.');
    }
  }
  if (options.claims !== undefined && typeof options.claims !== 'function') {
    throw new AuthConfigError(
      'claims must be a function.',
      'Pass (user) => ({ ...extra claims }).',
    );
  }
  if (options.sessionMetadata !== undefined && typeof options.sessionMetadata !== 'function') {
    throw new AuthConfigError(
      'sessionMetadata must be a function.',
      `Pass (request) => ({ userAgent: request.headers['user-agent'] }).`,
    );
  }
  const refreshReuseGraceSeconds = resolveNonNegativeInteger(
    'refreshReuseGraceSeconds',
    options.refreshReuseGraceSeconds,
    DEFAULTS.refreshReuseGraceSeconds,
  );
  if (refreshReuseGraceSeconds > 60) {
    throw new AuthConfigError(
      `refreshReuseGraceSeconds is ${refreshReuseGraceSeconds}; a long window lets a stolen refresh token be replayed unnoticed.`,
      'Use a few seconds (at most 60).',
    );
  }
  const maxTokenLength = resolveNonNegativeInteger(
    'maxTokenLength',
    options.maxTokenLength,
    DEFAULTS.maxTokenLength,
  );
  if (maxTokenLength < 128) {
    throw new AuthConfigError(
      `maxTokenLength is ${maxTokenLength}.`,
      'No real token fits: use 128 or more.',
    );
  }
  return {
    ...resolveKeys(options),
    ...resolveLifetimes(options),
    issuer: resolveOptionalString('issuer', options.issuer),
    audience: resolveOptionalString('audience', options.audience),
    issuers: resolveIssuers(options),
    ...resolveAccessTokenProfile(options),
    refreshReuseGraceSeconds,
    maxTokenLength,
    store: resolveStore(options),
    validateCredentials: options.validateCredentials,
    refreshIdentity: options.refreshIdentity,
    claims: options.claims ?? (() => ({})),
    sessionMetadata: options.sessionMetadata,
    loginThrottle: resolveLoginThrottle(options.loginThrottle),
    verifiedTokenCache: resolveVerifiedTokenCache(options.verifiedTokenCache),
    revocationMirror: resolveRevocationMirror(options),
    presetExpressPrototypes: options.presetExpressPrototypes ?? DEFAULTS.presetExpressPrototypes,
    maxSessionsPerUser: resolveSessionCap(options.maxSessionsPerUser),
    apiKeys: resolveApiKeys(options.apiKeys),
    onAuthEvent: options.onAuthEvent,
    eventEmitter: options.eventEmitter ?? DEFAULTS.eventEmitter,
    metrics: resolveMetrics(options.metrics),
    clock: options.clock ?? Date.now,
    transport: resolveTransport(options),
    mfa: resolveMfa(options),
    tenants: resolveTenants(options),
  };
}
