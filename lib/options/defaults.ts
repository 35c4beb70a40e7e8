/**
 * Every default of the module's options, in one place: the resolvers read these, and a test
 * holds docs/options.md and the options' JSDoc to them. Durations are in seconds.
 */
export const DEFAULTS = Object.freeze({
  extras: Object.freeze({ isGlobal: true, controller: true, routePrefix: 'auth' }),
  algorithm: 'HS256',
  accessTokenTtl: 15 * 60,
  refreshTokenTtl: 7 * 86400,
  sessionMaxLifetime: 30 * 86400,
  refreshReuseGraceSeconds: 0,
  clockToleranceSeconds: 0,
  maxTokenLength: 8192,
  store: Object.freeze({ keyPrefix: 'nest-jwt-auth:' }),
  verifiedTokenCache: Object.freeze({ maxEntries: 10_000, ttl: 60 }),
  // Only where it is supported: with the Redis store (one node, Sentinel or a Cluster).
  revocationMirror: true,
  presetExpressPrototypes: true,
  eventEmitter: true,
  metrics: true,
  allowMemoryStoreInProduction: false,
  loginThrottle: Object.freeze({
    maxAttemptsPerUsernameAndIp: 5,
    maxAttemptsPerUsername: 100,
    maxAttemptsPerIp: 100,
    windowSeconds: 900,
  }),
  apiKeys: Object.freeze({
    maxKeysPerUser: 20,
    maxFailedLookupsPerIp: 20,
    failedLookupWindowSeconds: 900,
    freshLoginSeconds: 900,
  }),
  jwks: Object.freeze({ cacheTtl: 600, minRefetchInterval: 30, timeout: 5, maxStaleness: 86400 }),
  issuers: Object.freeze([] as const),
  /** Of each `issuers` entry; its `jwks` defaults to the module's. */
  trustedIssuer: Object.freeze({ roles: 'roles', requireAccessTokenType: false }),
  tokenLookup: Object.freeze(['header'] as const),
  tokenQueryParameter: 'access_token',
  cookies: Object.freeze({
    accessTokenName: 'access_token',
    refreshTokenName: 'refresh_token',
    csrfTokenName: 'csrf_token',
    secure: true,
    sameSite: 'lax',
    omitTokensFromBody: true,
  } as const),
  csrf: Object.freeze({ trustedOrigins: Object.freeze([] as string[]) }),
  mfa: Object.freeze({
    mfaTokenTtl: 5 * 60,
    maxAttemptsPerMfaToken: 5,
    maxAttemptsPerUser: 20,
    freshLoginSeconds: 900,
  }),
  /** Of `mfa.totp` (documented in docs/mfa.md); its issuer is the `issuer` option's when set. */
  totp: Object.freeze({ issuer: 'nest-jwt-auth', recoveryCodes: 10 }),
});
