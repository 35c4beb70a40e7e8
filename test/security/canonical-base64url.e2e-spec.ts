import { importJWK, SignJWT } from 'jose';
import { expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken, validClaims } from '../support/forge-token.js';
import { type AsymmetricAlgorithm, privateJwk } from '../support/keys.js';
import { bearer, login } from '../support/sample-app.js';
import { sampleForSuite } from '../support/sample-for-suite.js';

/**
 * RFC 4648 section 3.5: the last character of a base64url segment whose length is 2 or 3 modulo
 * 4 has unused low bits, which decoders ignore. Without a canonical check, every token (its
 * signature above all) has up to 16 spellings that all verify: a revoked or cached token comes
 * back under another name. Each token must have exactly one accepted spelling.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The segment with the unused lowest bit of its last character set: the same bytes. */
function flipUnusedBit(segment: string): string {
  expect(segment.length % 4).not.toBe(0);
  const flipped = segment.slice(0, -1) + ALPHABET[ALPHABET.indexOf(segment.at(-1)!) | 1];
  expect(flipped).not.toBe(segment);
  expect(Buffer.from(flipped, 'base64url')).toEqual(Buffer.from(segment, 'base64url'));
  return flipped;
}

/** `token` with segment `index` (0 header, 1 payload, 2 signature) spelled non-canonically. */
function withFlippedSegment(token: string, index: number): string {
  const segments = token.split('.');
  segments[index] = flipUnusedBit(segments[index]);
  return segments.join('.');
}

/** `value` plus a `pad` member making its JSON a length whose base64url has unused bits. */
function padded(value: Record<string, unknown>): Record<string, unknown> {
  let pad = '';
  while (JSON.stringify({ ...value, pad }).length % 3 === 0) pad += 'x';
  return { ...value, pad };
}

describe.each<['HS256' | AsymmetricAlgorithm]>([['HS256'], ['ES256'], ['EdDSA']])(
  'canonical base64url, %s tokens',
  (alg) => {
    const jwk = alg === 'HS256' ? undefined : privateJwk(alg, `${alg.toLowerCase()}-canonical`);
    const { sample } = sampleForSuite(`canonical-${alg}`, jwk ? { keys: [jwk] } : {});
    const me = (token: string) => sample.http().get('/me').set(bearer(token));

    /** A token the sample accepts whose header and payload both have unused trailing bits. */
    async function tokenWithUnusedBits(): Promise<string> {
      const payload = padded(validClaims());
      if (!jwk) return forgeToken({ header: padded({ alg: 'HS256', typ: 'at+jwt' }), payload });
      return new SignJWT(payload)
        .setProtectedHeader(padded({ alg, kid: jwk.kid, typ: 'at+jwt' }) as { alg: string })
        .sign(await importJWK(jwk, alg));
    }

    it('refuses a token the sample issued, its signature spelled with unused bits set', async () => {
      const { accessToken } = await login(sample);
      await me(accessToken).expect(200);
      const response = await me(withFlippedSegment(accessToken, 2));
      expectAuthError(response, 401, 'token_malformed');
      expect(response.body.message).toMatch(/not canonical base64url/);
      // Refusing the other spelling did not spoil the original, nor cache the refusal.
      await me(accessToken).expect(200);
    });

    it.each([
      ['header', 0],
      ['payload', 1],
    ])('refuses a token whose %s is spelled with unused bits set', async (_part, index) => {
      const token = await tokenWithUnusedBits();
      await me(token).expect(200);
      expectAuthError(await me(withFlippedSegment(token, index)), 401, 'token_malformed');
    });

    it('refuses padding "=" in any segment', async () => {
      const token = await tokenWithUnusedBits();
      for (let index = 0; index < 3; index += 1) {
        const segments = token.split('.');
        segments[index] += segments[index].length % 4 === 2 ? '==' : '=';
        expectAuthError(await me(segments.join('.')), 401, 'token_malformed');
      }
    });
  },
);
