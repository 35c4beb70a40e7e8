import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

/**
 * Why a key asking for `wanted` would grant more than `creator` holds, or `undefined` when it
 * would not: a key may carry only roles and scopes of the token that creates it, or anyone could
 * give themselves `admin` by creating a key.
 */
export function grantsBeyond(
  wanted: { roles?: string[]; scopes?: string[] },
  creator: Pick<AuthenticatedUser, 'roles' | 'scopes'>,
): string | undefined {
  const roles = (wanted.roles ?? []).filter((role) => !creator.roles.includes(role));
  const held = creator.scopes ?? [];
  const scopes = (wanted.scopes ?? []).filter((scope) => !held.includes(scope));
  if (roles.length === 0 && scopes.length === 0) return undefined;
  const named = [
    ...(roles.length > 0 ? [`roles ${roles.join(', ')}`] : []),
    ...(scopes.length > 0 ? [`scopes ${scopes.join(' ')}`] : []),
  ];
  return `An API key cannot grant what your access token does not: ${named.join(' and ')}.`;
}
