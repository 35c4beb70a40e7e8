import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AuthJwk, importConfiguredKey } from '../keys/import-key.js';
import { type JoseKey } from '../keys/jose-key.js';
import { LocalKeySet } from '../keys/key-set.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { trustedIssuers } from './trusted-issuers.js';
import { verifyJwsSignature } from './jws-signature.js';
import { codeOf } from '../../test/support/auth-errors.js';

/**
 * The published JWS examples of RFC 7515 (Appendix A) and RFC 8037 (Appendix A.4), verified
 * through the same JWS layer the guard uses. Keys and tokens are copied from the RFCs with the
 * line breaks "for display purposes only" removed; nothing here is computed.
 *
 * The examples' exp (1300819380, March 2011) has long passed, so the clock is injected.
 */
const BEFORE_EXP_MS = 1300819000 * 1000;
const AT_EXP_MS = 1300819380 * 1000;

/** The payload of RFC 7515 A.1, A.2, A.3 and A.5 (with its CRLF line breaks), base64url. */
const RFC7515_PAYLOAD =
  'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ';

const EXPECTED_CLAIMS = { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true };

interface Example {
  name: string;
  jwk: AuthJwk;
  token: string;
  header: Record<string, unknown>;
}

/** RFC 7515 Appendix A.1: HMAC SHA-256. */
const A1: Example = {
  name: 'RFC 7515 A.1 (HS256)',
  jwk: {
    kty: 'oct',
    k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
    kid: 'a1',
    alg: 'HS256',
  },
  token: `eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.${RFC7515_PAYLOAD}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`,
  header: { typ: 'JWT', alg: 'HS256' },
};

/** RFC 7515 Appendix A.2: RSASSA-PKCS1-v1_5 SHA-256, public members of the 2048-bit key only. */
const A2: Example = {
  name: 'RFC 7515 A.2 (RS256)',
  jwk: {
    kty: 'RSA',
    n:
      'ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx' +
      'HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs' +
      'D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSH' +
      'SXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV' +
      'MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8' +
      'NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ',
    e: 'AQAB',
    kid: 'a2',
    alg: 'RS256',
  },
  token:
    `eyJhbGciOiJSUzI1NiJ9.${RFC7515_PAYLOAD}.` +
    'cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7' +
    'AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4' +
    'BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K' +
    '0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv' +
    'hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrB' +
    'p0igcN_IoypGlUPQGe77Rw',
  header: { alg: 'RS256' },
};

/** RFC 7515 Appendix A.3: ECDSA P-256 SHA-256, public members only (x, y; no d). */
const A3: Example = {
  name: 'RFC 7515 A.3 (ES256)',
  jwk: {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    kid: 'a3',
    alg: 'ES256',
  },
  token:
    `eyJhbGciOiJFUzI1NiJ9.${RFC7515_PAYLOAD}.` +
    'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q',
  header: { alg: 'ES256' },
};

/** RFC 7515 Appendix A.5: the unsecured JWS, whose signature segment is empty. */
const A5_UNSECURED = `eyJhbGciOiJub25lIn0.${RFC7515_PAYLOAD}.`;

/** RFC 8037 Appendix A.2 (public key) and A.4 (the Ed25519 JWS over a non-JSON payload). */
const RFC8037_JWK: AuthJwk = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  kid: 'a4',
  alg: 'EdDSA',
};
const RFC8037_JWS =
  'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.' +
  'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

/** The code of the AuthException a synchronous call throws, or 'no error'. */
function syncCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof AuthException ? error.code : `not an AuthException: ${String(error)}`;
  }
  return 'no error';
}

/**
 * `token` with one character of its signature changed: a middle one, since the last base64url
 * character may only carry padding bits that decoding drops.
 */
function tamperSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const at = dot + 1 + Math.floor((token.length - dot - 1) / 2);
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + replacement + token.slice(at + 1);
}

function verifierFor(keys: JoseKey[]): AccessTokenVerifier {
  const options = {
    mode: 'issuer',
    keys,
    issuers: [] as ResolvedAuthOptions['issuers'],
    maxTokenLength: 8192,
    clockToleranceSeconds: 0,
  } as ResolvedAuthOptions;
  return new AccessTokenVerifier(
    options,
    new MemoryDenylist(),
    trustedIssuers(options, new LocalKeySet(keys)),
    new JwtService({}),
  );
}

describe('RFC 7515 Appendix A examples through AccessTokenVerifier.verifyJws', () => {
  describe.each([A1, A2, A3])('$name', ({ jwk, token, header }) => {
    const key = importConfiguredKey(jwk, 0);
    const verifier = verifierFor([key]);

    it('imports the published key, bound to its algorithm', () => {
      expect(key.alg).toBe(jwk.alg);
      expect(key.kid).toBe(jwk.kid);
      if (jwk.kty !== 'oct') expect(key.signKey).toBeUndefined();
    });

    it('verifies the published token (no kid: the single key is used) before its exp', async () => {
      const { header: verifiedHeader, payload } = await verifier.verifyJws(token, BEFORE_EXP_MS);
      expect(verifiedHeader).toEqual(header);
      expect(payload).toEqual(EXPECTED_CLAIMS);
    });

    it('refuses it with token_invalid when one signature character is changed', async () => {
      const tampered = tamperSignature(token);
      expect(tampered).not.toBe(token);
      expect(tampered.split('.').slice(0, 2)).toEqual(token.split('.').slice(0, 2));
      expect(await codeOf(verifier.verifyJws(tampered, BEFORE_EXP_MS))).toBe('token_invalid');
    });

    it('refuses it with token_invalid when the payload is changed', async () => {
      const [head, , signature] = token.split('.');
      const payload = Buffer.from(JSON.stringify({ ...EXPECTED_CLAIMS, iss: 'mallory' })).toString(
        'base64url',
      );
      expect(
        await codeOf(verifier.verifyJws(`${head}.${payload}.${signature}`, BEFORE_EXP_MS)),
      ).toBe('token_invalid');
    });

    it('refuses it with token_expired at and after its exp', async () => {
      expect(await codeOf(verifier.verifyJws(token, AT_EXP_MS))).toBe('token_expired');
      expect(await codeOf(verifier.verifyJws(token, AT_EXP_MS + 60_000))).toBe('token_expired');
      expect(await codeOf(verifier.verifyJws(token, Date.now()))).toBe('token_expired');
    });

    it('still accepts it one second before its exp', async () => {
      expect(await codeOf(verifier.verifyJws(token, AT_EXP_MS - 1000))).toBe('no error');
    });

    it('refuses it with token_invalid when two keys are configured (no kid to choose by)', async () => {
      const otherKid = importConfiguredKey({ ...jwk, kid: 'someone-else' }, 0);
      const twoKeys = verifierFor([key, otherKid]);
      // Without kid, two keys are ambiguous: the token is not tried against each.
      expect(await codeOf(twoKeys.verifyJws(token, BEFORE_EXP_MS))).toBe('token_invalid');
    });
  });

  describe('A.5 (unsecured JWS, alg "none")', () => {
    const keySets = [A1, A2, A3].map((example) => ({
      name: example.name,
      verifier: verifierFor([importConfiguredKey(example.jwk, 0)]),
    }));

    it('has the published form: header {"alg":"none"} and an empty signature segment', () => {
      const [head, payload, signature] = A5_UNSECURED.split('.');
      expect(JSON.parse(Buffer.from(head, 'base64url').toString('utf8'))).toEqual({ alg: 'none' });
      expect(payload).toBe(RFC7515_PAYLOAD);
      expect(signature).toBe('');
    });

    it.each(keySets)(
      'is refused with token_malformed by the $name key set',
      async ({ verifier }) => {
        expect(await codeOf(verifier.verifyJws(A5_UNSECURED, BEFORE_EXP_MS))).toBe(
          'token_malformed',
        );
      },
    );

    it.each(keySets)(
      'with a fake signature appended, is refused with token_invalid by the $name key set',
      async ({ verifier }) => {
        expect(await codeOf(verifier.verifyJws(`${A5_UNSECURED}c2lnbmF0dXJl`, BEFORE_EXP_MS))).toBe(
          'token_invalid',
        );
        expect(await codeOf(verifier.verifyJws(`${A5_UNSECURED}AA`, BEFORE_EXP_MS))).toBe(
          'token_invalid',
        );
      },
    );
  });

  describe('the key decides the algorithm, not the token', () => {
    const pairs: Array<[string, string, Example, Example]> = [];
    for (const signed of [A1, A2, A3]) {
      for (const other of [A1, A2, A3]) {
        if (other !== signed) pairs.push([signed.name, other.name, signed, other]);
      }
    }

    it.each(pairs)('a valid %s token is refused by the %s key', async (_s, _o, signed, other) => {
      const verifier = verifierFor([importConfiguredKey(other.jwk, 0)]);
      expect(await codeOf(verifier.verifyJws(signed.token, BEFORE_EXP_MS))).toBe('token_invalid');
    });
  });
});

describe('RFC 8037 Appendix A.4 (Ed25519)', () => {
  const key = importConfiguredKey(RFC8037_JWK, 0);
  const jwtService = new JwtService({});

  it('has the published form: header {"alg":"EdDSA"} over a non-JSON payload', () => {
    const [head, payload] = RFC8037_JWS.split('.');
    expect(JSON.parse(Buffer.from(head, 'base64url').toString('utf8'))).toEqual({ alg: 'EdDSA' });
    expect(Buffer.from(payload, 'base64url').toString('utf8')).toBe('Example of Ed25519 signing');
  });

  it('imports the published public key as a verify-only EdDSA key', () => {
    expect(key.alg).toBe('EdDSA');
    expect(key.signKey).toBeUndefined();
    expect(key.verifyKey.asymmetricKeyType).toBe('ed25519');
  });

  it('verifyJwsSignature accepts the published JWS', () => {
    expect(syncCodeOf(() => verifyJwsSignature(jwtService, RFC8037_JWS, key))).toBe('no error');
  });

  it('verifyJwsSignature refuses it with token_invalid when one signature character is changed', () => {
    const tampered = tamperSignature(RFC8037_JWS);
    expect(tampered).not.toBe(RFC8037_JWS);
    expect(syncCodeOf(() => verifyJwsSignature(jwtService, tampered, key))).toBe('token_invalid');
  });

  it('verifyJwsSignature refuses it with token_invalid when the payload is changed', () => {
    const [head, , signature] = RFC8037_JWS.split('.');
    const payload = Buffer.from('Example of Ed25519 signinG').toString('base64url');
    expect(
      syncCodeOf(() => verifyJwsSignature(jwtService, `${head}.${payload}.${signature}`, key)),
    ).toBe('token_invalid');
  });

  it('verifyJwsSignature refuses a truncated signature with token_invalid', () => {
    expect(syncCodeOf(() => verifyJwsSignature(jwtService, RFC8037_JWS.slice(0, -4), key))).toBe(
      'token_invalid',
    );
  });

  it('verifyJws refuses it with token_malformed before any crypto: the payload is not JSON', async () => {
    const verifier = verifierFor([key]);
    expect(await codeOf(verifier.verifyJws(RFC8037_JWS))).toBe('token_malformed');
    expect(await codeOf(verifier.verifyJws(tamperSignature(RFC8037_JWS)))).toBe('token_malformed');
  });
});
