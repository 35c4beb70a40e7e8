import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type KeySet } from './key-set.js';

/**
 * An issuer whose access tokens are accepted: the `iss` that names it, the audiences its tokens
 * must be meant for, the keys that verify them, the rules they follow and how their user is
 * built. Self-contained, so that a set of them (an {@link IssuerRegistry}) can be chosen per
 * request without the verifier knowing where they came from.
 */
export interface TrustedIssuer {
  /**
   * The `iss` of its tokens. `undefined` only for the module's own tokens when the app sets no
   * `issuer`: `iss` is then not checked, and no other issuer can be trusted beside it.
   */
  readonly iss: string | undefined;
  /** A token's `aud` must be or hold one of these; `undefined`: `aud` is not checked. */
  readonly audiences: readonly string[] | undefined;
  /** The keys its tokens are verified with, and no other issuer's. */
  readonly keys: KeySet;
  /**
   * Its tokens belong to sessions of this module (our own tokens): `sid`, `jti` and `iat` are
   * required, and the session routes (logout, sessions) accept them. Otherwise `sub` and `exp`
   * suffice.
   */
  readonly ownSessions: boolean;
  /** Whether a token's header `typ` is acceptable. */
  acceptsType(typ: unknown): boolean;
  /**
   * The user `@CurrentUser()` gets for claims this issuer's keys verified; throws an
   * `AuthException` to refuse them.
   */
  toUser(claims: AccessTokenClaims): AuthenticatedUser;
}
