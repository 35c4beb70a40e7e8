import { AuthConfigError } from '../errors/auth-config-error.js';
import { normalizeUsername } from '../login-attempts/normalize-username.js';
import {
  type AuthModuleOptions,
  type LoginThrottleOptions,
} from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';

/** `loginThrottle` with its defaults, validated; `null` when turned off. */
export function resolveLoginThrottle(
  value: AuthModuleOptions['loginThrottle'],
): Required<LoginThrottleOptions> | null {
  if (value === false) return null;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new AuthConfigError(
      'loginThrottle must be an object or false.',
      'Pass { maxAttemptsPerUsernameAndIp, maxAttemptsPerUsername, maxAttemptsPerIp, windowSeconds } or false.',
    );
  }
  const defaults = DEFAULTS.loginThrottle;
  const limits = {
    maxAttemptsPerUsernameAndIp:
      value?.maxAttemptsPerUsernameAndIp ?? defaults.maxAttemptsPerUsernameAndIp,
    maxAttemptsPerUsername: value?.maxAttemptsPerUsername ?? defaults.maxAttemptsPerUsername,
    maxAttemptsPerIp: value?.maxAttemptsPerIp ?? defaults.maxAttemptsPerIp,
    windowSeconds: value?.windowSeconds ?? defaults.windowSeconds,
  };
  for (const [name, limit] of Object.entries(limits)) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new AuthConfigError(
        `loginThrottle.${name} is ${JSON.stringify(limit)}.`,
        'Give a whole number, 1 or more.',
      );
    }
  }
  if (limits.maxAttemptsPerUsername < limits.maxAttemptsPerUsernameAndIp) {
    throw new AuthConfigError(
      `loginThrottle.maxAttemptsPerUsername (${limits.maxAttemptsPerUsername}) is below maxAttemptsPerUsernameAndIp (${limits.maxAttemptsPerUsernameAndIp}): one address would lock the username out everywhere before reaching its own limit.`,
      `Keep maxAttemptsPerUsername well above maxAttemptsPerUsernameAndIp (the defaults are ${defaults.maxAttemptsPerUsername} and ${defaults.maxAttemptsPerUsernameAndIp}).`,
    );
  }
  const normalize = value?.normalizeUsername ?? normalizeUsername;
  if (typeof normalize !== 'function') {
    throw new AuthConfigError(
      'loginThrottle.normalizeUsername must be a function.',
      'Pass (username) => key (the lookup validateCredentials does), or leave it unset.',
    );
  }
  return { ...limits, normalizeUsername: normalize };
}
