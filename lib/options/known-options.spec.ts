import { AuthConfigError } from '../errors/auth-config-error.js';
import { assertKnownOptions } from './known-options.js';

describe('assertKnownOptions', () => {
  it('accepts every documented option', () => {
    expect(() =>
      assertKnownOptions({
        secret: 'x',
        issuer: 'https://issuer.example',
        cookies: { secure: false },
        loginThrottle: {
          maxAttemptsPerUsernameAndIp: 3,
          normalizeUsername: (name: string) => name,
        },
        store: { redis: 'redis://127.0.0.1:6379', keyPrefix: 'app:' },
      }),
    ).not.toThrow();
  });

  it('refuses a misspelt top-level option, naming it and the known ones', () => {
    const error = catchError(() => assertKnownOptions({ secret: 'x', isuer: 'https://a' }));
    expect(error).toBeInstanceOf(AuthConfigError);
    expect(error.message).toContain('unknown option isuer');
    expect(error.message).toContain('issuer');
    expect(error.message).toContain('isGlobal');
  });

  it('names every unknown option at once', () => {
    const error = catchError(() => assertKnownOptions({ isuer: 1, audiance: 2 }));
    expect(error.message).toContain('unknown options isuer, audiance');
  });

  it.each([
    ['cookies', { secure: true, samesite: 'lax' }, 'cookies.samesite'],
    ['loginThrottle', { maxAttempts: 3 }, 'loginThrottle.maxAttempts'],
    ['verifiedTokenCache', { max: 3 }, 'verifiedTokenCache.max'],
    ['jwks', { ttl: 3 }, 'jwks.ttl'],
    ['csrf', { trustedOrigin: [] }, 'csrf.trustedOrigin'],
    ['store', { redis: 'redis://x', prefix: 'a:' }, 'store.prefix'],
  ])('refuses an unknown key inside %s', (name, value, shown) => {
    const error = catchError(() => assertKnownOptions({ [name]: value }));
    expect(error).toBeInstanceOf(AuthConfigError);
    expect(error.message).toContain(`unknown option ${shown}`);
    expect(error.message).toContain(`Known options of ${name}:`);
  });

  it('checks the keys of every issuers entry and of its jwks, naming its place', () => {
    const entry = {
      issuer: 'https://a',
      audience: 'api',
      jwksUrl: 'https://a/jwks',
      roles: 'scope',
    };
    expect(() =>
      assertKnownOptions({ issuers: [entry, { ...entry, jwks: { timeout: 1 } }] }),
    ).not.toThrow();
    const misspelt = catchError(() =>
      assertKnownOptions({ issuers: [entry, { ...entry, audiance: 'x' }] }),
    );
    expect(misspelt).toBeInstanceOf(AuthConfigError);
    expect(misspelt.message).toContain('unknown option issuers[1].audiance');
    expect(misspelt.message).toContain('Known options of issuers[1]: issuer, audience,');
    const inJwks = catchError(() =>
      assertKnownOptions({ issuers: [{ ...entry, jwks: { ttl: 1 } }] }),
    );
    expect(inJwks.message).toContain('unknown option issuers[0].jwks.ttl');
  });

  it('leaves objects that are not option bags alone (a client, a store, a list)', () => {
    class Client {
      status = 'ready';
    }
    expect(() =>
      assertKnownOptions({ store: new Client(), tokenLookup: ['header'], loginThrottle: false }),
    ).not.toThrow();
  });
});

function catchError(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
