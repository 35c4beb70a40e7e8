import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

/**
 * What passport hands a guard's `handleRequest(err, user, info, context, status)` for one
 * request, in the same shapes: verified, `{ err: null, user, info: claims }`; no token,
 * `{ err: null, user: false, info: why, status: 401 }`; refused or unable to check,
 * `{ err }` (an `AuthException`, or a store error).
 */
export interface AuthOutcome {
  err: unknown;
  user: AuthenticatedUser | false | undefined;
  info: unknown;
  status: number | undefined;
}
