import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of the current one, for clocks that drift and users who type slowly. */
export const TOTP_WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 key size RFC 4226 recommends. */
const SECRET_BYTES = 20;

/** How long a spent step must be remembered: until no window can accept its code again. */
export const SPENT_STEP_TTL_SECONDS = (2 * TOTP_WINDOW + 2) * TOTP_PERIOD_SECONDS;

/** A new random secret, base32 (RFC 4648) as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The `otpauth://` URI of a secret (the content of the QR code an app scans). */
export function totpUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secret) }).toString();
}

/**
 * The time step whose code `code` is, within the window around `nowMs`, or `null`. Comparison
 * is constant-time (otpauth's). The caller must still refuse a step already spent.
 */
export function totpStepOf(secret: string, code: string, nowMs: number): number | null {
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    timestamp: nowMs,
    window: TOTP_WINDOW,
  });
  return delta === null ? null : TOTP.counter({ timestamp: nowMs }) + delta;
}
