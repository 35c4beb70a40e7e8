import { createHmac, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { type AuthJwk } from 'nest-jwt-auth';
import { BENCH_SECRET } from './bench-configs.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWS signature over `data`: HS256 with BENCH_SECRET, or ES256 (raw r||s) / EdDSA with `key`. */
function signer(key: AuthJwk | undefined): (data: string) => string {
  if (!key) return (data) => createHmac('sha256', BENCH_SECRET).update(data).digest('base64url');
  const privateKey = createPrivateKey({ key, format: 'jwk' });
  const encode = (signature: Buffer) => signature.toString('base64url');
  return key.alg === 'ES256'
    ? (data) =>
        encode(sign('sha256', Buffer.from(data), { key: privateKey, dsaEncoding: 'ieee-p1363' }))
    : (data) => encode(sign(null, Buffer.from(data), privateKey));
}

/**
 * Access tokens every configuration accepts: our `typ` and claims, valid for an hour, signed
 * with BENCH_SECRET or with `key` (a private ES256 or EdDSA JWK). Minted directly, so the
 * benchmark measures verification only.
 */
export function mintTokens(
  count: number,
  { key, sid = randomUUID }: { key?: AuthJwk; sid?: () => string } = {},
): string[] {
  const header = b64url(
    key ? { alg: key.alg, typ: 'at+jwt', kid: key.kid } : { alg: 'HS256', typ: 'at+jwt' },
  );
  const signature = signer(key);
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
    return `${header}.${payload}.${signature(`${header}.${payload}`)}`;
  });
}
