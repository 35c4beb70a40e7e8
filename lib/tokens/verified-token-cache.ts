import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

interface Entry {
  token: string;
  claims: AccessTokenClaims;
  /** Epoch ms from which the entry must not be used. */
  until: number;
  /** The cache's count of insertions when the entry was last (re)inserted. */
  insertedAt: number;
  /** The user of the claims, once a guard has asked for it. */
  user?: AuthenticatedUser;
}

/** A cache hit: copies, so an app that changes `request.user` or `authInfo` changes no other. */
export interface CachedVerification {
  claims: AccessTokenClaims;
  user: AuthenticatedUser;
}

const copyOfClaims = (claims: AccessTokenClaims): AccessTokenClaims => ({
  ...claims,
  roles: [...claims.roles],
});

function copyOfUser(user: AuthenticatedUser): AuthenticatedUser {
  const copy = { ...user, roles: [...user.roles] };
  if (user.scopes) copy.scopes = [...user.scopes];
  return copy;
}

/** Longer tokens are verified every time: an entry keeps its token. */
const MAX_CACHED_TOKEN_LENGTH = 2048;

/**
 * Entries are found by the token's last characters, its signature's: V8 hashes a string key in
 * full, and each request's token is a new string, so a whole-token key cost a hash of ~300
 * characters per lookup. The entry's whole token must still equal the token presented.
 */
const KEY_LENGTH = 32;
const keyOf = (token: string) => token.slice(-KEY_LENGTH);

/**
 * Tokens whose signature and claims verified, so a token seen again skips the crypto (as
 * fast-jwt's cache does); bounded LRU. Each entry keeps the token itself, compared in full on
 * every hit: a SHA-256 of it cost ~3.5 % of the server's CPU per request in the benchmark's
 * profile, more than the lookup it saved, and bounding the length keeps an entry under ~2 KB.
 * It never holds a failure, and knows nothing of revocation: the caller still checks that on
 * every hit.
 *
 * A hit moves its entry to the most recently used end only once the entry has drifted into the
 * older half: moving it on every hit (a delete and a set in the Map) was most of the lookup's
 * cost, and an entry in the newer half is not next to go anyway.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private insertions = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The claims of `token` if it verified and its entry is still valid at `now` (ms); a copy. */
  get(token: string, now: number): AccessTokenClaims | undefined {
    const entry = this.entryOf(token, now);
    return entry && copyOfClaims(entry.claims);
  }

  /**
   * {@link get} with the user of the claims: `userOf` builds it on the entry's first such hit
   * (given a copy of the claims), and later hits copy it instead of building it again. A
   * `userOf` that throws keeps nothing, and throws again on the next hit.
   */
  getWithUser(
    token: string,
    now: number,
    userOf: (claims: AccessTokenClaims) => AuthenticatedUser,
  ): CachedVerification | undefined {
    const entry = this.entryOf(token, now);
    if (!entry) return undefined;
    entry.user ??= userOf(copyOfClaims(entry.claims));
    return { claims: copyOfClaims(entry.claims), user: copyOfUser(entry.user) };
  }

  private entryOf(token: string, now: number): Entry | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (entry?.token !== token) return undefined;
    if (now >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    if (this.insertions - entry.insertedAt >= this.maxEntries / 2) this.insert(key, entry);
    return entry;
  }

  /**
   * Remembers verified `claims` until `expiresAt` (ms: when the verifier would first call the
   * token expired) or `ttl` from `now`, whichever comes first.
   */
  set(token: string, claims: AccessTokenClaims, expiresAt: number, now: number): void {
    const until = Math.min(expiresAt, now + this.ttlMs);
    if (until <= now || token.length > MAX_CACHED_TOKEN_LENGTH) return;
    this.insert(keyOf(token), { token, claims: copyOfClaims(claims), until, insertedAt: 0 });
    if (this.entries.size > this.maxEntries) {
      // Map keeps insertion order: the first key is the least recently used.
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  /** (Re)inserts `entry` as the most recently used; it replaces any entry under its key. */
  private insert(key: string, entry: Entry): void {
    this.entries.delete(key);
    entry.insertedAt = ++this.insertions;
    this.entries.set(key, entry);
  }
}
