/**
 * Where revocations live. Entries are ids such as `sid:<session>` or `jti:<token>`, grouped by
 * the token's subject so that a store can keep one user's entries together (one Redis Cluster
 * slot). An entry only has to outlive what it blocks: `ttlSeconds` says how long that is.
 *
 * Implementations throw when they cannot answer; the guard then fails closed with 503.
 */
export interface Denylist {
  /** Blocks `id` of `subject` for `ttlSeconds`. */
  add(subject: string, id: string, ttlSeconds: number): Promise<void>;
  /** True when any of `ids` of `subject` is blocked. */
  has(subject: string, ids: readonly string[]): Promise<boolean>;
  /**
   * Optional: what {@link has} would answer, without I/O, when the store can prove it current;
   * `undefined` when it cannot, and the caller awaits `has()`. The guard's fast path uses it.
   */
  hasNow?(subject: string, ids: readonly string[]): boolean | undefined;
}

/** Injection token of the {@link Denylist} in use: `@Inject(Denylist)`. */
export const Denylist = Symbol('nest-jwt-auth:Denylist');
