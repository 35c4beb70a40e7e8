import { generateKeyPairSync } from 'node:crypto';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { resolveAuthOptions } from './resolve-auth-options.js';
import { resolveTenants } from './resolve-tenants.js';

const SECRET_A = 'tenant-a-secret-0123456789abcdef-0123456789';
const SECRET_B = 'tenant-b-secret-0123456789abcdef-0123456789';
const A = { issuer: 'https://a.example', secret: SECRET_A };
const B = { issuer: 'https://b.example', secret: SECRET_B };

function resolve(tenants: unknown, options: Record<string, unknown> = {}) {
  return resolveTenants({ store: 'memory', tenants, ...options } as AuthModuleOptions);
}

function problemOf(tenants: unknown, options: Record<string, unknown> = {}): string {
  try {
    resolve(tenants, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthConfigError);
    return (error as AuthConfigError).problem;
  }
  throw new Error('expected an AuthConfigError');
}

describe('resolveTenants', () => {
  it('is null without the option', () => {
    expect(resolveTenants({ store: 'memory' } as AuthModuleOptions)).toBeNull();
  });

  it("gives each tenant its keys and a prefix under the store's", () => {
    const resolved = resolve(
      { resolve: { header: 'X-Tenant' }, tenants: { a: { ...A, audience: 'api' }, b: B } },
      { store: { redis: 'redis://x', keyPrefix: 'app:' } },
    )!;
    expect(resolved.resolve).toEqual({ header: 'x-tenant' });
    expect(resolved.tenants).toEqual([
      {
        id: 'a',
        issuer: A.issuer,
        audience: 'api',
        keys: [expect.any(Object)],
        keyPrefix: 'app:t:a:',
      },
      { id: 'b', issuer: B.issuer, keys: [expect.any(Object)], keyPrefix: 'app:t:b:' },
    ]);
    const memory = resolve({ resolve: { header: 'x' }, tenants: { a: A } })!;
    expect(memory.tenants[0].keyPrefix).toBe('nest-jwt-auth:t:a:');
  });

  it('takes asymmetric keys and its own key prefix', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'a-1' };
    const [tenant] = resolve({
      resolve: { pathParameter: 'tenant' },
      tenants: { a: { issuer: A.issuer, keys: [jwk], keyPrefix: 'a-app:' } },
    })!.tenants;
    expect(tenant.keys[0]).toMatchObject({ kid: 'a-1', alg: 'ES256' });
    expect(tenant.keyPrefix).toBe('a-app:');
  });

  it('lower-cases host names and refuses a host mapped to no tenant', () => {
    const resolved = resolve({ resolve: { host: { 'A.Example.COM': 'a' } }, tenants: { a: A } })!;
    expect(resolved.resolve).toEqual({ host: { 'a.example.com': 'a' } });
    expect(problemOf({ resolve: { host: { 'c.example.com': 'c' } }, tenants: { a: A } })).toMatch(
      /maps 'c.example.com' to "c", which is no tenant/,
    );
    expect(problemOf({ resolve: { host: {} }, tenants: { a: A } })).toMatch(/map host names/);
  });

  it('keeps a resolver function as it is', () => {
    const fn = () => 'a';
    expect(resolve({ resolve: fn, tenants: { a: A } })!.resolve).toBe(fn);
  });

  it.each([
    [undefined, /exactly one way/],
    [{}, /exactly one way/],
    [{ header: 'x', pathParameter: 'y' }, /exactly one way/],
    [{ cookie: 'x' }, /exactly one way/],
    [{ header: '' }, /resolve.header must be a non-empty string/],
    [{ pathParameter: 7 }, /resolve.pathParameter must be a non-empty string/],
  ])('refuses the resolver %p', (resolver, problem) => {
    expect(problemOf({ resolve: resolver, tenants: { a: A } })).toMatch(problem);
  });

  it.each([
    [null, /at least one tenant/],
    [{ resolve: { header: 'x' } }, /at least one tenant/],
    [{ resolve: { header: 'x' }, tenants: {} }, /at least one tenant/],
    [{ resolve: { header: 'x' }, tenants: { 'a:b': A } }, /tenant id "a:b" is not allowed/],
    [{ resolve: { header: 'x' }, tenants: { ['x'.repeat(65)]: A } }, /is not allowed/],
    [{ resolve: { header: 'x' }, tenants: { a: { secret: SECRET_A } } }, /a has no issuer/],
    [{ resolve: { header: 'x' }, tenants: { a: { issuer: A.issuer } } }, /neither secret nor keys/],
    [{ resolve: { header: 'x' }, tenants: { a: { ...A, secret: 'short' } } }, /bytes long/],
    [{ resolve: { header: 'x' }, tenants: { a: { ...A, audience: '' } } }, /audience must be/],
    [{ resolve: { header: 'x' }, tenants: { a: { ...A, keyPrefix: '' } } }, /keyPrefix must be/],
  ])('refuses %p', (tenants, problem) => {
    expect(problemOf(tenants)).toMatch(problem);
  });

  it('refuses two tenants with one issuer, one key or overlapping prefixes', () => {
    const resolveBy = { header: 'x' };
    expect(
      problemOf({ resolve: resolveBy, tenants: { a: A, b: { ...B, issuer: A.issuer } } }),
    ).toMatch(/tenants a and b have the same issuer/);
    expect(
      problemOf({ resolve: resolveBy, tenants: { a: A, b: { ...B, secret: SECRET_A } } }),
    ).toMatch(/tenants a and b share a key/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const shared = {
      a: { issuer: A.issuer, keys: [{ ...jwk, kid: 'a' }] },
      b: { issuer: B.issuer, keys: [{ ...jwk, kid: 'b' }] },
    };
    expect(problemOf({ resolve: resolveBy, tenants: shared })).toMatch(/share a key/);
    expect(
      problemOf({
        resolve: resolveBy,
        tenants: { a: { ...A, keyPrefix: 'p:' }, b: { ...B, keyPrefix: 'p:b:' } },
      }),
    ).toMatch(/overlapping Redis key prefixes/);
    expect(
      problemOf(
        { resolve: resolveBy, tenants: { a: { ...A, keyPrefix: 'app:' } } },
        { store: { redis: 'redis://x', keyPrefix: 'app:' } },
      ),
    ).toMatch(/the store's own keyPrefix/);
  });

  it("refuses the app's own stores, API keys, jwksUrl and issuers, which are not split per tenant", () => {
    const tenants = { resolve: { header: 'x' }, tenants: { a: A } };
    expect(problemOf(tenants, { store: { denylist: {}, sessions: {} } })).toMatch(
      /stores of your own cannot be split/,
    );
    expect(problemOf(tenants, { jwksUrl: 'https://sso.example/jwks' })).toMatch(
      /jwksUrl \(resource-server mode\) and issuers are not tenant-scoped/,
    );
    expect(problemOf(tenants, { issuers: [{ issuer: 'https://sso.example' }] })).toMatch(
      /are not tenant-scoped/,
    );
    expect(resolve(tenants, { issuers: [] })).not.toBeNull();
    expect(problemOf(tenants, { tokenLookup: ['header', 'apiKey'] })).toMatch(
      /API keys are not tenant-scoped/,
    );
    expect(problemOf(tenants, { mfa: {} })).toMatch(/second factor is not tenant-scoped/);
  });

  it('is part of the resolved options, unknown tenant keys refused', () => {
    const base = { secret: SECRET_B.replace('b', 'r'), store: 'memory' as const };
    const tenants = { resolve: { header: 'x' }, tenants: { a: A } };
    expect(resolveAuthOptions({ ...base, tenants }).tenants?.tenants[0].id).toBe('a');
    expect(resolveAuthOptions(base).tenants).toBeNull();
    expect(() =>
      resolveAuthOptions({
        ...base,
        tenants: { ...tenants, tenants: { a: { ...A, isuer: 'x' } } },
      } as never),
    ).toThrow(/tenants\.tenants\.a\.isuer/);
    expect(() =>
      resolveAuthOptions({ ...base, tenants: { ...tenants, resolver: 'x' } } as never),
    ).toThrow(/tenants\.resolver/);
  });
});
