import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What every key starts with, so secret scanners and people recognise one (`njak_...`). */
export const API_KEY_PREFIX = 'njak_';

/** 16 random bytes name a key: 22 base64url characters, listed and used in routes. */
const ID_LENGTH = 22;
/** 32 random bytes (256 bits) are the secret: 43 base64url characters, shown once. */
const SECRET_LENGTH = 43;
const ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${ID_LENGTH}}$`);
const KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}([A-Za-z0-9_-]{${ID_LENGTH}})([A-Za-z0-9_-]{${SECRET_LENGTH}})$`,
);

/** An API key's parts: `id` is public, `secret` only its holder knows. */
export interface ApiKeyParts {
  id: string;
  secret: string;
}

/** A new key: `njak_<id><secret>`, fixed lengths, so it needs no separator. */
export function newApiKey(): ApiKeyParts & { key: string } {
  const id = randomBytes(16).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `${API_KEY_PREFIX}${id}${secret}` };
}

/**
 * The parts of `key`, or `null` when it cannot be one of ours: checked before any store or cache
 * is asked, so malformed input costs nothing. Another spelling of the same bytes (unused trailing
 * bits set) is no key: the id is looked up and the secret hashed as the characters they are.
 */
export function parseApiKey(key: string): ApiKeyParts | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1], secret: match[2] } : null;
}

/** Whether `id` has the shape of a key's id (routes check it before asking the store). */
export function isApiKeyId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/**
 * What the store keeps of a secret: its SHA-256. The secret is 256 random bits, so a fast hash
 * is enough: nothing can be guessed from it, and no password hash is needed.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Whether `secret` is the one `hash` was made from, in constant time. */
export function apiKeySecretMatches(secret: string, hash: string): boolean {
  const presented = createHash('sha256').update(secret).digest();
  const stored = Buffer.from(hash, 'base64url');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
