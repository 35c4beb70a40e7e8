import { createHash, randomBytes } from 'node:crypto';

const SECRET_BYTES = 32;
/** `<session id (UUID)>.<256 random bits in base64url>` */
const REFRESH_TOKEN_PATTERN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

/**
 * A new opaque refresh token of session `sid`. The session id in it lets the server find the
 * session in one lookup; the 256 random bits are what makes it unguessable.
 */
export function generateRefreshToken(sid: string): string {
  return `${sid}.${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/** The session id of a well-formed refresh token, or `null` (checked before any lookup). */
export function refreshTokenSessionId(token: string): string | null {
  return REFRESH_TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/**
 * What the store keeps instead of the token. A plain SHA-256 suffices: the token has 256 bits of
 * entropy, so the hash cannot be reversed by guessing.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
