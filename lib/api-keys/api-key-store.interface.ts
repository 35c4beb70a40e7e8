/** One API key as stored: never its secret, only the secret's hash. Times are epoch ms. */
export interface ApiKeyRecord {
  id: string;
  sub: string;
  name: string;
  /** SHA-256 of the secret, base64url. */
  hash: string;
  roles: string[];
  scopes: string[];
  createdAt: number;
  /** Absent: the key lives until it is revoked. */
  expiresAt?: number;
  /** The last use recorded: at most one write a minute per key and instance. */
  lastUsedAt?: number;
}

/**
 * Where API keys live, with an index per user so that listing is one call. `create` must be
 * atomic per user: however many creations race, on however many instances, no user ends up with
 * more than `maxPerUser` live keys. `now` (epoch ms, the module's clock) decides which keys have
 * expired; a store may also let them expire by themselves.
 */
export interface ApiKeyStore {
  /** Stores `record` unless its user already holds `maxPerUser` live keys: false then. */
  create(record: ApiKeyRecord, maxPerUser: number, now: number): Promise<boolean>;
  /** The key of this id, whoever owns it; `null` when there is none. */
  get(id: string): Promise<ApiKeyRecord | null>;
  /** The user's live keys, oldest first. */
  list(sub: string, now: number): Promise<ApiKeyRecord[]>;
  delete(sub: string, id: string): Promise<void>;
  /** Records a use at `at`, on a key that still exists only (never recreates a deleted one). */
  touch(sub: string, id: string, at: number): Promise<void>;
}

/** Injection token of the {@link ApiKeyStore} in use. */
export const ApiKeyStore = Symbol('nest-jwt-auth:ApiKeyStore');
