import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { AuthException } from '../errors/auth.exception.js';
import { importConfiguredKey } from '../keys/import-key.js';
import { type JoseKey } from '../keys/jose-key.js';
import { LocalKeySet } from '../keys/key-set.js';
import {
  type ResolvedAuthOptions,
  type ResolvedTrustedIssuer,
} from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { signJws } from './jws-signature.js';
import { trustedIssuers } from './trusted-issuers.js';

const jwtService = new JwtService({});
const OURS = 'https://api.example';
const KEYCLOAK = 'https://sso.example/realms/shop';
const AUTH0 = 'https://tenant.auth0.example/';

/** A new ES256 key under `kid`: the three issuers' keys all share one kid on purpose. */
function es256(kid: string): JoseKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return importConfiguredKey({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256' }, 0);
}

const ourKey = es256('k1');
const keycloakKey = es256('k1');
const auth0Key = es256('k1');

function trusted(issuer: string, key: JoseKey, extra: Partial<ResolvedTrustedIssuer> = {}) {
  return {
    issuer,
    audience: ['shop-api'],
    keys: [key],
    requireAccessTokenType: false,
    roles: 'roles',
    ...extra,
  } satisfies ResolvedTrustedIssuer;
}

const options = {
  mode: 'issuer',
  keys: [ourKey],
  issuer: OURS,
  issuers: [
    trusted(KEYCLOAK, keycloakKey, { roles: 'realm_access.roles' }),
    trusted(AUTH0, auth0Key, { audience: ['https://shop.example/api'], roles: 'scope' }),
  ],
  maxTokenLength: 8192,
  clockToleranceSeconds: 0,
  verifiedTokenCache: null,
  clock: Date.now,
} as unknown as ResolvedAuthOptions;

const now = Math.floor(Date.now() / 1000);

/**
 * A token signed with `key` (kid k1): ours carry a session, the others' what providers send. A
 * claim given as `undefined` is left out.
 */
function token(key: JoseKey, claims: Record<string, unknown>, typ = 'JWT'): string {
  const payload = Object.entries({ sub: 'u1', iat: now, exp: now + 300, ...claims }).filter(
    ([, value]) => value !== undefined,
  );
  return signJws({ typ, kid: 'k1' }, Object.fromEntries(payload), key);
}

const ours = (extra: Record<string, unknown> = {}) =>
  token(ourKey, { iss: OURS, sid: 's1', jti: 'j1', roles: ['admin'], ...extra }, 'at+jwt');
const keycloak = (extra: Record<string, unknown> = {}, key = keycloakKey) =>
  token(key, { iss: KEYCLOAK, aud: 'shop-api', realm_access: { roles: ['clerk'] }, ...extra });
const auth0 = (extra: Record<string, unknown> = {}, key = auth0Key) =>
  token(key, { iss: AUTH0, aud: ['https://shop.example/api'], scope: 'read:orders', ...extra });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AuthException ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('trusted issuers, through AccessTokenVerifier', () => {
  const issuers = trustedIssuers(options, new LocalKeySet([ourKey]));
  const verifier = new AccessTokenVerifier(options, new MemoryDenylist(), issuers, jwtService);
  const userOf = async (jwt: string) => issuers.userOf(await verifier.verify(jwt));

  it("accepts our tokens and each issuer's, mapping each user its issuer's way", async () => {
    expect(await userOf(ours())).toEqual({ sub: 'u1', sid: 's1', roles: ['admin'] });
    expect(await userOf(keycloak())).toMatchObject({ sub: 'u1', roles: ['clerk'], iss: KEYCLOAK });
    expect(await userOf(auth0())).toMatchObject({ sub: 'u1', roles: ['read:orders'], iss: AUTH0 });
  });

  it("refuses a token naming one issuer signed with another's key, though the kid fits both", async () => {
    const crossed = [
      keycloak({}, auth0Key),
      keycloak({}, ourKey),
      auth0({}, keycloakKey),
      token(keycloakKey, { iss: OURS, sid: 's1', jti: 'j1' }, 'at+jwt'),
    ];
    for (const jwt of crossed) {
      expect(await refusal(verifier.verify(jwt))).toMatch(
        /^token_invalid: The access token failed/,
      );
    }
  });

  it('looks up keys only in the key set of the issuer the token names', async () => {
    const lookups = ['https://api.example', KEYCLOAK, AUTH0].map((iss) =>
      jest.spyOn(issuers.select(iss).keys, 'keyFor'),
    );
    await refusal(verifier.verify(keycloak({}, auth0Key)));
    await refusal(verifier.verify(token(auth0Key, { iss: 'https://evil.example' })));
    expect(lookups.map((spy) => spy.mock.calls.length)).toEqual([0, 1, 0]);
    lookups.forEach((spy) => spy.mockRestore());
  });

  it.each([
    ['an unknown iss', { iss: 'https://evil.example' }, /unknown issuer \(iss\)/],
    ['no iss', { iss: undefined }, /names no issuer \(iss\)/],
  ])('refuses %s with token_invalid', async (_case, claims, message) => {
    expect(
      await refusal(verifier.verify(token(keycloakKey, { aud: 'shop-api', ...claims }))),
    ).toMatch(message);
  });

  it("checks each issuer's audience, as a string or in a list", async () => {
    expect(await refusal(verifier.verify(keycloak({ aud: ['other', 'shop-api'] })))).toBe(
      'no error',
    );
    for (const aud of ['https://shop.example/api', undefined]) {
      expect(await refusal(verifier.verify(keycloak({ aud })))).toMatch(
        /audience \(aud\) is wrong/,
      );
    }
    expect(await refusal(verifier.verify(auth0({ aud: 'shop-api' })))).toMatch(/audience/);
  });

  it("holds other issuers' tokens to their rules and ours to ours", async () => {
    // Other issuers: typ JWT and no sid or jti are fine; sub and exp are not optional.
    expect(await refusal(verifier.verify(keycloak({ jti: undefined })))).toBe('no error');
    expect(await refusal(verifier.verify(keycloak({ sub: undefined })))).toMatch(/no sub claim/);
    expect(await refusal(verifier.verify(keycloak({ exp: undefined })))).toMatch(/no expiry/);
    // Ours: typ at+jwt and a session.
    expect(await refusal(verifier.verify(ours({ sid: undefined })))).toMatch(/no sid claim/);
    const untyped = token(ourKey, { iss: OURS, sid: 's1', jti: 'j1' }, 'JWT');
    expect(await refusal(verifier.verify(untyped))).toMatch(/not an access token \(typ\)/);
  });

  /** A verifier of `options` changed by `changes`, our key set holding `ourKey`. */
  const verifierOf = (changes: Partial<ResolvedAuthOptions>) => {
    const changed = { ...options, ...changes };
    const registry = trustedIssuers(changed, new LocalKeySet([ourKey]));
    return new AccessTokenVerifier(changed, new MemoryDenylist(), registry, jwtService);
  };

  it('requires typ at+jwt of an issuer with requireAccessTokenType', async () => {
    const strictVerifier = verifierOf({
      issuers: [trusted(KEYCLOAK, keycloakKey, { requireAccessTokenType: true })],
    });
    expect(await refusal(strictVerifier.verify(keycloak()))).toMatch(/not an access token \(typ\)/);
    const typed = token(keycloakKey, { iss: KEYCLOAK, aud: 'shop-api' }, 'at+jwt');
    expect(await refusal(strictVerifier.verify(typed))).toBe('no error');
  });

  it("revokes another issuer's token by its jti (or sid) on the denylist, under its sub", async () => {
    const denylist = new MemoryDenylist();
    const revoking = new AccessTokenVerifier(options, denylist, issuers, jwtService);
    const jwt = keycloak({ jti: 'kc-1' });
    expect(await refusal(revoking.verify(jwt))).toBe('no error');
    await denylist.add('u1', 'jti:kc-1', 600);
    expect(await refusal(revoking.verify(jwt))).toMatch(/^token_revoked/);
  });

  it("in resource-server mode, holds the jwksUrl issuer's tokens to foreign rules too", async () => {
    const resourceServer = verifierOf({ mode: 'resource-server' });
    const sessionless = token(ourKey, { iss: OURS, roles: ['admin'] });
    expect(await refusal(resourceServer.verify(sessionless))).toBe('no error');
    expect(await refusal(resourceServer.verify(keycloak()))).toBe('no error');
    expect(await refusal(verifier.verify(sessionless))).toMatch(/not an access token \(typ\)/);
  });
});
