import { createHmac, randomUUID } from 'node:crypto';
import { BENCH_SECRET } from './bench-configs.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Access tokens every configuration accepts: HS256 with our `typ` and claims, valid for an hour.
 * Minted directly, so the benchmark measures verification only.
 */
export function mintTokens(count: number, sid: () => string = randomUUID): string[] {
  const header = b64url({ alg: 'HS256', typ: 'at+jwt' });
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const payload = b64url({
      sub: `user-${i % 100}`,
      roles: ['user'],
      sid: sid(),
      jti: randomUUID(),
      iat: now,
      exp: now + 3600,
    });
    const signature = createHmac('sha256', BENCH_SECRET)
      .update(`${header}.${payload}`)
      .digest('base64url');
    return `${header}.${payload}.${signature}`;
  });
}
