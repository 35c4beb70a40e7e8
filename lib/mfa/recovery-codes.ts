import { createHash, randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read off paper is typed right. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 10 characters, 50 bits: unguessable within the login throttle, short enough to type. */
const CODE_LENGTH = 10;

/** New recovery codes, shown once as `xxxxx-xxxxx`. */
export function newRecoveryCodes(count: number): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/**
 * What is stored of a recovery code: the SHA-256 of its normalised form (case, dashes and spaces
 * do not matter). A fast hash suffices: the codes are random with 50 bits, not chosen passwords.
 */
export function hashRecoveryCode(code: string): string {
  const normalised = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalised).digest('base64url');
}
