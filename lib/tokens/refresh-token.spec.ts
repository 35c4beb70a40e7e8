import { randomUUID } from 'node:crypto';
import { generateRefreshToken, hashRefreshToken, refreshTokenSessionId } from './refresh-token.js';

describe('refresh tokens', () => {
  const sid = randomUUID();

  it('are the session id, a dot and 43 base64url characters (256 bits)', () => {
    const token = generateRefreshToken(sid);
    const [prefix, secret] = token.split('.');
    expect(prefix).toBe(sid);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('are distinct every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateRefreshToken(sid)));
    expect(tokens.size).toBe(1000);
  });

  it('give back their session id', () => {
    expect(refreshTokenSessionId(generateRefreshToken(sid))).toBe(sid);
  });

  it.each([
    ['empty', ''],
    ['no session id', 'a'.repeat(43)],
    ['a short secret', `${sid}.${'a'.repeat(42)}`],
    ['a long secret', `${sid}.${'a'.repeat(44)}`],
    ['a "+"', `${sid}.${'a'.repeat(42)}+`],
    ['an upper-case uuid', `${sid.toUpperCase()}.${'a'.repeat(43)}`],
    ['a trailing newline', `${sid}.${'a'.repeat(43)}\n`],
    ['an access token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2ln'],
  ])('refuse a token with %s', (_case, token) => {
    expect(refreshTokenSessionId(token)).toBeNull();
  });

  it('hash to a stable SHA-256 base64url that is not the token', () => {
    const token = generateRefreshToken(sid);
    const hash = hashRefreshToken(token);
    expect(hash).toBe(hashRefreshToken(token));
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(token.split('.')[1]);
    expect(hashRefreshToken(generateRefreshToken(sid))).not.toBe(hash);
  });

  it('hash like SHA-256', () => {
    expect(hashRefreshToken('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});
