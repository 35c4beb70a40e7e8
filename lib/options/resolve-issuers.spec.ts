import { generateKeyPairSync } from 'node:crypto';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { resolveIssuers } from './resolve-issuers.js';

const OURS = 'https://api.example';
const KEYCLOAK = 'https://sso.example/realms/shop';
const JWKS_URL = 'https://sso.example/realms/shop/protocol/openid-connect/certs';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPublic = { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' };

function resolve(options: Record<string, unknown>) {
  return resolveIssuers({ issuer: OURS, ...options } as unknown as AuthModuleOptions);
}

/** `issuers: [entry]` with a valid issuer, audience and JWKS unless `entry` says otherwise. */
function resolveOne(entry: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return resolve({
    issuers: [{ issuer: KEYCLOAK, audience: 'shop-api', jwksUrl: JWKS_URL, ...entry }],
    ...options,
  })[0];
}

describe('resolveIssuers', () => {
  it('is empty when issuers is left out or empty, whether issuer is set or not', () => {
    expect(resolveIssuers({} as AuthModuleOptions)).toEqual([]);
    expect(resolveIssuers({ issuers: [] } as unknown as AuthModuleOptions)).toEqual([]);
  });

  it("resolves an issuer with a JWKS, the module's jwks timing and the defaults", () => {
    expect(resolveOne({}, { jwks: { cacheTtl: '1m' } })).toEqual({
      issuer: KEYCLOAK,
      audience: ['shop-api'],
      keys: [],
      jwks: {
        url: JWKS_URL,
        cacheTtl: 60_000,
        minRefetchInterval: 30_000,
        timeout: 5_000,
        maxStaleness: 86_400_000,
      },
      requireAccessTokenType: false,
      roles: 'roles',
      user: undefined,
    });
  });

  it("lets an issuer's jwks override the module's, value by value", () => {
    const { jwks } = resolveOne(
      { jwks: { timeout: '2s' } },
      { jwks: { cacheTtl: '1m', timeout: '9s' } },
    );
    expect(jwks).toMatchObject({ cacheTtl: 60_000, timeout: 2_000 });
  });

  it('resolves an issuer with keys, and a list of audiences', () => {
    const resolved = resolveOne({ jwksUrl: undefined, keys: [ecPublic], audience: ['a', 'b'] });
    expect(resolved.jwks).toBeUndefined();
    expect(resolved.keys.map((key) => [key.kid, key.alg])).toEqual([['ec-1', 'ES256']]);
    expect(resolved.audience).toEqual(['a', 'b']);
  });

  it('keeps a roles path, a roles function or a user function', () => {
    const roles = () => ['x'];
    const user = () => ({ sub: 'u', roles: [] });
    expect(resolveOne({ roles: 'realm_access.roles' }).roles).toBe('realm_access.roles');
    expect(resolveOne({ roles }).roles).toBe(roles);
    expect(resolveOne({ user }).user).toBe(user);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
    ['no issuer option', {}, { issuer: undefined }, /^nest-jwt-auth: issuers needs issuer/],
    ['an issuers that is no list', {}, { issuers: {} }, /issuers must be a list/],
    ['an entry that is no object', {}, { issuers: ['x'] }, /issuers\[0\] is not an object/],
    ['an empty issuer', { issuer: '' }, {}, /issuers\[0\]\.issuer must be a non-empty string/],
    ['no audience', { audience: undefined }, {}, /issuers\[0\]\.audience must be/],
    ['an empty audience list', { audience: [] }, {}, /issuers\[0\]\.audience must be/],
    ['an audience list with a number', { audience: ['a', 1] }, {}, /audience must be/],
    ['no jwksUrl nor keys', { jwksUrl: undefined }, {}, /needs exactly one of jwksUrl and keys/],
    ['jwksUrl and keys', { keys: [ecPublic] }, {}, /needs exactly one of jwksUrl and keys/],
    ['a jwksUrl that is no URL', { jwksUrl: 'ftp://x' }, {}, /issuers\[0\]\.jwksUrl "ftp/],
    ['empty keys', { jwksUrl: undefined, keys: [] }, {}, /'issuers\[0\]\.keys' must be a non-/],
    ['roles and user', { roles: 'scope', user: () => null }, {}, /has both roles and user/],
    ['a roles path with an empty name', { roles: 'realm_access..roles' }, {}, /roles is "realm/],
    ['roles of another type', { roles: ['admin'] }, {}, /issuers\[0\]\.roles is \["admin"\]/],
    ['a user that is no function', { user: 'sub' }, {}, /issuers\[0\]\.user must be a function/],
    ['a strict typ not boolean', { requireAccessTokenType: 'yes' }, {}, /must be true or false/],
    [
      'a shorter maxStaleness than cacheTtl',
      { jwks: { maxStaleness: '1m' } },
      {},
      /issuers\[0\]\.jwks\.maxStaleness is shorter than issuers\[0\]\.jwks\.cacheTtl/,
    ],
    ['a bad duration', { jwks: { timeout: 'soon' } }, {}, /issuers\[0\]\.jwks\.timeout is "soon"/],
  ])('refuses %s at start-up, naming it', (_case, entry, options, message) => {
    expect(() => resolveOne(entry, options)).toThrow(message);
  });

  it('names a bad key by its place', () => {
    expect(() =>
      resolveOne({ jwksUrl: undefined, keys: [ecPublic, { kid: 'x', kty: 'EC' }] }),
    ).toThrow(/issuers\[0\]\.keys\[1\] \(kid "x"\) could not be read/);
  });

  it("refuses an issuer trusted twice, or the module's own issuer among them", () => {
    const entry = { issuer: KEYCLOAK, audience: 'a', jwksUrl: JWKS_URL };
    expect(() => resolve({ issuers: [entry, entry] })).toThrow(
      /issuers\[1\]\.issuer "https:\/\/sso\.example\/realms\/shop" is trusted twice/,
    );
    expect(() => resolve({ issuers: [{ ...entry, issuer: OURS }] })).toThrow(
      /issuers\[0\]\.issuer "https:\/\/api\.example" is the module's own issuer/,
    );
  });
});
