import { AuthConfigError } from '../errors/auth-config-error.js';
import { type ApiKeyOptions, type AuthModuleOptions } from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';

/** `apiKeys` with its defaults, validated. */
export function resolveApiKeys(value: AuthModuleOptions['apiKeys']): Required<ApiKeyOptions> {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new AuthConfigError(
      'apiKeys must be an object.',
      'Pass { maxKeysPerUser, maxFailedLookupsPerIp, failedLookupWindowSeconds, freshLoginSeconds }, or leave it unset.',
    );
  }
  const defaults = DEFAULTS.apiKeys;
  const limits = {
    maxKeysPerUser: value?.maxKeysPerUser ?? defaults.maxKeysPerUser,
    maxFailedLookupsPerIp: value?.maxFailedLookupsPerIp ?? defaults.maxFailedLookupsPerIp,
    failedLookupWindowSeconds:
      value?.failedLookupWindowSeconds ?? defaults.failedLookupWindowSeconds,
    freshLoginSeconds: value?.freshLoginSeconds ?? defaults.freshLoginSeconds,
  };
  for (const [name, limit] of Object.entries(limits)) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new AuthConfigError(
        `apiKeys.${name} is ${JSON.stringify(limit)}.`,
        'Give a whole number, 1 or more.',
      );
    }
  }
  return limits;
}
