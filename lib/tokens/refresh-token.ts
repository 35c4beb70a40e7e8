import { createHash, randomBytes } from 'node:crypto';

const REFRESH_TOKEN_BYTES = 32;
/** 32 bytes in base64url: exactly 43 characters. */
const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque refresh token: 256 random bits. */
export function generateRefreshToken(): string {
  return randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
}

/** True when `value` has the shape of one of our refresh tokens (checked before any lookup). */
export function isRefreshTokenShaped(value: string): boolean {
  return REFRESH_TOKEN_PATTERN.test(value);
}

/**
 * What the store keeps instead of the token. A plain SHA-256 suffices: the token has 256 bits of
 * entropy, so the hash cannot be reversed by guessing.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
