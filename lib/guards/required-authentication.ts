import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException, type StepUpRequirement } from '../errors/auth.exception.js';

/**
 * Throws 401 `insufficient_user_authentication` unless the token's login satisfies `@RequireAuth()`:
 * `auth_time` no more than `maxAge` (plus the clock tolerance) before `nowMs`, and `acr` one of
 * the values asked. A token without `auth_time` proves no recent login.
 */
export function assertAuthentication(
  required: StepUpRequirement | undefined,
  claims: { auth_time?: unknown; acr?: unknown } | undefined,
  nowMs: number,
  toleranceSeconds: number,
): void {
  if (required === undefined) return;
  const { maxAge, acrValues } = required;
  const authTime = claims?.auth_time;
  const tooOld =
    maxAge !== undefined &&
    (typeof authTime !== 'number' || nowMs / 1000 - authTime > maxAge + toleranceSeconds);
  const weak = acrValues !== undefined && !acrValues.includes(claims?.acr as string);
  if (tooOld || weak) {
    throw new AuthException(AuthErrorCode.InsufficientUserAuthentication, undefined, {
      stepUp: required,
    });
  }
}

/**
 * Throws 401 `insufficient_user_authentication` unless the login of these claims is at most
 * `seconds` old: for actions whose result outlives the token (an API key, a second factor), so a
 * stolen access token alone cannot take them.
 */
export function assertFreshLogin(
  seconds: number,
  claims: { auth_time?: unknown } | undefined,
  { clock, clockToleranceSeconds }: { clock: () => number; clockToleranceSeconds: number },
): void {
  assertAuthentication({ maxAge: seconds }, claims, clock(), clockToleranceSeconds);
}
