import { type AuthUser } from '../interfaces/auth-user.interface.js';

/** When and how the user last proved who they are: what `@RequireAuth()` checks. */
export interface AuthenticationClaims {
  auth_time: number;
  acr?: string;
  amr?: string[];
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value !== '';

/**
 * The claims of a login (or reauthentication) at `nowMs` by `user`, as `validateCredentials`
 * returned it. A malformed `acr` or `amr` is the app's bug, said loudly rather than signed.
 */
export function authenticationAt(nowMs: number, user: AuthUser): AuthenticationClaims {
  const { acr, amr } = user;
  if (acr !== undefined && !isNonEmptyString(acr)) {
    throw new Error('nest-jwt-auth: a user’s acr must be a non-empty string.');
  }
  if (amr !== undefined && !(Array.isArray(amr) && amr.every(isNonEmptyString))) {
    throw new Error('nest-jwt-auth: a user’s amr must be a list of non-empty strings.');
  }
  return {
    auth_time: Math.floor(nowMs / 1000),
    ...(acr === undefined ? {} : { acr }),
    ...(amr === undefined ? {} : { amr: [...amr] }),
  };
}

/** The authentication claims a stored identity carries, to keep them across refreshes. */
export function authenticationOf(identity: AuthUser): Partial<AuthenticationClaims> {
  const { auth_time, acr, amr } = identity as Partial<AuthenticationClaims>;
  return {
    ...(auth_time === undefined ? {} : { auth_time }),
    ...(acr === undefined ? {} : { acr }),
    ...(amr === undefined ? {} : { amr }),
  };
}

/** `identity` without its authentication claims: who the user is, not when they proved it. */
export function withoutAuthentication(identity: AuthUser): AuthUser {
  const { auth_time: _time, acr: _acr, amr: _amr, ...rest } = identity;
  return rest;
}

/** `identity` authenticated anew: its previous `auth_time`, `acr` and `amr` replaced, not merged. */
export function reauthenticated(identity: AuthUser, claims: AuthenticationClaims): AuthUser {
  return { ...withoutAuthentication(identity), ...claims };
}
