import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type IssuerRolesSource } from '../options/auth-module-options.interface.js';
import { scopesOfClaim } from './scope-claim.js';

function invalid(message: string): AuthException {
  return new AuthException(AuthErrorCode.TokenInvalid, message);
}

function isRoleList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((role) => typeof role === 'string' && role !== '');
}

/** The `scopes` of the user of `claims`: the entries of their `scope`, when they have one. */
function scopesOf({ scope }: AccessTokenClaims): Pick<AuthenticatedUser, 'scopes'> {
  return scope === undefined ? {} : { scopes: scopesOfClaim(scope) };
}

/**
 * The user of a request: the claims minus those that describe the token or its login rather than
 * the user (`auth_time`, `acr` and `amr` stay on `request.authInfo`), plus the entries of `scope`
 * as `scopes`. `sid` stays, since apps need it to show or end the
 * current session; so does `scope`, which apps read before `scopes` existed.
 */
export function toAuthenticatedUser(claims: AccessTokenClaims): AuthenticatedUser {
  const {
    iss: _iss,
    aud: _aud,
    exp: _exp,
    iat: _iat,
    nbf: _nbf,
    jti: _jti,
    client_id: _clientId,
    auth_time: _authTime,
    acr: _acr,
    amr: _amr,
    ...user
  } = claims;
  // After the claims: a `scopes` claim of the token's own must not stand for its `scope`.
  const { scopes: _scopes, ...rest } = user;
  return { ...rest, ...scopesOf(claims) };
}

/**
 * The value at a dotted claim path, own properties only: a token's `__proto__` or `constructor`
 * leads nowhere.
 */
function claimAt(claims: AccessTokenClaims, path: string): unknown {
  let value: unknown = claims;
  for (const name of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/**
 * The roles a claim path holds: a list of strings (`realm_access.roles`, `permissions`) or a
 * space-separated string (`scope`, RFC 8693 section 4.2); none when the claim is absent.
 */
function rolesAt(claims: AccessTokenClaims, path: string): string[] {
  const value = claimAt(claims, path);
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(' ').filter((role) => role !== '');
  if (isRoleList(value)) return value;
  throw invalid(`The token ${path} claim is not a list of roles.`);
}

/** The roles of a trusted issuer's user, from its `roles` option; checked whatever the source. */
function rolesOf(claims: AccessTokenClaims, source: IssuerRolesSource): string[] {
  if (typeof source === 'string') return rolesAt(claims, source);
  const roles = source(claims);
  if (!isRoleList(roles)) throw invalid("The issuer's roles mapping gave no list of roles.");
  return roles;
}

/** How an issuer of the `issuers` option builds its users. */
export interface IssuerUserMapping {
  roles: IssuerRolesSource;
  user?: (claims: AccessTokenClaims) => AuthenticatedUser;
}

/**
 * The user mapping of a trusted issuer `iss`: its `user` function, or the claims as for our own
 * tokens with roles from `roles`. The result always carries `iss`, since `sub` is unique within
 * an issuer only, and `scopes` from the token's `scope` unless the function gives its own. It is
 * checked: a non-empty `sub`, a list of roles and of scopes, or 401 `token_invalid`.
 */
export function issuerUserMapping(
  iss: string,
  { roles, user }: IssuerUserMapping,
): (claims: AccessTokenClaims) => AuthenticatedUser {
  return (claims) => {
    const mapped = user
      ? user(claims)
      : { ...toAuthenticatedUser(claims), roles: rolesOf(claims, roles) };
    if (typeof mapped?.sub !== 'string' || mapped.sub === '') {
      throw invalid("The issuer's user mapping gave no sub.");
    }
    const mappedRoles = mapped.roles ?? [];
    if (!isRoleList(mappedRoles)) throw invalid("The issuer's user mapping gave no list of roles.");
    // A mapping that says nothing of scopes keeps the token's: `scope` is a standard claim.
    const scopes = mapped.scopes === undefined ? scopesOf(claims) : { scopes: mapped.scopes };
    if (scopes.scopes !== undefined && !isRoleList(scopes.scopes)) {
      throw invalid("The issuer's user mapping gave no list of scopes.");
    }
    return { ...mapped, roles: mappedRoles, ...scopes, iss };
  };
}
