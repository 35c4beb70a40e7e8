import { type ApiKeyStore } from '../api-keys/api-key-store.interface.js';
import { type Denylist } from '../denylist/denylist.interface.js';
import { type AuthEvent } from '../interfaces/auth-event.interface.js';
import { type AuthKey } from '../keys/import-key.js';
import { type MetricsMeterProvider } from '../metrics/meter.js';
import { type LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { type SessionMetadata } from '../sessions/session.interface.js';
import { type SessionStore } from '../sessions/session-store.interface.js';
import { type RedisStoreOption } from '../store/redis-client.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser, type AuthUser } from '../interfaces/auth-user.interface.js';
import { type TicketStore } from '../tickets/ticket-store.interface.js';
import { type MfaFactorStore } from '../mfa/mfa-factor-store.interface.js';
import { type MfaStateStore } from '../mfa/mfa-state-store.interface.js';
import { type SecondFactor } from '../mfa/second-factor.interface.js';
import { type TenantsOptions } from './tenants-options.interface.js';
import { type TransportOptions } from './transport-options.interface.js';

/** A number of seconds, or a string such as `'90s'`, `'15m'`, `'12h'`, `'7d'`. */
export type Duration = number | string;

/** `metrics` with a MeterProvider of the app's own. */
export interface MetricsOptions {
  /** An OpenTelemetry `MeterProvider` (e.g. `new MeterProvider({ readers })` of the SDK). */
  meterProvider: MetricsMeterProvider;
}

/** What the module's hooks are told besides the user: the tenant (option `tenants`). */
export interface AuthHookContext {
  tenant?: string;
}

/** HMAC algorithms usable with `secret`. */
export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

/** Where revocations and refresh tokens live. */
export type AuthStoreOptions =
  /** In-process maps: one process only, lost on restart. For development and tests. */
  | 'memory'
  | {
      /**
       * A Redis URL; ioredis options (with `sentinels` and `name` for Sentinel); a Cluster as
       * `{ cluster: [...nodes], options? }`; or your own ioredis `Redis` or `Cluster` client, which
       * the module never closes.
       */
      redis: RedisStoreOption;
      /**
       * Prefix of every key the module writes.
       * @default 'nest-jwt-auth:'
       */
      keyPrefix?: string;
    }
  | {
      /** Your own implementations, e.g. on another database. */
      denylist: Denylist;
      sessions: SessionStore;
      /** Failed-login counters; the memory store when omitted. */
      loginAttempts?: LoginAttemptStore;
      /** Stream tickets; the memory store (this instance only) when omitted. */
      tickets?: TicketStore;
      /** API keys; the memory store (this instance only) when omitted. */
      apiKeys?: ApiKeyStore;
      /** MFA's short-lived state (mfaTokens, enrolments, spent codes); memory when omitted. */
      mfa?: MfaStateStore;
    };

/** Options of `AuthModule.forRoot()` / the factory of `forRootAsync()`. */
export interface AuthModuleOptions extends TransportOptions {
  /**
   * HMAC secret, at least 32 bytes. Keep it out of source control. Give exactly one of
   * `secret`, `keys` and `jwksUrl`.
   */
  secret?: string | Buffer;
  /**
   * Algorithm of `secret`.
   * @default 'HS256'
   */
  algorithm?: HmacAlgorithm;
  /**
   * Signing keys as JWKs (RFC 7517) or `{ kid, alg, pem }`, each with a unique `kid`. The first
   * key holding private material signs; every key verifies the tokens whose `kid` names it, with
   * the one algorithm the key is bound to (`alg`, or the key type's default: RS256 for RSA,
   * ES256/ES384 for EC P-256/P-384, EdDSA for Ed25519, HS256 for `oct`). Public halves of the
   * asymmetric keys are served at `GET /.well-known/jwks.json`.
   */
  keys?: AuthKey[];
  /**
   * Resource-server mode: verify tokens issued elsewhere against this JWKS URL. Needs `issuer`
   * and `audience`; there is no login, refresh or JWKS route, and `AuthService` cannot issue.
   */
  jwksUrl?: string;
  /**
   * Caching of `jwksUrl`, and of every `issuers` entry's `jwksUrl` that sets no `jwks` of its own.
   * @default { cacheTtl: '10m', minRefetchInterval: '30s', timeout: '5s', maxStaleness: '24h' }
   */
  jwks?: RemoteJwksOptions;
  /**
   * Other issuers whose access tokens the guard accepts beside the module's own (Keycloak,
   * Auth0, another service...). A token is matched to one by its `iss` before any key is looked
   * up, so it is only ever checked with the keys of the issuer it names; an `iss` that names none
   * is refused. Needs `issuer`, by which the module's own tokens are recognised. See
   * docs/issuers.md.
   * @default []
   */
  issuers?: TrustedIssuerOptions[];
  /**
   * Lifetime of access tokens.
   * @default '15m'
   */
  accessTokenTtl?: Duration;
  /**
   * Lifetime of refresh tokens.
   * @default '7d'
   */
  refreshTokenTtl?: Duration;
  /**
   * Absolute lifetime of a session (OWASP ASVS 10.4.8): refreshing never extends a session past
   * this much time after its login.
   * @default '30d'
   */
  sessionMaxLifetime?: Duration;
  /**
   * `iss` claim: set on issued tokens and required on verified ones (required with `jwksUrl`, and
   * with `issuers`, where it is how the module's own tokens are recognised).
   */
  issuer?: string;
  /** `aud` claim: set on issued tokens and required on verified ones (required with `jwksUrl`). */
  audience?: string;
  /**
   * `client_id` claim of issued access tokens, which RFC 9068 section 2.2 requires of a token typed
   * `at+jwt`. The module issues tokens to the app's own clients (its web and mobile front ends),
   * which have no OAuth client registration, so the default names the app itself: `audience`,
   * else `issuer`, else `'nest-jwt-auth'`. The `claims` hook cannot overwrite it.
   * @default audience ?? issuer ?? 'nest-jwt-auth'
   */
  clientId?: string;
  /**
   * Resource-server mode: accept only tokens whose header says `typ: at+jwt` (strict RFC 9068
   * section 4), which keeps the issuer's ID tokens and other JWTs signed with the same keys out.
   * Off by default because many identity providers send `typ: JWT` or none. Tokens this module
   * issues itself always require `at+jwt`, whatever this says.
   * @default false
   */
  requireAccessTokenType?: boolean;
  /**
   * Seconds during which a just-rotated refresh token is still accepted and answered with the
   * same successor pair (for clients that retry a refresh whose answer they lost). 0: any reuse
   * revokes the session at once.
   * @default 0
   */
  refreshReuseGraceSeconds?: number;
  /**
   * Seconds of clock skew tolerated when checking `exp`, `nbf` and `iat`; also the most the
   * clocks of the app's instances may disagree, which revocations are sized for. Sessions must
   * last longer than twice it: access tokens end that long before their session.
   * @default 0
   */
  clockToleranceSeconds?: number;
  /**
   * Longest access token accepted, in characters; longer ones are refused before any crypto.
   * @default 8192
   */
  maxTokenLength?: number;
  /** The store of revocations and refresh tokens. */
  store: AuthStoreOptions;
  /**
   * Remembers tokens whose signature and claims verified, so a token seen again skips the
   * crypto: a bounded LRU keyed by the token (up to 2 KB), each entry valid until the token's `exp`
   * or `ttl`, whichever comes first. Failures are never cached, and revocation is still checked
   * on every request. `false` turns it off.
   * @default { maxEntries: 10000, ttl: '1m' }
   */
  verifiedTokenCache?: false | VerifiedTokenCacheOptions;
  /**
   * With the Redis store: keep every live revocation in memory, loaded at start and kept current
   * through Redis pub/sub, so the guard checks revocation with no Redis round trip. A revocation
   * reaches the other instances within milliseconds (not at once); while the subscription is
   * down, resynchronising or not proven current (350 ms), the guard asks Redis as usual. On by
   * default with the Redis store: one node, Sentinel or a Redis Cluster (where it subscribes to
   * every node). `false` turns it off.
   * @default true
   */
  revocationMirror?: boolean;
  /**
   * On Express: build each request and response with Express's prototypes from the start, so
   * V8 does not give every request object a hidden class of its own (Express sets the
   * prototype per request, which makes every property access on it slow). 2.4 to 3.2 times the
   * requests per CPU second for the whole app. Changes the classes the app's HTTP server builds
   * requests with, only where they are Node's own; `false` leaves the server as it is. See
   * docs/performance.md.
   * @default true
   */
  presetExpressPrototypes?: boolean;
  /**
   * The time in epoch milliseconds, for tests that need to move it (gin-jwt's TimeFunc): used
   * to stamp and check access tokens and sessions. Redis TTLs keep real time.
   * @default Date.now
   */
  clock?: () => number;
  /**
   * Called for every login, failed login, refresh, refresh-token reuse, logout and revoked
   * session, with user, session, IP and user agent: the feed of an audit log. Errors it throws
   * are logged, never passed on. With `@nestjs/event-emitter`, listen with `@OnEvent()` instead
   * (see `eventEmitter`).
   */
  onAuthEvent?: (event: AuthEvent) => void | Promise<void>;
  /**
   * When `@nestjs/event-emitter` is installed and the app imports `EventEmitterModule.forRoot()`,
   * every event `onAuthEvent` receives is also emitted on the app's EventEmitter2 under its name
   * (`auth.login`, ...), so `@OnEvent('auth.login')` listeners receive it. Errors of listeners
   * are logged, never passed on. `false` turns the forwarding off.
   * @default true
   */
  eventEmitter?: boolean;
  /**
   * OpenTelemetry metrics (docs/metrics.md): with `true`, recorded through the global
   * MeterProvider when `@opentelemetry/api` is installed and an SDK registered a provider before
   * the app was created, else nothing is recorded and nothing is paid per request;
   * `{ meterProvider }` records through that provider; `false` records nothing.
   * @default true
   */
  metrics?: boolean | MetricsOptions;
  /**
   * Most live sessions per user (like Hanko's limit): a login beyond it ends the user's oldest
   * sessions. Unset: no limit.
   */
  maxSessionsPerUser?: number;
  /**
   * Lets `store: 'memory'` start when `NODE_ENV=production` (one process only!).
   * @default false
   */
  allowMemoryStoreInProduction?: boolean;
  /**
   * Checks a username and password; resolves to the user, or `null` to refuse.
   * Setting it enables `POST /auth/login`.
   */
  validateCredentials?: (
    username: string,
    password: string,
    context?: AuthHookContext,
  ) => Promise<AuthUser | null>;
  /**
   * Called on every refresh with the identity the session's tokens carry (`sub`, `roles`, the
   * app's claims): resolve to the user as they are now, whose roles and claims the new access
   * token then carries, or `null` to refuse: the refresh gets 401 `refresh_token_invalid` and the
   * session ends (e.g. the user was disabled). A user with another `sub` is refused the same way.
   * Errors it throws reach the client as errors of your own code do, and leave the session as it
   * was, so the same refresh token can be tried again. Unset, refresh re-issues the identity
   * stored at login for the whole session: call `AuthService.revokeAllSessions(sub)` when a user's
   * roles change or the user is disabled.
   */
  refreshIdentity?: (user: AuthUser, context?: AuthHookContext) => Promise<AuthUser | null>;
  /**
   * What to record about a session at `POST /auth/login`, from the request (e.g. user agent and
   * IP). Shown in `GET /auth/sessions`; values are cut to 512 characters.
   */
  sessionMetadata?: (request: unknown) => SessionMetadata | undefined;
  /**
   * Brute-force protection of `POST /auth/login`; `false` turns it off (do that only behind
   * another rate limiter).
   * @default { maxAttemptsPerUsernameAndIp: 5, maxAttemptsPerUsername: 100, maxAttemptsPerIp: 100, windowSeconds: 900 }
   */
  loginThrottle?: false | LoginThrottleOptions;
  /**
   * API keys (docs/api-keys.md), accepted by the guard when `tokenLookup` lists `'apiKey'`: how
   * many a user may hold, and how many unknown keys one IP may present.
   * @default { maxKeysPerUser: 20, maxFailedLookupsPerIp: 20, failedLookupWindowSeconds: 900 }
   */
  apiKeys?: ApiKeyOptions;
  /**
   * Several tenants on one app (docs/tenants.md): each with its own issuer, keys and Redis key
   * prefix, found from each request by `resolve`; a tenant's tokens work at no other.
   */
  tenants?: TenantsOptions;
  /**
   * Extra claims for a user's access token (gin-jwt's PayloadFunc). Registered claims
   * (`iss`, `aud`, `exp`, `iat`, `nbf`, `jti`, `sid`, `sub`, `client_id`, `roles`) cannot be
   * overwritten by it.
   */
  claims?: (user: AuthUser, context?: AuthHookContext) => Record<string, unknown>;
  /**
   * A second factor at login (docs/mfa.md): TOTP built in, and the app's own `factors`. A user
   * with one gets `{ mfaRequired, mfaToken, methods }` from `POST /auth/login`, and tokens from
   * `POST /auth/mfa`. Unset: no second factor, no MFA routes.
   */
  mfa?: MfaOptions;
}

/** The `mfa` option. */
export interface MfaOptions {
  /**
   * TOTP (RFC 6238) with recovery codes, which users enrol through `POST /auth/mfa/totp`;
   * `false` leaves only the app's `factors`.
   * @default {}
   */
  totp?: false | TotpOptions;
  /** The app's own second factors (WebAuthn, SMS...), offered beside TOTP. */
  factors?: SecondFactor[];
  /**
   * Where confirmed TOTP factors live: the app's implementation on its database (recommended),
   * else the module's store, in Redis keys that never expire (then Redis must persist its data:
   * see docs/mfa.md). Required with `store: { denylist, sessions }`.
   */
  factorStore?: MfaFactorStore;
  /**
   * Lifetime of the mfaToken of a login waiting for its second factor.
   * @default '5m'
   */
  mfaTokenTtl?: Duration;
  /**
   * Wrong answers one mfaToken survives; the next attempt uses it up, and the user logs in again.
   * @default 5
   */
  maxAttemptsPerMfaToken?: number;
  /**
   * Code attempts for one user, from every IP together, per `loginThrottle` window (counted
   * apart from passwords, like logins per username and IP). Off with `loginThrottle: false`.
   * @default 20
   */
  maxAttemptsPerUser?: number;
  /**
   * How recent the login (`auth_time`) of the access token starting a TOTP enrolment must be, in
   * seconds: older is 401 `insufficient_user_authentication`, so a stolen access token alone
   * cannot enrol the thief's authenticator on an account without a factor (and lock its owner
   * out).
   * @default 900
   */
  freshLoginSeconds?: number;
}

/** The `mfa.totp` option. */
export interface TotpOptions {
  /**
   * The issuer authenticator apps show beside the code (in the `otpauth://` URI).
   * @default issuer ?? 'nest-jwt-auth'
   */
  issuer?: string;
  /**
   * Recovery codes generated at confirmation (each usable once, shown once).
   * @default 10
   */
  recoveryCodes?: number;
  /**
   * Key (at least 32 bytes) sealing TOTP secrets at rest with AES-256-GCM: a copy of the store
   * alone then gives no codes. Keep it out of source control, apart from the store. Unset:
   * secrets are stored as they are.
   */
  encryptionKey?: string | Buffer;
}

/** Where a trusted issuer's roles are read: a claim's dotted path, or a function of the claims. */
export type IssuerRolesSource = string | ((claims: AccessTokenClaims) => string[]);

/** An issuer of the `issuers` option: whose tokens are accepted, and how its users are built. */
export interface TrustedIssuerOptions {
  /** The `iss` its tokens carry, exactly (e.g. `'https://sso.example.com/realms/shop'`). */
  issuer: string;
  /**
   * The `aud` its tokens must carry for this app (one of them, for a list). Required: an issuer's
   * keys sign the tokens of every API it serves.
   */
  audience: string | string[];
  /** Its JWKS URL, fetched and cached for this issuer alone. Give exactly one of `jwksUrl` and `keys`. */
  jwksUrl?: string;
  /** Its verification keys, as JWKs or `{ kid, alg?, pem }` (as the `keys` option takes them). */
  keys?: AuthKey[];
  /**
   * Caching of its `jwksUrl`; each value left out is the module's `jwks` value.
   * @default the module's jwks
   */
  jwks?: RemoteJwksOptions;
  /**
   * Accept only its tokens whose header says `typ: at+jwt` (RFC 9068 section 4).
   * @default false
   */
  requireAccessTokenType?: boolean;
  /**
   * Where the roles of its users come from: the dotted path of a claim holding a list of strings
   * or a space-separated string (`'realm_access.roles'` for Keycloak, `'permissions'` or
   * `'scope'` for Auth0), or a function of the verified claims. Absent claim: no roles.
   * @default 'roles'
   */
  roles?: IssuerRolesSource;
  /**
   * Builds the whole user `@CurrentUser()` gets from the verified claims, instead of the claims
   * themselves with `roles`. It must return a non-empty `sub`; `iss` is always set to this issuer.
   * Throw an `AuthException` to refuse a token. Give `roles` or `user`, not both.
   */
  user?: (claims: AccessTokenClaims) => AuthenticatedUser;
}

/** Size and lifetime of the verified-token cache. */
export interface VerifiedTokenCacheOptions {
  /**
   * Most tokens remembered; the least recently used goes first.
   * @default 10000
   */
  maxEntries?: number;
  /**
   * Longest time a token is remembered (never past its `exp`).
   * @default '1m'
   */
  ttl?: Duration;
}

/** How a remote JWKS (of `jwksUrl`, or of an `issuers` entry) is fetched. */
export interface RemoteJwksOptions {
  /**
   * Keys fetched less than this long ago are used without asking the issuer.
   * @default '10m'
   */
  cacheTtl?: Duration;
  /**
   * Least time between two fetches, also when tokens name unknown kids: a flood of made-up kids
   * costs the issuer one request per interval.
   * @default '30s'
   */
  minRefetchInterval?: Duration;
  /**
   * A fetch taking longer is abandoned.
   * @default '5s'
   */
  timeout?: Duration;
  /**
   * Longest time keys are used after they were last fetched: while the issuer cannot be reached
   * (or answers with a key set that is refused), the keys fetched before stay in use until they
   * are this old; then verification answers 503 `jwks_unavailable` until a fetch succeeds, so a
   * key the issuer revoked during a long outage is not trusted for ever. At least `cacheTtl`.
   * @default '24h'
   */
  maxStaleness?: Duration;
}

/**
 * Limits of login attempts within one window. An attempt is counted before its password is
 * checked, under three counters; a success gives its attempt back. See docs/security.md.
 */
export interface LoginThrottleOptions {
  /**
   * Attempts for one username from one IP before that pair is refused until the window ends:
   * stops a guesser at one address without locking the owner out elsewhere. A success clears it.
   * @default 5
   */
  maxAttemptsPerUsernameAndIp?: number;
  /**
   * Attempts for one username from every IP together before the username is refused everywhere:
   * the ceiling against guessing from many addresses. Not below `maxAttemptsPerUsernameAndIp`;
   * keep it well above, or one address can lock the owner out.
   * @default 100
   */
  maxAttemptsPerUsername?: number;
  /**
   * Attempts from one IP, whatever the usernames, before the IP is refused.
   * @default 100
   */
  maxAttemptsPerIp?: number;
  /**
   * Length of a counter's window, from its first attempt.
   * @default 900
   */
  windowSeconds?: number;
  /**
   * Turns the username of a login into the key it is counted under, so that every spelling of
   * one account shares one budget. Give the lookup `validateCredentials` does (it may be async,
   * e.g. resolve an email alias to the account id). Runs before the password is checked, on
   * every attempt.
   * @default normalizeUsername (NFKC, case fold, trim)
   */
  normalizeUsername?: (username: string) => string | Promise<string>;
}

/** Limits of API keys (docs/api-keys.md). */
export interface ApiKeyOptions {
  /**
   * Most live keys per user: creating one more is refused with 409 `api_key_limit_reached`, so
   * nobody can fill the store.
   * @default 20
   */
  maxKeysPerUser?: number;
  /**
   * Lookups of unknown (or revoked, or expired) keys from one IP within the window before the IP
   * is refused with 429 `too_many_attempts` until the window ends. Keys that verify never count.
   * @default 20
   */
  maxFailedLookupsPerIp?: number;
  /**
   * Length of that window, from the first failed lookup.
   * @default 900
   */
  failedLookupWindowSeconds?: number;
  /**
   * How recent the login (`auth_time`) of the access token creating a key must be, in seconds:
   * older is 401 `insufficient_user_authentication` (log in again, or `POST /auth/reauthenticate`),
   * so a stolen access token alone cannot mint a key that outlives it.
   * @default 900
   */
  freshLoginSeconds?: number;
}

/** Options fixed when the module is imported (also for `forRootAsync`). */
export interface AuthModuleExtras {
  /**
   * Register the module globally, so `AuthService` can be injected anywhere.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * Mount the `/auth` controller; `false` leaves routing to you.
   * @default true
   */
  controller?: boolean;
  /**
   * Path of the auth controller.
   * @default 'auth'
   */
  routePrefix?: string;
}
