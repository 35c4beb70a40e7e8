import 'reflect-metadata';
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AuthJwk, importConfiguredKey } from '../keys/import-key.js';
import { type JoseAlgorithm } from '../keys/jose-algorithm.js';
import { type JoseKey } from '../keys/jose-key.js';
import { LocalKeySet } from '../keys/key-set.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { trustedIssuers } from './trusted-issuers.js';
import { signJws } from './jws-signature.js';
import { codeOf } from '../../test/support/auth-errors.js';
import { b64url } from '../../test/support/forge-token.js';

const jwtService = new JwtService({});

type Alg = Extract<JoseAlgorithm, 'ES256' | 'RS256' | 'EdDSA' | 'HS256'>;

/** A private JWK of a fresh key (or secret) for `alg`, named `kid`. */
function freshJwk(alg: Alg, kid: string): AuthJwk {
  if (alg === 'HS256') return { kty: 'oct', k: randomBytes(32).toString('base64url'), kid, alg };
  const { privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'RS256'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return { ...privateKey.export({ format: 'jwk' }), kid, alg };
}

const ALGS: Alg[] = ['ES256', 'RS256', 'EdDSA', 'HS256'];

/** The configured key of each algorithm, and an impostor of the same algorithm and kid. */
const KEYS = Object.fromEntries(
  ALGS.map((alg, index) => [alg, importConfiguredKey(freshJwk(alg, `kid-${alg}`), index)]),
) as Record<Alg, JoseKey>;
const IMPOSTORS = Object.fromEntries(
  ALGS.map((alg) => [alg, importConfiguredKey(freshJwk(alg, `kid-${alg}`), 0)]),
) as Record<Alg, JoseKey>;

const nowSeconds = () => Math.floor(Date.now() / 1000);

function claimsAt(now: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'u1', sid: 's1', jti: 'j1', iat: now, exp: now + 600, roles: ['user'], ...extra };
}

function options(keys: JoseKey[], extra: Partial<ResolvedAuthOptions> = {}): ResolvedAuthOptions {
  return {
    mode: 'issuer',
    keys,
    issuers: [],
    maxTokenLength: 8192,
    clockToleranceSeconds: 0,
    ...extra,
  } as ResolvedAuthOptions;
}

function verifierWith(
  keys: JoseKey[],
  extra: Partial<ResolvedAuthOptions> = {},
  denylist = new MemoryDenylist(),
): AccessTokenVerifier {
  const resolved = options(keys, extra);
  return new AccessTokenVerifier(
    resolved,
    denylist,
    trustedIssuers(resolved, new LocalKeySet(keys)),
    jwtService,
  );
}

/** `code: message` of the AuthException `promise` rejects with: the message tells which check. */
async function refusalOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error instanceof AuthException ? `${error.code}: ${error.message}` : String(error);
}

/** base64url of `value` as JSON, or of `value` itself when it is JSON text already. */

/**
 * An HS256 JWS with any header, MACed with `secret`: for forging what our signer never makes. A
 * string payload is taken as its JSON text, for numbers JSON.stringify cannot write (1e999).
 */
function forgeHs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  secret: string | Buffer | KeyObject,
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The public half of an asymmetric key as SPKI PEM text: what an attacker can download. */
function publicPem(key: JoseKey): string {
  return key.verifyKey.export({ type: 'spki', format: 'pem' }) as string;
}

describe('AccessTokenVerifier', () => {
  describe.each(ALGS)('%s', (alg) => {
    const key = KEYS[alg];
    const kid = key.kid!;
    const sign = (
      claims: Record<string, unknown>,
      header: { typ: string; kid?: string } = { typ: 'at+jwt', kid },
      signingKey: JoseKey = key,
    ) => signJws(header, claims, signingKey);

    it('signs with the algorithm its key is bound to', () => {
      const [head] = sign(claimsAt(nowSeconds())).split('.');
      expect(JSON.parse(Buffer.from(head, 'base64url').toString('utf8'))).toEqual({
        alg,
        typ: 'at+jwt',
        kid,
      });
    });

    it('verifies a valid token and returns its claims', async () => {
      const claims = claimsAt(nowSeconds());
      await expect(verifierWith([key]).verify(sign(claims))).resolves.toEqual(claims);
    });

    it('verifies a valid token among all the configured keys, found by kid', async () => {
      const claims = claimsAt(nowSeconds());
      await expect(verifierWith(Object.values(KEYS)).verify(sign(claims))).resolves.toEqual(claims);
    });

    it('gives a token without roles an empty roles list', async () => {
      const { roles: _roles, ...claims } = claimsAt(nowSeconds());
      await expect(verifierWith([key]).verify(sign(claims))).resolves.toEqual({
        ...claims,
        roles: [],
      });
    });

    it('refuses with token_invalid a token signed by another key under the configured kid', async () => {
      const forged = sign(claimsAt(nowSeconds()), { typ: 'at+jwt', kid }, IMPOSTORS[alg]);
      expect(forged.split('.')[0]).toBe(sign(claimsAt(nowSeconds())).split('.')[0]);
      expect(await codeOf(verifierWith([key]).verify(forged))).toBe('token_invalid');
    });

    it('refuses with token_invalid a token whose kid names no configured key', async () => {
      const token = sign(claimsAt(nowSeconds()), { typ: 'at+jwt', kid: 'unknown-kid' });
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });

    it('refuses with token_expired an expired token', async () => {
      const now = nowSeconds();
      const token = sign(claimsAt(now - 700, { exp: now - 100 }));
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_expired');
    });

    it('refuses with token_expired a token at its exact exp second', async () => {
      const now = nowSeconds();
      const token = sign(claimsAt(now - 600, { exp: now }));
      expect(await codeOf(verifierWith([key]).verify(token, now * 1000))).toBe('token_expired');
      expect(await codeOf(verifierWith([key]).verify(token, now * 1000 - 1))).toBe('no error');
    });

    it('refuses with token_not_active a token whose nbf is in the future', async () => {
      const now = nowSeconds();
      const token = sign(claimsAt(now, { nbf: now + 300 }));
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_not_active');
      // ...and accepts it once nbf has come.
      expect(await codeOf(verifierWith([key]).verify(token, (now + 300) * 1000))).toBe('no error');
    });

    it('checks exp and nbf against the injected clock, not the real one', async () => {
      const now = nowSeconds();
      const claims = claimsAt(now - 3600, { exp: now - 3000 });
      const token = sign(claims);
      const verifier = verifierWith([key]);
      expect(await codeOf(verifier.verify(token))).toBe('token_expired');
      await expect(verifier.verify(token, (now - 3300) * 1000)).resolves.toEqual(claims);
      expect(await codeOf(verifier.verify(token, (now - 3000) * 1000))).toBe('token_expired');
    });

    it('refuses typ "JWT" in issuer mode but accepts it in resource-server mode', async () => {
      const claims = claimsAt(nowSeconds());
      const token = sign(claims, { typ: 'JWT', kid });
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
      await expect(verifierWith([key], { mode: 'resource-server' }).verify(token)).resolves.toEqual(
        claims,
      );
    });

    it('refuses typ "JWT" and no typ in resource-server mode with requireAccessTokenType', async () => {
      const claims = claimsAt(nowSeconds());
      const strict = verifierWith([key], { mode: 'resource-server', requireAccessTokenType: true });
      for (const typ of ['JWT', undefined]) {
        const error = await strict
          .verify(sign(claims, { typ, kid } as { typ: string }))
          .catch((caught: AuthException) => caught);
        expect(error).toBeInstanceOf(AuthException);
        expect((error as AuthException).message).toMatch(/not an access token \(typ\)/);
      }
      await expect(strict.verify(sign(claims))).resolves.toEqual(claims);
      await expect(
        strict.verify(sign(claims, { typ: 'application/at+jwt', kid })),
      ).resolves.toEqual(claims);
    });

    it('refuses a token without sid in issuer mode but accepts it in resource-server mode', async () => {
      const { sid: _sid, ...claims } = claimsAt(nowSeconds());
      const token = sign(claims);
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
      await expect(verifierWith([key], { mode: 'resource-server' }).verify(token)).resolves.toEqual(
        claims,
      );
    });

    it('refuses with token_revoked a token whose session (sid) is on the denylist', async () => {
      const denylist = new MemoryDenylist();
      const verifier = verifierWith([key], {}, denylist);
      const token = sign(claimsAt(nowSeconds()));
      expect(await codeOf(verifier.verify(token))).toBe('no error');
      await denylist.add('u1', 'sid:s1', 600);
      expect(await codeOf(verifier.verify(token))).toBe('token_revoked');
      // The same session id of another subject is not revoked.
      const other = sign(claimsAt(nowSeconds(), { sub: 'u2' }));
      expect(await codeOf(verifier.verify(other))).toBe('no error');
    });

    it('refuses with token_revoked a token whose jti is on the denylist', async () => {
      const denylist = new MemoryDenylist();
      await denylist.add('u1', 'jti:j1', 600);
      const token = sign(claimsAt(nowSeconds()));
      expect(await codeOf(verifierWith([key], {}, denylist).verify(token))).toBe('token_revoked');
    });

    it('refuses with token_invalid header alg "none" with a dummy signature and this kid', async () => {
      const token = `${b64url({ alg: 'none', typ: 'at+jwt', kid })}.${b64url(claimsAt(nowSeconds()))}.AA`;
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
      expect(await codeOf(verifierWith([key]).verifyJws(token))).toBe('token_invalid');
    });

    it('refuses with token_invalid header alg "none" without kid on a single key', async () => {
      const token = `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(claimsAt(nowSeconds()))}.AA`;
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });
  });

  describe('algorithm confusion', () => {
    const now = nowSeconds();

    it.each<Alg>(['RS256', 'ES256', 'EdDSA'])(
      'refuses an HS256 token MACed with the %s public key PEM under that kid',
      async (alg) => {
        const key = KEYS[alg];
        const token = forgeHs256(
          { alg: 'HS256', typ: 'at+jwt', kid: key.kid },
          claimsAt(now),
          publicPem(key),
        );
        expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
        expect(await codeOf(verifierWith(Object.values(KEYS)).verify(token))).toBe('token_invalid');
      },
    );

    it('refuses an HS256 token MACed with the RSA public key PEM even without kid', async () => {
      const key = KEYS.RS256;
      const token = forgeHs256({ alg: 'HS256', typ: 'at+jwt' }, claimsAt(now), publicPem(key));
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });

    it('refuses an HS256 token MACed with the EC key public DER under its kid', async () => {
      const key = KEYS.ES256;
      const der = key.verifyKey.export({ type: 'spki', format: 'der' });
      const token = forgeHs256({ alg: 'HS256', typ: 'at+jwt', kid: key.kid }, claimsAt(now), der);
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });

    it('refuses an RS256 token (properly signed by an RSA key) under the ES256 key kid', async () => {
      const token = signJws({ typ: 'at+jwt', kid: KEYS.ES256.kid }, claimsAt(now), KEYS.RS256);
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'))).toEqual({
        alg: 'RS256',
        typ: 'at+jwt',
        kid: KEYS.ES256.kid,
      });
      expect(await codeOf(verifierWith(Object.values(KEYS)).verify(token))).toBe('token_invalid');
      expect(await codeOf(verifierWith([KEYS.ES256, KEYS.RS256]).verify(token))).toBe(
        'token_invalid',
      );
    });

    it.each<[Alg, Alg]>([
      ['ES256', 'EdDSA'],
      ['EdDSA', 'ES256'],
      ['RS256', 'HS256'],
      ['HS256', 'RS256'],
    ])('refuses a %s-signed token carrying the kid of the %s key', async (signedWith, kidOf) => {
      const token = signJws(
        { typ: 'at+jwt', kid: KEYS[kidOf].kid },
        claimsAt(now),
        KEYS[signedWith],
      );
      expect(await codeOf(verifierWith(Object.values(KEYS)).verify(token))).toBe('token_invalid');
    });

    it('refuses an HS256 token MACed with the configured HMAC secret but claiming RS256', async () => {
      const key = KEYS.HS256;
      const token = forgeHs256(
        { alg: 'RS256', typ: 'at+jwt', kid: key.kid },
        claimsAt(now),
        key.verifyKey,
      );
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });

    it('accepts a token forged with the same helper and the real HMAC secret (the helper works)', async () => {
      const key = KEYS.HS256;
      const claims = claimsAt(now);
      const token = forgeHs256(
        { alg: 'HS256', typ: 'at+jwt', kid: key.kid },
        claims,
        key.verifyKey,
      );
      await expect(verifierWith([key]).verify(token)).resolves.toEqual(claims);
    });
  });

  describe.each<[JoseAlgorithm, () => KeyObject]>([
    ['RS384', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey],
    ['RS512', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey],
    ['PS384', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey],
    ['PS512', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey],
    ['ES512', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey],
  ])('%s (through jsonwebtoken)', (alg, generate) => {
    const configured = (index: number) =>
      importConfiguredKey({ ...generate().export({ format: 'jwk' }), kid: 'k', alg }, index);
    const key = configured(0);
    const claims = claimsAt(nowSeconds());

    it('signs and verifies', async () => {
      const token = signJws({ typ: 'at+jwt', kid: 'k' }, claims, key);
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
        alg,
        typ: 'at+jwt',
        kid: 'k',
      });
      await expect(verifierWith([key]).verify(token)).resolves.toEqual(claims);
    });

    it('refuses a token of another key with the same kid', async () => {
      const token = signJws({ typ: 'at+jwt', kid: 'k' }, claims, configured(1));
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });
  });

  describe('choosing the key', () => {
    const now = nowSeconds();

    it('refuses a token without kid when two keys are configured', async () => {
      const token = signJws({ typ: 'at+jwt' }, claimsAt(now), KEYS.ES256);
      expect(
        JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()),
      ).not.toHaveProperty('kid');
      expect(await codeOf(verifierWith([KEYS.ES256, KEYS.RS256]).verify(token))).toBe(
        'token_invalid',
      );
    });

    it.each(ALGS)('verifies a %s token without kid when its key is the only one', async (alg) => {
      const claims = claimsAt(now);
      const token = signJws({ typ: 'at+jwt' }, claims, KEYS[alg]);
      await expect(verifierWith([KEYS[alg]]).verify(token)).resolves.toEqual(claims);
    });

    it('refuses a token whose kid is not a string', async () => {
      const key = KEYS.HS256;
      const token = forgeHs256(
        { alg: 'HS256', typ: 'at+jwt', kid: 7 },
        claimsAt(now),
        key.verifyKey,
      );
      expect(await codeOf(verifierWith([key]).verify(token))).toBe('token_invalid');
    });
  });

  describe('issuer and audience', () => {
    const key = KEYS.ES256;
    const verifier = verifierWith([key], {
      issuer: 'https://issuer.example',
      audience: 'api://orders',
    });
    const now = nowSeconds();
    const sign = (extra: Record<string, unknown>) =>
      signJws({ typ: 'at+jwt', kid: key.kid }, claimsAt(now, extra), key);

    it('accepts the right iss and a string aud', async () => {
      const claims = claimsAt(now, { iss: 'https://issuer.example', aud: 'api://orders' });
      await expect(
        verifier.verify(sign({ iss: 'https://issuer.example', aud: 'api://orders' })),
      ).resolves.toEqual(claims);
    });

    it('refuses a wrong iss with token_invalid', async () => {
      expect(
        await refusalOf(
          verifier.verify(sign({ iss: 'https://evil.example', aud: 'api://orders' })),
        ),
      ).toBe('token_invalid: The token was issued by an unknown issuer (iss).');
    });

    it('refuses a missing iss with token_invalid', async () => {
      expect(await codeOf(verifier.verify(sign({ aud: 'api://orders' })))).toBe('token_invalid');
    });

    it('accepts an aud array containing the audience', async () => {
      const token = sign({ iss: 'https://issuer.example', aud: ['api://other', 'api://orders'] });
      expect(await codeOf(verifier.verify(token))).toBe('no error');
    });

    it('refuses an aud array without the audience with token_invalid', async () => {
      const token = sign({ iss: 'https://issuer.example', aud: ['api://other', 'api://billing'] });
      expect(await codeOf(verifier.verify(token))).toBe('token_invalid');
    });

    it('refuses a wrong string aud and a missing aud with token_invalid', async () => {
      expect(
        await refusalOf(
          verifier.verify(sign({ iss: 'https://issuer.example', aud: 'api://other' })),
        ),
      ).toBe('token_invalid: The token audience (aud) is wrong.');
      expect(await codeOf(verifier.verify(sign({ iss: 'https://issuer.example' })))).toBe(
        'token_invalid',
      );
    });
  });

  describe('issue time (iat)', () => {
    const key = KEYS.HS256;
    const now = nowSeconds();
    const sign = (claims: Record<string, unknown>) =>
      signJws({ typ: 'at+jwt', kid: key.kid }, claims, key);

    it('refuses with token_invalid a token issued further in the future than the tolerance', async () => {
      const tolerant = verifierWith([key], { clockToleranceSeconds: 2 });
      const ahead = (seconds: number) => sign(claimsAt(now + seconds));
      expect(await codeOf(tolerant.verify(ahead(2), now * 1000))).toBe('no error');
      expect(await refusalOf(tolerant.verify(ahead(3), now * 1000))).toBe(
        'token_invalid: The token was issued in the future (iat).',
      );
      // The same token, once the clock has caught up to within the tolerance.
      expect(await codeOf(tolerant.verify(ahead(3), (now + 1) * 1000))).toBe('no error');
    });

    it('refuses with token_invalid an iat that is not a number, also in resource-server mode', async () => {
      for (const mode of ['issuer', 'resource-server'] as const) {
        // jsonwebtoken refuses to sign a string iat: forge it.
        const header = { alg: 'HS256', typ: 'at+jwt', kid: key.kid };
        const token = forgeHs256(header, claimsAt(now, { iat: String(now) }), key.verifyKey);
        expect(await refusalOf(verifierWith([key], { mode }).verify(token))).toBe(
          'token_invalid: The token issue time (iat) is not a number.',
        );
      }
    });
  });

  describe('claims the signature does not vouch for', () => {
    const key = KEYS.HS256;
    const now = nowSeconds();
    const header = { alg: 'HS256', typ: 'at+jwt', kid: key.kid };
    /** A token the key really signed, whatever its claims: jsonwebtoken would refuse some. */
    const forge = (claims: Record<string, unknown> | string) =>
      forgeHs256(header, claims, key.verifyKey);
    const withClaim = (name: string, value: unknown) => forge(claimsAt(now, { [name]: value }));
    const without = (name: string) => {
      const { [name]: _dropped, ...rest } = claimsAt(now);
      return forge(rest);
    };
    const issuer = verifierWith([key]);
    const resourceServer = verifierWith([key], { mode: 'resource-server' });

    it.each(['sub', 'sid', 'jti'])(
      'refuses a token whose %s is empty or not a string',
      async (name) => {
        for (const value of ['', ['s1'], 7]) {
          expect(await refusalOf(issuer.verify(withClaim(name, value)))).toBe(
            `token_invalid: The token has no ${name} claim.`,
          );
        }
      },
    );

    it('refuses a foreign token whose sub is empty', async () => {
      expect(await refusalOf(resourceServer.verify(withClaim('sub', '')))).toBe(
        'token_invalid: The token has no sub claim.',
      );
    });

    it.each([[[1]], [['']], [[{}]], [['user', null]], ['user'], [{ 0: 'user' }]])(
      'refuses a token whose roles are %p: not a list of non-empty strings',
      async (roles) => {
        expect(await refusalOf(issuer.verify(withClaim('roles', roles)))).toBe(
          'token_invalid: The token roles claim is not a list of strings.',
        );
      },
    );

    it('refuses a token without exp, in both modes', async () => {
      for (const verifier of [issuer, resourceServer]) {
        expect(await refusalOf(verifier.verify(without('exp')))).toBe(
          'token_invalid: The token has no expiry (exp).',
        );
      }
    });

    it('refuses an exp of 1e999 (Infinity once parsed), which would never expire', async () => {
      const token = forge(JSON.stringify(claimsAt(now)).replace(/"exp":\d+/, '"exp":1e999'));
      expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp).toBe(
        Infinity,
      );
      for (const verifier of [issuer, resourceServer]) {
        expect(await refusalOf(verifier.verify(token))).toBe(
          'token_invalid: The token expiry (exp) is not a number.',
        );
      }
    });

    it.each([
      ['exp', 'The token expiry (exp) is not a number.'],
      ['nbf', 'The token nbf claim is not a number.'],
    ])('refuses a %s that is not a number', async (name, message) => {
      expect(await refusalOf(issuer.verify(withClaim(name, String(now + 600))))).toBe(
        `token_invalid: ${message}`,
      );
    });

    it('refuses a token without iat in issuer mode, accepts one in resource-server mode', async () => {
      expect(await refusalOf(issuer.verify(without('iat')))).toBe(
        'token_invalid: The token has no issue time (iat).',
      );
      expect(await codeOf(resourceServer.verify(without('iat')))).toBe('no error');
    });

    it('accepts exp up to the clock tolerance past, and no further', async () => {
      const tolerant = verifierWith([key], { clockToleranceSeconds: 5 });
      const token = withClaim('exp', now);
      expect(await codeOf(tolerant.verify(token, (now + 4) * 1000))).toBe('no error');
      expect(await codeOf(tolerant.verify(token, (now + 5) * 1000))).toBe('token_expired');
    });

    it('accepts nbf up to the clock tolerance ahead, and no further', async () => {
      const tolerant = verifierWith([key], { clockToleranceSeconds: 5 });
      expect(await codeOf(tolerant.verify(withClaim('nbf', now + 5), now * 1000))).toBe('no error');
      expect(await codeOf(tolerant.verify(withClaim('nbf', now + 6), now * 1000))).toBe(
        'token_not_active',
      );
    });

    it('ignores iss and aud when no issuer or audience is configured', async () => {
      const token = forge(claimsAt(now, { iss: 'https://anyone.example', aud: 'api://any' }));
      expect(await codeOf(issuer.verify(token))).toBe('no error');
    });

    it('never asks the denylist about a foreign token that names no session nor token id', async () => {
      const denylist = new MemoryDenylist();
      denylist.has = () => Promise.reject(new Error('the denylist was asked'));
      const verifier = verifierWith([key], { mode: 'resource-server' }, denylist);
      const { sid: _sid, jti: _jti, ...claims } = claimsAt(now);
      expect(await codeOf(verifier.verify(forge(claims)))).toBe('no error');
      expect(await codeOf(verifier.verify(forge({ ...claims, sid: '', jti: '' })))).toBe(
        'no error',
      );
    });
  });
});
