import { SetMetadata } from '@nestjs/common';
import { REQUIRE_AUTH_KEY } from '../auth.constants.js';
import { type StepUpRequirement } from '../errors/auth.exception.js';
import { type Duration } from '../options/auth-module-options.interface.js';
import { toSeconds } from '../options/duration.js';

/** `acr` values travel quoted in `WWW-Authenticate`: visible ASCII without space, `"` or `\`. */
const ACR_VALUE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Requires a recent or a strong enough login (RFC 9470 step-up): the access token's `auth_time`
 * at most `maxAge` ago, and its `acr` one of `acr`. Others get 401
 * `insufficient_user_authentication`, with `WWW-Authenticate: Bearer error=
 * "insufficient_user_authentication", acr_values="…", max_age=…`; the client then calls
 * `POST /auth/reauthenticate` and retries. Enforced by {@link JwtAuthGuard}; a method's
 * decorator replaces its controller's.
 *
 * @example
 * ```ts
 * @RequireAuth({ maxAge: '5m' })
 * @Post('password')
 * changePassword() { ... }
 * ```
 */
export function RequireAuth(requirement: { maxAge?: Duration; acr?: string | string[] }) {
  const maxAge = requirement.maxAge === undefined ? undefined : toSeconds(requirement.maxAge);
  if (requirement.maxAge !== undefined && maxAge === undefined) {
    throw new Error(
      `nest-jwt-auth: @RequireAuth({ maxAge }) takes a duration such as 300 or '5m', not ${JSON.stringify(requirement.maxAge)}.`,
    );
  }
  const acrValues = requirement.acr === undefined ? undefined : [requirement.acr].flat();
  if (acrValues?.some((value) => typeof value !== 'string' || !ACR_VALUE.test(value))) {
    throw new Error(
      'nest-jwt-auth: @RequireAuth({ acr }) takes acr values of visible ASCII without spaces, quotes or backslashes.',
    );
  }
  if (maxAge === undefined && !acrValues?.length) {
    throw new Error('nest-jwt-auth: @RequireAuth() needs maxAge, acr or both.');
  }
  const stepUp: StepUpRequirement = Object.freeze({
    ...(acrValues ? { acrValues: Object.freeze(acrValues) } : {}),
    ...(maxAge === undefined ? {} : { maxAge }),
  });
  return SetMetadata(REQUIRE_AUTH_KEY, stepUp);
}
