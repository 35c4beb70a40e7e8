import { createHmac } from 'node:crypto';
import { TEST_SECRET } from './test-secret.js';

/** base64url of a string as it is, of anything else as JSON: a JWS segment. */
export const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const now = () => Math.floor(Date.now() / 1000);

/** Claims of a token the sample would accept, to be overridden by each hostile case. */
export function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'user-1',
    username: 'alice',
    roles: ['admin', 'user'],
    sid: 'forged-session',
    jti: `forged-${Math.random().toString(36).slice(2)}`,
    iat: now(),
    exp: now() + 600,
    iss: 'nest-jwt-auth-sample',
    aud: 'sample-api',
    ...overrides,
  };
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Signs any header and payload with HMAC, so tests can build tokens jsonwebtoken would refuse
 * to produce. `payload` may be a raw string to sign non-JSON content.
 */
export function forgeToken(
  options: {
    header?: Record<string, unknown>;
    payload?: unknown;
    secret?: string;
  } = {},
): string {
  const header = { alg: 'HS256', typ: 'at+jwt', ...options.header };
  const signingInput = `${b64url(header)}.${b64url(options.payload ?? validClaims())}`;
  const algorithm = HMAC[String(header.alg)] ?? 'sha256';
  const signature = createHmac(algorithm, options.secret ?? TEST_SECRET)
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}
