import {
  type ApiKeyOptions,
  type AuthModuleOptions,
  type AuthStoreOptions,
  type IssuerRolesSource,
  type LoginThrottleOptions,
  type MetricsOptions,
  type TrustedIssuerOptions,
} from './auth-module-options.interface.js';
import { type JoseKey } from '../keys/jose-key.js';
import { type RemoteKeySetTiming } from '../keys/remote-key-set.js';
import { type ResolvedTenants } from './tenants-options.interface.js';
import { type ResolvedTransport } from '../transport/resolved-transport.js';
import { type ResolvedMfaOptions } from '../mfa/resolved-mfa-options.js';

/** The options after defaults and validation: what every provider reads. */
export interface ResolvedAuthOptions {
  /** `issuer` signs and verifies its own tokens; `resource-server` verifies another's. */
  mode: 'issuer' | 'resource-server';
  /**
   * The `secret` or `keys`, as KeyObjects (jsonwebtoken verifies ~50x faster with one than with
   * a string secret). Empty in resource-server mode.
   */
  keys: JoseKey[];
  /** Resource-server mode's JWKS. */
  jwks?: { url: string } & RemoteKeySetTiming;
  /** The other issuers trusted beside the module's own (`issuers`). */
  issuers: ResolvedTrustedIssuer[];
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionMaxLifetime: number;
  issuer?: string;
  audience?: string;
  /** `client_id` of issued access tokens (RFC 9068 section 2.2). */
  clientId: string;
  /** Resource-server mode refuses tokens not typed `at+jwt`. */
  requireAccessTokenType: boolean;
  clockToleranceSeconds: number;
  refreshReuseGraceSeconds: number;
  maxTokenLength: number;
  store: AuthStoreOptions;
  validateCredentials?: AuthModuleOptions['validateCredentials'];
  refreshIdentity?: AuthModuleOptions['refreshIdentity'];
  claims: NonNullable<AuthModuleOptions['claims']>;
  sessionMetadata?: AuthModuleOptions['sessionMetadata'];
  loginThrottle: Required<LoginThrottleOptions> | null;
  /** `null`: no cache. `ttl` in seconds. */
  verifiedTokenCache: { maxEntries: number; ttl: number } | null;
  revocationMirror: boolean;
  presetExpressPrototypes: boolean;
  maxSessionsPerUser?: number;
  apiKeys: Required<ApiKeyOptions>;
  onAuthEvent?: AuthModuleOptions['onAuthEvent'];
  /** Emit events on the app's EventEmitter2, when it has one. */
  eventEmitter: boolean;
  /** `true`: the global MeterProvider, if any. */
  metrics: boolean | MetricsOptions;
  clock: () => number;
  transport: ResolvedTransport;
  /** `null`: no second factor (the `mfa` option unset). */
  mfa: ResolvedMfaOptions | null;
  /** `null`: one tenant, the module's own options. */
  tenants: ResolvedTenants | null;
}

/** An entry of `issuers`, checked, with its defaults. */
export interface ResolvedTrustedIssuer {
  issuer: string;
  /** Its tokens' `aud` must be or hold one of these. */
  audience: string[];
  /** Its `keys`; empty when it has a JWKS. */
  keys: JoseKey[];
  jwks?: { url: string } & RemoteKeySetTiming;
  requireAccessTokenType: boolean;
  roles: IssuerRolesSource;
  user?: TrustedIssuerOptions['user'];
}
