import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { isJoseAlgorithm } from './jose-algorithm.js';
import { type JoseKey } from './jose-key.js';

function invalid(message: string): AuthException {
  return new AuthException(AuthErrorCode.TokenInvalid, message);
}

export function unknownKey(): AuthException {
  return invalid('The token was signed by an unknown key (kid).');
}

export function unsupportedAlgorithm(): AuthException {
  return invalid('The token was signed with an unsupported algorithm (alg).');
}

/**
 * One key as published or configured: the same key material bound to each algorithm it may
 * verify. A key that names its `alg` has one; a remote key without `alg` has every asymmetric
 * algorithm its type fits.
 */
export type KeyEntry = readonly JoseKey[];

/**
 * The keys tokens are verified with, found by the token's `kid` and then by its `alg`: a token
 * never gets to try every key, and the key decides which algorithms it accepts, never the token
 * (no HS/RS confusion, no `none`). A token without `kid` is unambiguous only when there is a
 * single key to check it with.
 */
export class KeyIndex {
  private readonly byKid = new Map<string, KeyEntry>();
  private readonly onlyEntry: KeyEntry | undefined;

  /**
   * @param refused published keys that cannot be used, by kid, with the error a token naming
   *   one of them gets instead of "unknown key".
   */
  constructor(
    entries: readonly KeyEntry[],
    private readonly refused: ReadonlyMap<string, AuthException> = new Map(),
  ) {
    for (const entry of entries) {
      const kid = entry[0]?.kid;
      if (kid !== undefined) this.byKid.set(kid, entry);
    }
    this.onlyEntry = entries.length === 1 ? entries[0] : undefined;
  }

  /** Whether a token with this `kid` names a key of this set, usable or refused. */
  knows(kid: unknown): boolean {
    return this.entryFor(kid) !== undefined || (typeof kid === 'string' && this.refused.has(kid));
  }

  /** The key for a token whose header names `kid` and `alg`; throws `token_invalid`. */
  select(kid: unknown, alg: unknown): JoseKey {
    if (!isJoseAlgorithm(alg)) throw unsupportedAlgorithm();
    const entry = this.entryFor(kid);
    if (entry === undefined) {
      throw (typeof kid === 'string' ? this.refused.get(kid) : undefined) ?? unknownKey();
    }
    const key = entry.find((candidate) => candidate.alg === alg);
    if (key === undefined) throw invalid('The token algorithm does not match its key.');
    return key;
  }

  private entryFor(kid: unknown): KeyEntry | undefined {
    if (kid === undefined) return this.onlyEntry;
    return typeof kid === 'string' ? this.byKid.get(kid) : undefined;
  }
}
