/** A confirmed TOTP factor as it is stored. */
export interface TotpFactor {
  /** The base32 secret, or its sealed form when `mfa.totp.encryptionKey` is set. */
  secret: string;
  /** When it was confirmed, epoch milliseconds. */
  confirmedAt: number;
  /** SHA-256 (base64url) of each unused recovery code. */
  recoveryCodes: string[];
}

/**
 * Where confirmed TOTP factors live: unlike sessions, they must last (a lost factor locks the
 * user out of MFA, or out of the account). Implement it on the app's database, next to the user,
 * or let the module keep them in Redis (then Redis must be persistent). See docs/mfa.md.
 */
export interface MfaFactorStore {
  /** The user's confirmed factor, or `null`. */
  getTotp(sub: string): Promise<TotpFactor | null>;
  /** Stores the factor, replacing the user's previous one and its recovery codes. */
  saveTotp(sub: string, factor: TotpFactor): Promise<void>;
  /**
   * Stores the factor only if the user has none, atomically: true for the one call that stored
   * it, however many race (a database's `INSERT ... ON CONFLICT DO NOTHING`). A confirmation is
   * saved this way, so that of two racing enrolments one factor stands and the other is refused
   * (409 `mfa_already_enrolled`) instead of replacing it after its recovery codes were shown.
   * Optional: without it, the last confirmation of such a race replaces the first (docs/mfa.md).
   */
  saveTotpIfAbsent?(sub: string, factor: TotpFactor): Promise<boolean>;
  /** Removes the user's factor and its recovery codes. */
  deleteTotp(sub: string): Promise<void>;
  /**
   * Removes one recovery code by its hash, atomically: true for the one call that removed it,
   * however many race (a database's `DELETE ... RETURNING` or `UPDATE ... WHERE`).
   */
  useRecoveryCode(sub: string, codeHash: string): Promise<boolean>;
}

/** Injection token of the {@link MfaFactorStore} in use. */
export const MfaFactorStore = Symbol('nest-jwt-auth:MfaFactorStore');
