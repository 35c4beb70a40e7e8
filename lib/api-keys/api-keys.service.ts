import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { DENIAL_MARGIN_SECONDS } from '../denylist/denial-ttl.js';
import { Denylist } from '../denylist/denylist.interface.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { ExpiringMap } from '../store/expiring-map.js';
import { ApiKeyLookupThrottle, type LookupLimits } from './api-key-lookup-throttle.js';
import {
  hashApiKeySecret,
  newApiKey,
  parseApiKey,
  apiKeySecretMatches,
  type ApiKeyParts,
} from './api-key-format.js';
import { type ApiKeyClaims, identityOf } from './api-key-identity.js';
import { type ApiKeyInfo, type CreatedApiKey, toApiKeyInfo } from './api-key-info.js';
import { type ApiKeyRecord, ApiKeyStore } from './api-key-store.interface.js';
import { VerifiedApiKeyCache } from './verified-api-key-cache.js';

/** What a new key may do and how long it lives. */
export interface CreateApiKeyOptions {
  /** For its owner to recognise it in the list: 1 to 100 characters. */
  name: string;
  /** Checked by `@Scopes()`; none by default. */
  scopes?: string[];
  /** Checked by `@Roles()`; none by default. */
  roles?: string[];
  /** Seconds until it expires, a whole number up to ten years; unset: until it is revoked. */
  expiresIn?: number;
}

/**
 * What the service reads of the resolved options (declared here: the options folder depends on
 * this one, for the `apiKeys` store option).
 */
interface ApiKeySettings {
  clock: () => number;
  clockToleranceSeconds: number;
  /** Sizes this cache too; `ttl` in seconds. */
  verifiedTokenCache: { maxEntries: number; ttl: number } | null;
  apiKeys: LookupLimits & { maxKeysPerUser: number };
}

/** A verified key's user (`@CurrentUser()`) and claims (`request.authInfo`). */
export interface VerifiedApiKey {
  user: AuthenticatedUser;
  claims: ApiKeyClaims;
}

/**
 * Ten years, the longest `expiresIn`: a key meant to live longer is one without expiry, and should
 * say so. (Far beyond, the expiry is no Date, and no Redis TTL.)
 */
export const MAX_API_KEY_EXPIRES_IN = 10 * 366 * 86400;
const MAX_NAME_LENGTH = 100;
/** A scope token of RFC 6749 §3.3, as a token's `scope` claim can carry it. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const MAX_GRANTS = 100;
/** Most writes of a key's last-used time: one a minute per instance. */
const LAST_USED_EVERY_SECONDS = 60;
/**
 * How long the denial of a key without expiry lasts while its record may be left behind (its
 * deletion failed): a use or a revocation in that time finishes the deletion.
 */
const UNDELETED_KEY_DENIAL_SECONDS = 366 * 86400;

/** The denylist entry of a key: every instance refuses it from the moment it is written. */
const denialId = (id: string) => `key:${id}`;

const invalidKey = (message?: string) => new AuthException(AuthErrorCode.ApiKeyInvalid, message);
const invalidInput = (message: string) =>
  new AuthException(AuthErrorCode.ValidationFailed, message);

/**
 * API keys (docs/api-keys.md): long-lived credentials of a user for scripts and services,
 * accepted by `JwtAuthGuard` when `tokenLookup` lists `'apiKey'`. The store keeps a SHA-256 of
 * each secret, never the secret; a verified key is cached (bounded), its revocation checked on
 * every request through the denylist (and its in-memory mirror), and lookups of keys not yet
 * verified are throttled per IP.
 */
@Injectable()
export class ApiKeys {
  private readonly cache: VerifiedApiKeyCache | undefined;
  private readonly throttle: ApiKeyLookupThrottle;
  private readonly touched = new ExpiringMap<true>();

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ApiKeySettings,
    @Inject(ApiKeyStore) private readonly store: ApiKeyStore,
    @Inject(Denylist) private readonly denylist: Denylist,
    @Inject(LoginAttemptStore) attempts: LoginAttemptStore,
  ) {
    const cache = options.verifiedTokenCache;
    this.cache = cache ? new VerifiedApiKeyCache(cache.maxEntries, cache.ttl * 1000) : undefined;
    this.throttle = new ApiKeyLookupThrottle(attempts, options.apiKeys);
  }

  /**
   * A new key of `sub`, returned this once with its secret: only its hash is stored. 409
   * `api_key_limit_reached` when the user holds `apiKeys.maxKeysPerUser` live keys already.
   */
  async create(sub: string, options: CreateApiKeyOptions): Promise<CreatedApiKey> {
    const now = this.options.clock();
    const { id, secret, key } = newApiKey();
    const expiresIn = expiresInOf(options.expiresIn);
    const record: ApiKeyRecord = {
      id,
      sub,
      name: nameOf(options.name),
      hash: hashApiKeySecret(secret),
      roles: grantsOf('roles', options.roles, (role) => role !== ''),
      scopes: grantsOf('scopes', options.scopes, (scope) => SCOPE_TOKEN.test(scope)),
      createdAt: now,
      ...(expiresIn === undefined ? {} : { expiresAt: now + expiresIn * 1000 }),
    };
    const max = this.options.apiKeys.maxKeysPerUser;
    if (!(await storeCall(() => this.store.create(record, max, now)))) {
      throw new AuthException(AuthErrorCode.ApiKeyLimitReached);
    }
    return { ...toApiKeyInfo(record), key };
  }

  /** The user's live keys, oldest first, without secrets. */
  async list(sub: string): Promise<ApiKeyInfo[]> {
    const records = await storeCall(() => this.store.list(sub, this.options.clock()));
    return records.map(toApiKeyInfo);
  }

  /**
   * Revokes the key `id` of `sub`: refused at once on every instance. False when the user has no
   * such key (someone else's is no different from a missing one).
   */
  async revoke(sub: string, id: string): Promise<boolean> {
    const record = await storeCall(() => this.store.get(id));
    if (!record || record.sub !== sub) return false;
    await this.end(record);
    return true;
  }

  /** Revokes every key of the user, e.g. when their roles change or they leave. */
  async revokeAll(sub: string): Promise<void> {
    const records = await storeCall(() => this.store.list(sub, this.options.clock()));
    await Promise.all(records.map((record) => this.end(record)));
  }

  /**
   * The whole verification without awaiting, when the key is cached and the denylist answers
   * from memory; `undefined` when either cannot, and the caller awaits {@link verify}. Throws 401
   * `api_key_invalid` for a malformed or revoked key.
   */
  verifyNow(key: string): VerifiedApiKey | undefined {
    const { id, secret } = partsOf(key);
    const now = this.options.clock();
    const record = this.cache?.match(id, secret, now);
    if (record === undefined) return undefined;
    const revoked = this.denylist.hasNow?.(record.sub, [denialId(record.id)]);
    if (revoked) throw revokedKey(this.cache, record.id);
    if (revoked === undefined) return undefined;
    this.recordUse(record, now);
    return identityOf(record);
  }

  /**
   * Verifies `key` presented from `ip`: 401 `api_key_invalid` for a key that is malformed,
   * unknown, revoked or expired, 429 `too_many_attempts` when `ip` presented too many such keys,
   * 503 `auth_store_unavailable` when the store cannot answer.
   */
  async verify(key: string, ip?: string): Promise<VerifiedApiKey> {
    const parts = partsOf(key);
    const now = this.options.clock();
    const record =
      this.cache?.match(parts.id, parts.secret, now) ?? (await this.lookUp(parts, now, ip));
    if (await storeCall(() => this.denylist.has(record.sub, [denialId(record.id)]))) {
      // Denied but still stored: its deletion failed after the denial. Finish the job.
      void this.store.delete(record.sub, record.id).catch(() => undefined);
      throw revokedKey(this.cache, record.id);
    }
    this.cache?.remember(record, now);
    this.recordUse(record, now);
    return identityOf(record);
  }

  /** A key not in the cache, from the store; a failure counts against `ip`. */
  private async lookUp(
    { id, secret }: ApiKeyParts,
    now: number,
    ip?: string,
  ): Promise<ApiKeyRecord> {
    this.throttle.assertAllowed(ip);
    const record = await storeCall(() => this.store.get(id));
    const known = record !== null && apiKeySecretMatches(secret, record.hash);
    if (known && (record.expiresAt === undefined || record.expiresAt > now)) return record;
    await this.throttle.failed(ip);
    throw known ? invalidKey('The API key has expired.') : invalidKey();
  }

  /**
   * Denies first, for as long as the record could be left behind, then deletes it, then shortens
   * the denial to what caches still need: a failure at any step leaves the key refused.
   */
  private async end(record: ApiKeyRecord): Promise<void> {
    const { sub, id } = record;
    const now = this.options.clock();
    const remaining =
      record.expiresAt === undefined
        ? UNDELETED_KEY_DENIAL_SECONDS
        : Math.ceil((record.expiresAt - now) / 1000);
    const cached = this.options.verifiedTokenCache?.ttl ?? 0;
    const afterDeletion = cached + 2 * this.options.clockToleranceSeconds + DENIAL_MARGIN_SECONDS;
    await storeCall(() =>
      this.denylist.add(
        sub,
        denialId(id),
        Math.max(remaining, afterDeletion) + DENIAL_MARGIN_SECONDS,
      ),
    );
    await storeCall(() => this.store.delete(sub, id));
    this.cache?.forget(id);
    await this.denylist.add(sub, denialId(id), afterDeletion).catch(() => undefined);
  }

  /** Records the use in the store at most once a minute per key, never delaying the request. */
  private recordUse(record: ApiKeyRecord, now: number): void {
    if (this.touched.get(record.id)) return;
    this.touched.set(record.id, true, LAST_USED_EVERY_SECONDS);
    this.store.touch(record.sub, record.id, now).catch(() => undefined);
  }
}

/** The parts of `key`, or 401 `api_key_invalid` before anything is asked. */
function partsOf(key: string): ApiKeyParts {
  const parts = parseApiKey(key);
  if (parts === null) throw invalidKey('The API key is malformed.');
  return parts;
}

function revokedKey(cache: VerifiedApiKeyCache | undefined, id: string): AuthException {
  cache?.forget(id);
  return invalidKey('The API key has been revoked.');
}

function nameOf(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    throw invalidInput(`name must be a string of 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  return name;
}

function grantsOf(
  what: 'roles' | 'scopes',
  grants: unknown,
  valid: (grant: string) => boolean,
): string[] {
  if (grants === undefined) return [];
  if (
    !Array.isArray(grants) ||
    grants.length > MAX_GRANTS ||
    !grants.every((grant) => typeof grant === 'string' && valid(grant))
  ) {
    throw invalidInput(
      `${what} must be a list of at most ${MAX_GRANTS} ${what === 'scopes' ? 'scope tokens (printable ASCII, no space, " or \\)' : 'non-empty strings'}.`,
    );
  }
  return [...new Set(grants as string[])];
}

function expiresInOf(expiresIn: unknown): number | undefined {
  if (expiresIn === undefined) return undefined;
  const seconds = expiresIn as number;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_API_KEY_EXPIRES_IN) {
    throw invalidInput(
      `expiresIn must be a whole number of seconds from 1 to ${MAX_API_KEY_EXPIRES_IN} (ten years); leave it out for a key without expiry.`,
    );
  }
  return seconds;
}
