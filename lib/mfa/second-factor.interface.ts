/**
 * A second factor the app brings (WebAuthn, SMS, push...), offered beside TOTP at login: a user
 * for whom `isEnrolled` says yes gets `mfaRequired` with this `method` among `methods`, and
 * completes the login with `POST /auth/mfa { mfaToken, method, proof }`. See docs/mfa.md.
 */
export interface SecondFactor {
  /** Its name in `methods` and in the `method` field, e.g. `'webauthn'`; not `'totp'`. */
  method: string;
  /**
   * The `amr` values (RFC 8176) a login completed with it adds after `pwd`, e.g. `['hwk']`.
   * @default [method]
   */
  amr?: string[];
  /** Whether the user can use it now. */
  isEnrolled(sub: string): Promise<boolean>;
  /**
   * Checks the `proof` object of `POST /auth/mfa` (as the client sent it: validate it) for the
   * user: true completes the login. It runs after the attempt is counted, and must make a proof
   * usable once (a replayed one must fail).
   */
  verify(sub: string, proof: Record<string, unknown>): Promise<boolean>;
}
