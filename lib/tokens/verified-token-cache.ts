import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';

interface Entry {
  claims: AccessTokenClaims;
  /** Epoch ms from which the entry must not be used. */
  until: number;
}

/** Longer tokens are verified every time: an entry keeps its token as key. */
const MAX_CACHED_TOKEN_LENGTH = 2048;

/**
 * Tokens whose signature and claims verified, so a token seen again skips the crypto (as
 * fast-jwt's cache does); bounded LRU. Keyed by the token itself: a SHA-256 of it cost ~3.5 % of
 * the server's CPU per request in the benchmark's profile, more than the lookup it saved, and
 * bounding the length keeps an entry under ~2 KB. It never holds a failure, and knows nothing of
 * revocation: the caller still checks that on every hit.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The claims of `token` if it verified and its entry is still valid at `now` (ms); a copy. */
  get(token: string, now: number): AccessTokenClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (now >= entry.until) return undefined;
    // Re-inserting makes it the most recently used.
    this.entries.set(token, entry);
    // A copy, so an app that changes request.authInfo cannot change what later requests see.
    return { ...entry.claims, roles: [...entry.claims.roles] };
  }

  /**
   * Remembers verified `claims` until `expiresAt` (ms: when the verifier would first call the
   * token expired) or `ttl` from `now`, whichever comes first.
   */
  set(token: string, claims: AccessTokenClaims, expiresAt: number, now: number): void {
    const until = Math.min(expiresAt, now + this.ttlMs);
    if (until <= now || token.length > MAX_CACHED_TOKEN_LENGTH) return;
    this.entries.delete(token);
    this.entries.set(token, { claims: { ...claims, roles: [...claims.roles] }, until });
    if (this.entries.size > this.maxEntries) {
      // Map keeps insertion order: the first key is the least recently used.
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
