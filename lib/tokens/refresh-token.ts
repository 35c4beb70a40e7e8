import { createHash, randomFillSync } from 'node:crypto';

const SECRET_BYTES = 32;
/** `<session id (UUID)>.<256 random bits in base64url>` */
const REFRESH_TOKEN_PATTERN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

/**
 * A new opaque refresh token of session `sid`. The session id in it lets the server find the
 * session in one lookup; the 256 random bits are what makes it unguessable.
 */
export function generateRefreshToken(sid: string): string {
  return `${sid}.${randomSecret().toString('base64url')}`;
}

/**
 * 128 secrets are drawn from the system's generator at once, as randomUUID() does for its own:
 * one call per token cost several microseconds of a login. Each byte is handed out once.
 */
const pool = Buffer.alloc(SECRET_BYTES * 128);
let offset = pool.length;

function randomSecret(): Buffer {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += SECRET_BYTES;
  return pool.subarray(offset - SECRET_BYTES, offset);
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
