import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'nest-jwt-auth totp secret';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed secrets start so; a plain base32 secret never does (no lowercase, no dot). */
const SEALED = 'v1.';

/**
 * Seals TOTP secrets at rest with `mfa.totp.encryptionKey` (AES-256-GCM, the key derived by HKDF),
 * the user's id as associated data: a sealed secret copied to another user does not open. Without
 * a key, secrets are stored as they are.
 */
export class SecretCipher {
  private readonly key: Buffer | null;

  constructor(key: Buffer | null) {
    this.key = key && Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), INFO, 32));
  }

  seal(secret: string, sub: string): string {
    if (!this.key) return secret;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(sub));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The secret; throws when it was sealed with another key or for another user. */
  open(stored: string, sub: string): string {
    if (!stored.startsWith(SEALED)) return stored;
    if (!this.key) {
      throw new Error(
        'nest-jwt-auth: a TOTP secret is sealed, but mfa.totp.encryptionKey is not set.',
      );
    }
    const bytes = Buffer.from(stored.slice(SEALED.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(sub))
      .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}
