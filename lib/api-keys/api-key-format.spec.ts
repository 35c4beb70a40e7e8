import { createHash } from 'node:crypto';
import {
  API_KEY_PREFIX,
  apiKeySecretMatches,
  hashApiKeySecret,
  isApiKeyId,
  newApiKey,
  parseApiKey,
} from './api-key-format.js';

describe('API key format', () => {
  it('is njak_, a 16-byte id and a 32-byte secret, in base64url, parsed back to its parts', () => {
    const { id, secret, key } = newApiKey();
    expect(key).toBe(`${API_KEY_PREFIX}${id}${secret}`);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(parseApiKey(key)).toEqual({ id, secret });
    expect(isApiKeyId(id)).toBe(true);
  });

  it('is new every time', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it.each([
    ['empty', ''],
    ['another prefix', () => `ghp_${newApiKey().key.slice(5)}`],
    ['one character short', () => newApiKey().key.slice(0, -1)],
    ['one character long', () => `${newApiKey().key}A`],
    ['a character outside base64url', () => `${newApiKey().key.slice(0, -1)}=`],
    ['surrounding text', () => ` ${newApiKey().key}`],
    ['huge', () => `njak_${'A'.repeat(100_000)}`],
  ])('refuses %s', (_label, key) => {
    expect(parseApiKey(typeof key === 'function' ? key() : key)).toBeNull();
  });

  it('takes another spelling of the same bytes for another key, which cannot match', () => {
    const { id, secret } = newApiKey();
    // The last character of 32 bytes in base64url has 2 unused bits: flipping one keeps the bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = secret.slice(0, -1) + alphabet[alphabet.indexOf(secret.at(-1)!) ^ 1];
    expect(Buffer.from(sibling, 'base64url')).toEqual(Buffer.from(secret, 'base64url'));
    expect(parseApiKey(`${API_KEY_PREFIX}${id}${sibling}`)).toEqual({ id, secret: sibling });
    expect(apiKeySecretMatches(sibling, hashApiKeySecret(secret))).toBe(false);
    expect(isApiKeyId(id.slice(1))).toBe(false);
    expect(isApiKeyId(`${id}=`.slice(1))).toBe(false);
  });

  it('stores the SHA-256 of the secret, and matches only that secret', () => {
    const { secret } = newApiKey();
    const hash = hashApiKeySecret(secret);
    expect(hash).toBe(createHash('sha256').update(secret).digest('base64url'));
    expect(hash).not.toContain(secret);
    expect(apiKeySecretMatches(secret, hash)).toBe(true);
    expect(apiKeySecretMatches(newApiKey().secret, hash)).toBe(false);
    expect(apiKeySecretMatches(secret, 'short')).toBe(false);
    expect(apiKeySecretMatches(secret, '')).toBe(false);
  });
});
