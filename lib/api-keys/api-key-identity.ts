import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type ApiKeyRecord } from './api-key-store.interface.js';

/** The `amr` of a request authenticated by an API key: no login, no session. */
export const API_KEY_AMR = 'apikey';

/**
 * What `request.authInfo` holds for an API key, in the shape of access-token claims so that code
 * reading them keeps working: `sub`, `roles`, `scope`, `amr: ['apikey']` and `api_key_id`;
 * `iat` is the key's creation, `exp` its expiry when it has one. No `sid`, no `jti`, no
 * `auth_time`: routes that need a session or a recent login refuse it.
 */
export interface ApiKeyClaims {
  sub: string;
  roles: string[];
  scope?: string;
  iat: number;
  exp?: number;
  amr: [typeof API_KEY_AMR];
  api_key_id: string;
}

/** The user and claims of a verified key; fresh copies, so a request cannot change the cache. */
export function identityOf(record: ApiKeyRecord): {
  user: AuthenticatedUser;
  claims: ApiKeyClaims;
} {
  const { id, sub, roles, scopes, createdAt, expiresAt } = record;
  return {
    user: { sub, roles: [...roles], scopes: [...scopes], apiKeyId: id },
    claims: {
      sub,
      roles: [...roles],
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
      iat: Math.floor(createdAt / 1000),
      ...(expiresAt === undefined ? {} : { exp: Math.floor(expiresAt / 1000) }),
      amr: [API_KEY_AMR],
      api_key_id: id,
    },
  };
}

/** Whether `claims` (a request's `authInfo`) are those of an API key. */
export function isApiKeyClaims(claims: unknown): claims is ApiKeyClaims {
  return typeof (claims as { api_key_id?: unknown } | undefined)?.api_key_id === 'string';
}
