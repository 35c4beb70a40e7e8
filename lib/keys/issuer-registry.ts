import { type OnModuleInit } from '@nestjs/common';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type KeySet } from './key-set.js';
import { RemoteKeySet } from './remote-key-set.js';
import { type TrustedIssuer } from './trusted-issuer.js';

/**
 * The issuers whose tokens are accepted, found by a token's `iss` before any key is looked up:
 * a token is only ever checked with the keys of the issuer it names, never tried against every
 * issuer's keys, so no key of one issuer can vouch for a token naming another (whatever the
 * `kid`s). An `iss` naming none of them is refused. A single issuer without `iss` (the module's
 * own, when the app sets no `issuer`) takes every token, as before `issuers` existed.
 */
export class IssuerRegistry implements OnModuleInit {
  private readonly byIss = new Map<string, TrustedIssuer>();
  private readonly onlyIssuer: TrustedIssuer | undefined;

  /**
   * @param startedElsewhere key sets that fetch at start-up on their own (the module's `KeySet`,
   *   a provider Nest starts): not fetched a second time.
   */
  constructor(
    private readonly issuers: readonly TrustedIssuer[],
    private readonly startedElsewhere: readonly KeySet[] = [],
  ) {
    for (const issuer of issuers) {
      if (issuer.iss === undefined) continue;
      if (this.byIss.has(issuer.iss)) {
        throw new AuthConfigError(
          `two trusted issuers have iss "${issuer.iss}".`,
          'Give each issuer once: a token must name exactly one.',
        );
      }
      this.byIss.set(issuer.iss, issuer);
    }
    if (this.byIss.size !== issuers.length && issuers.length !== 1) {
      throw new AuthConfigError(
        'an issuer without iss is trusted beside others: its tokens could not be told apart.',
        "Set issuer, the iss of the module's own tokens.",
      );
    }
    this.onlyIssuer = this.byIss.size === 0 ? issuers[0] : undefined;
  }

  /** Fetches every remote key set at start-up so the first request does not wait. */
  onModuleInit(): void {
    for (const { keys } of this.issuers) {
      if (keys instanceof RemoteKeySet && !this.startedElsewhere.includes(keys))
        keys.onModuleInit();
    }
  }

  /**
   * The issuer a token names by its `iss`, read before the signature is checked: it only
   * chooses whose keys to try, and the signature then vouches for it. Throws `token_invalid`.
   */
  select(iss: unknown): TrustedIssuer {
    if (this.onlyIssuer) return this.onlyIssuer;
    const issuer = typeof iss === 'string' ? this.byIss.get(iss) : undefined;
    if (issuer) return issuer;
    throw new AuthException(
      AuthErrorCode.TokenInvalid,
      iss === undefined
        ? 'The token names no issuer (iss).'
        : 'The token was issued by an unknown issuer (iss).',
    );
  }

  /**
   * The user of verified claims, built by the issuer whose keys verified them: their `iss` chose
   * it then and chooses the same one now, so claims from the verified-token cache map alike.
   */
  userOf(claims: AccessTokenClaims): AuthenticatedUser {
    return this.select(claims.iss).toUser(claims);
  }
}
