import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { AuthException } from '../errors/auth.exception.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { checkedScopes, isScopeToken, scopesOfClaim } from './scope-claim.js';
import { issuerUserMapping, toAuthenticatedUser } from './to-authenticated-user.js';

const ISS = 'https://sso.example';

function claims(extra: Record<string, unknown> = {}): AccessTokenClaims {
  return { sub: 'ann', exp: 2_000_000_000, iat: 1_900_000_000, roles: [], ...extra };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof AuthException ? error.code : String(error);
  }
  return 'no error';
}

describe('scope tokens (RFC 6749 §3.3)', () => {
  it.each(['orders:read', 'a', 'https://api.example/orders.read', '!#[]~'])('accepts %j', (scope) =>
    expect(isScopeToken(scope)).toBe(true),
  );

  it.each(['', 'orders read', 'tab\there', 'quote"', 'back\\slash', 'é', '\n', 42, null])(
    'refuses %j',
    (scope) => expect(isScopeToken(scope)).toBe(false),
  );
});

describe('scopesOfClaim', () => {
  it('splits on spaces, forgiving runs of them', () => {
    expect(scopesOfClaim('orders:read  orders:write ')).toEqual(['orders:read', 'orders:write']);
    expect(scopesOfClaim('')).toEqual([]);
  });
});

describe('checkedScopes', () => {
  it('gives back a list of scope tokens', () => {
    const scopes = ['orders:read'];
    expect(checkedScopes(scopes)).toBe(scopes);
  });

  it('names the first bad entry', () => {
    expect(() => checkedScopes(['ok', 'not ok', ''])).toThrow(/scopes\[1\] is "not ok"/);
    expect(() => checkedScopes([undefined])).toThrow(/scopes\[0\] is undefined/);
    expect(() => checkedScopes({})).toThrow(/got object/);
  });
});

describe('the scope claim of a verified token', () => {
  const verifier = new AccessTokenVerifier(
    {} as ResolvedAuthOptions,
    {} as never,
    {} as never,
    {} as never,
  );

  it.each([true, false])('must be a string (ownSessions %s)', (ownSessions) => {
    const base = { sub: 'ann', sid: 's', jti: 'j', iat: 1, exp: 2 };
    expect(verifier.checkClaims({ ...base, scope: 'a b' }, ownSessions).scope).toBe('a b');
    for (const scope of [['a', 'b'], 1, null, { a: 1 }]) {
      expect(codeOf(() => verifier.checkClaims({ ...base, scope }, ownSessions))).toBe(
        'token_invalid',
      );
    }
  });
});

describe('the scopes of a user', () => {
  it('are the entries of our own token scope claim; scope stays as it was', () => {
    expect(toAuthenticatedUser(claims({ scope: 'orders:read orders:write' }))).toEqual({
      sub: 'ann',
      roles: [],
      scope: 'orders:read orders:write',
      scopes: ['orders:read', 'orders:write'],
    });
  });

  it('are absent without a scope claim, and never a token claim named scopes', () => {
    expect(toAuthenticatedUser(claims())).not.toHaveProperty('scopes');
    expect(toAuthenticatedUser(claims({ scopes: ['admin:all'] }))).not.toHaveProperty('scopes');
    expect(toAuthenticatedUser(claims({ scopes: ['admin:all'], scope: 'a' })).scopes).toEqual([
      'a',
    ]);
  });

  it("of another issuer come from its scope claim, whatever its roles' source", () => {
    const user = issuerUserMapping(ISS, { roles: 'scope' })(claims({ scope: 'x:read' }));
    expect(user).toMatchObject({ roles: ['x:read'], scopes: ['x:read'], iss: ISS });
  });

  it("of another issuer's user function: its own, else the token's", () => {
    const own = issuerUserMapping(ISS, {
      roles: 'roles',
      user: ({ sub }) => ({ sub, roles: [], scopes: ['mapped'] }),
    });
    expect(own(claims({ scope: 'x:read' })).scopes).toEqual(['mapped']);
    const silent = issuerUserMapping(ISS, {
      roles: 'roles',
      user: ({ sub }) => ({ sub, roles: [] }),
    });
    expect(silent(claims({ scope: 'x:read' })).scopes).toEqual(['x:read']);
    expect(silent(claims())).not.toHaveProperty('scopes');
  });

  it("of another issuer's user function must be a list of strings", () => {
    const bad = issuerUserMapping(ISS, {
      roles: 'roles',
      user: ({ sub }) => ({ sub, roles: [], scopes: 'x:read' as never }),
    });
    expect(codeOf(() => bad(claims()))).toBe('token_invalid');
  });
});
