import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import {
  type IssuerUserMapping,
  issuerUserMapping,
  toAuthenticatedUser,
} from './to-authenticated-user.js';

const ISS = 'https://sso.example/realms/shop';

/** Verified claims as the verifier hands them on: `roles` always a list. */
function claims(extra: Record<string, unknown> = {}): AccessTokenClaims {
  return {
    iss: ISS,
    aud: 'shop-api',
    sub: 'f81d4fae',
    exp: 2_000_000_000,
    iat: 1_900_000_000,
    jti: 'j1',
    roles: [],
    ...extra,
  } as AccessTokenClaims;
}

function mapped(mapping: Partial<IssuerUserMapping>, extra: Record<string, unknown> = {}) {
  return issuerUserMapping(ISS, { roles: 'roles', ...mapping })(claims(extra));
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof AuthException ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('toAuthenticatedUser (our own tokens)', () => {
  it('keeps the user claims and sid, drops those describing the token', () => {
    expect(
      toAuthenticatedUser(claims({ sid: 's1', roles: ['admin'], client_id: 'web', tenant: 't' })),
    ).toEqual({ sub: 'f81d4fae', sid: 's1', roles: ['admin'], tenant: 't' });
  });
});

describe('issuerUserMapping (other issuers)', () => {
  it('by default: the claims as for our own tokens, roles from roles, and its iss', () => {
    expect(mapped({}, { roles: ['viewer'], email: 'a@example.com' })).toEqual({
      sub: 'f81d4fae',
      roles: ['viewer'],
      email: 'a@example.com',
      iss: ISS,
    });
  });

  it("reads Keycloak's realm_access.roles", () => {
    const user = mapped(
      { roles: 'realm_access.roles' },
      { realm_access: { roles: ['admin', 'offline_access'] } },
    );
    expect(user.roles).toEqual(['admin', 'offline_access']);
  });

  it("splits Auth0's scope string, and reads its permissions list", () => {
    expect(mapped({ roles: 'scope' }, { scope: 'read:orders  write:orders' }).roles).toEqual([
      'read:orders',
      'write:orders',
    ]);
    expect(mapped({ roles: 'permissions' }, { permissions: ['read:orders'] }).roles).toEqual([
      'read:orders',
    ]);
  });

  it('gives no roles when the claim is absent, or a level on the way is not an object', () => {
    expect(mapped({ roles: 'realm_access.roles' }).roles).toEqual([]);
    expect(mapped({ roles: 'realm_access.roles' }, { realm_access: 'admin' }).roles).toEqual([]);
    expect(mapped({ roles: 'realm_access.roles' }, { realm_access: null }).roles).toEqual([]);
  });

  it('never follows a path into the prototype chain', () => {
    expect(mapped({ roles: 'constructor.name' }).roles).toEqual([]);
    expect(mapped({ roles: '__proto__.roles' }).roles).toEqual([]);
  });

  it.each([
    ['an object', { admin: true }],
    ['a number', 7],
    ['a list holding a number', ['admin', 7]],
    ['a list holding an empty string', ['']],
  ])('refuses a roles claim that is %s (401 token_invalid)', (_case, value) => {
    expect(
      refusal(() => mapped({ roles: 'realm_access.roles' }, { realm_access: { roles: value } })),
    ).toMatch(/^token_invalid: The token realm_access\.roles claim is not a list of roles/);
  });

  it('takes roles from a function, and refuses what is no list of roles', () => {
    const groups = (all: AccessTokenClaims) =>
      (all.groups as string[]).map((group) => `g:${group}`);
    expect(mapped({ roles: groups }, { groups: ['ops'] }).roles).toEqual(['g:ops']);
    expect(refusal(() => mapped({ roles: () => 'admin' as unknown as string[] }))).toMatch(
      /^token_invalid: The issuer's roles mapping gave no list of roles/,
    );
  });

  it('builds the whole user with user, always stamped with the issuer', () => {
    const user = mapped({
      user: (all) => ({ sub: `kc:${all.sub}`, roles: ['member'], iss: 'forged' }),
    });
    expect(user).toEqual({ sub: 'kc:f81d4fae', roles: ['member'], iss: ISS });
  });

  it('gives a user without roles none, and refuses one without sub or with bad roles', () => {
    expect(mapped({ user: (all) => ({ sub: all.sub }) as never }).roles).toEqual([]);
    expect(refusal(() => mapped({ user: () => ({ sub: '', roles: [] }) }))).toMatch(
      /^token_invalid: The issuer's user mapping gave no sub/,
    );
    expect(refusal(() => mapped({ user: () => undefined as never }))).toMatch(/gave no sub/);
    expect(refusal(() => mapped({ user: () => ({ sub: 'u', roles: 'admin' }) as never }))).toMatch(
      /^token_invalid: The issuer's user mapping gave no list of roles/,
    );
  });

  it('passes on what the user function throws', () => {
    const refused = new AuthException('forbidden', 'Not a member.');
    expect(
      refusal(() =>
        mapped({
          user: () => {
            throw refused;
          },
        }),
      ),
    ).toBe('forbidden: Not a member.');
  });
});
