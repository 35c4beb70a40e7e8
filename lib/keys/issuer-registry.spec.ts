import { jest } from '@jest/globals';
import { thrown } from '../../test/support/auth-errors.js';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { IssuerRegistry } from './issuer-registry.js';
import { type KeySet, LocalKeySet } from './key-set.js';
import { RemoteKeySet } from './remote-key-set.js';
import { type TrustedIssuer } from './trusted-issuer.js';

const TIMING = {
  cacheTtl: 60_000,
  minRefetchInterval: 5_000,
  timeout: 1_000,
  maxStaleness: 600_000,
};

function issuer(iss: string | undefined, keys: KeySet = new LocalKeySet([])): TrustedIssuer {
  return {
    iss,
    audiences: undefined,
    keys,
    ownSessions: false,
    acceptsType: () => true,
    toUser: (claims) => ({ sub: claims.sub, roles: [], mappedBy: iss }),
  };
}

describe('IssuerRegistry', () => {
  const ours = issuer('https://api.example');
  const keycloak = issuer('https://sso.example/realms/shop');
  const registry = new IssuerRegistry([ours, keycloak]);

  it('selects the issuer whose iss the token names, exactly', () => {
    expect(registry.select('https://api.example')).toBe(ours);
    expect(registry.select('https://sso.example/realms/shop')).toBe(keycloak);
  });

  it.each([
    ['an unknown iss', 'https://evil.example', /unknown issuer \(iss\)/],
    ['a near miss', 'https://api.example/', /unknown issuer \(iss\)/],
    ['an iss of another case', 'HTTPS://API.EXAMPLE', /unknown issuer \(iss\)/],
    ['no iss', undefined, /names no issuer \(iss\)/],
    ['an iss that is no string', ['https://api.example'], /unknown issuer \(iss\)/],
    ['__proto__', '__proto__', /unknown issuer \(iss\)/],
  ])('refuses %s with token_invalid', (_case, iss, message) => {
    const error = thrown(() => registry.select(iss));
    expect(error.code).toBe('token_invalid');
    expect(error.message).toMatch(message);
  });

  it('lets a single issuer without iss take every token, as before issuers existed', () => {
    const only = issuer(undefined);
    const single = new IssuerRegistry([only]);
    for (const iss of [undefined, 'anything', 42]) expect(single.select(iss)).toBe(only);
  });

  it('builds the user with the issuer its iss names', () => {
    const claims = { sub: 'u1', iss: keycloak.iss, roles: [] } as unknown as AccessTokenClaims;
    expect(registry.userOf(claims)).toEqual({ sub: 'u1', roles: [], mappedBy: keycloak.iss });
  });

  it('refuses an issuer trusted twice, and one without iss beside others', () => {
    thrown(() => new IssuerRegistry([ours, issuer(ours.iss)]), AuthConfigError);
    const error = thrown(() => new IssuerRegistry([issuer(undefined), keycloak]), AuthConfigError);
    expect(error.message).toMatch(/without iss is trusted beside others/);
  });

  it('fetches the remote key sets at start-up, except those started elsewhere', () => {
    const remote = (url: string) =>
      new RemoteKeySet(url, TIMING, (() => new Promise(() => undefined)) as typeof fetch);
    const own = remote('https://api.example/jwks');
    const other = remote('https://sso.example/jwks');
    const started = [jest.spyOn(own, 'onModuleInit'), jest.spyOn(other, 'onModuleInit')];
    new IssuerRegistry(
      [issuer('https://api.example', own), issuer('https://sso.example', other)],
      [own],
    ).onModuleInit();
    expect(started.map((spy) => spy.mock.calls.length)).toEqual([0, 1]);
  });
});
