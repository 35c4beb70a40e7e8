import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'nest-jwt-auth refresh successor';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFrom(refreshToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', refreshToken, Buffer.alloc(0), INFO, 32));
}

/**
 * Encrypts the pair that replaced `refreshToken` under a key derived from that token, so the
 * store can hand it back to a client retrying within the grace window without ever holding a
 * usable token: only someone with the old token can decrypt it.
 */
export function sealSuccessor(plaintext: string, refreshToken: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(refreshToken), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plaintext, or `null` when `sealed` was not made with this token or was altered. */
export function openSuccessor(sealed: string, refreshToken: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyFrom(refreshToken),
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
