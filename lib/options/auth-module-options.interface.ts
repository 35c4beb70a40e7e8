import { type Denylist } from '../denylist/denylist.interface.js';
import { type AuthEvent } from '../interfaces/auth-event.interface.js';
import { type AuthKey } from '../keys/import-key.js';
import { type LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { type SessionMetadata } from '../sessions/session.interface.js';
import { type SessionStore } from '../sessions/session-store.interface.js';
import { type RedisStoreOption } from '../store/redis-client.js';
import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type TransportOptions } from './transport-options.interface.js';

/** A number of seconds, or a string such as `'90s'`, `'15m'`, `'12h'`, `'7d'`. */
export type Duration = number | string;

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
  /** Caching of `jwksUrl`. */
  jwks?: RemoteJwksOptions;
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
  /** `iss` claim: set on issued tokens and required on verified ones (required with `jwksUrl`). */
  issuer?: string;
  /** `aud` claim: set on issued tokens and required on verified ones (required with `jwksUrl`). */
  audience?: string;
  /**
   * Seconds during which a just-rotated refresh token is still accepted and answered with the
   * same successor pair (for clients that retry a refresh whose answer they lost). 0: any reuse
   * revokes the session at once.
   * @default 0
   */
  refreshReuseGraceSeconds?: number;
  /**
   * Seconds of clock skew tolerated when checking `exp` and `nbf`.
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
   * default with the Redis store on one node or Sentinel; off on a Redis Cluster, where `true`
   * is refused at start-up (not supported yet). `false` turns it off.
   * @default true
   */
  revocationMirror?: boolean;
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
  validateCredentials?: (username: string, password: string) => Promise<AuthUser | null>;
  /**
   * What to record about a session at `POST /auth/login`, from the request (e.g. user agent and
   * IP). Shown in `GET /auth/sessions`; values are cut to 512 characters.
   */
  sessionMetadata?: (request: unknown) => SessionMetadata | undefined;
  /**
   * Brute-force protection of `POST /auth/login`; `false` turns it off (do that only behind
   * another rate limiter).
   * @default { maxAttempts: 5, maxAttemptsPerIp: 100, windowSeconds: 900 }
   */
  loginThrottle?: false | LoginThrottleOptions;
  /**
   * Extra claims for a user's access token (gin-jwt's PayloadFunc). Registered claims
   * (`iss`, `aud`, `exp`, `iat`, `nbf`, `jti`, `sid`, `sub`) cannot be overwritten by it.
   */
  claims?: (user: AuthUser) => Record<string, unknown>;
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

/** How the remote JWKS of resource-server mode is fetched. */
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
}

/** Limits of failed logins within one window. */
export interface LoginThrottleOptions {
  /**
   * Failed logins for one username before it is blocked until the window ends.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Failed logins from one IP (any usernames) before it is blocked.
   * @default 100
   */
  maxAttemptsPerIp?: number;
  /**
   * Length of the window, from the first failure.
   * @default 900
   */
  windowSeconds?: number;
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
