import { createHash } from 'node:crypto';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';

interface Entry {
  claims: AccessTokenClaims;
  /** Epoch ms from which the entry must not be used. */
  until: number;
}

/**
 * Tokens whose signature and claims verified, so a token seen again skips the crypto (as
 * fast-jwt's cache does). Keyed by a SHA-256 of the token, so an entry costs the same whatever
 * the token's size; bounded LRU. It never holds a failure, and knows nothing of revocation:
 * the caller still checks that on every hit.
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
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (now >= entry.until) return undefined;
    // Re-inserting makes it the most recently used.
    this.entries.set(key, entry);
    // A copy, so an app that changes request.authInfo cannot change what later requests see.
    return { ...entry.claims, roles: [...entry.claims.roles] };
  }

  /**
   * Remembers verified `claims` until `expiresAt` (ms: when the verifier would first call the
   * token expired) or `ttl` from `now`, whichever comes first.
   */
  set(token: string, claims: AccessTokenClaims, expiresAt: number, now: number): void {
    const until = Math.min(expiresAt, now + this.ttlMs);
    if (until <= now) return;
    const key = keyOf(token);
    this.entries.delete(key);
    this.entries.set(key, { claims: { ...claims, roles: [...claims.roles] }, until });
    if (this.entries.size > this.maxEntries) {
      // Map keeps insertion order: the first key is the least recently used.
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
