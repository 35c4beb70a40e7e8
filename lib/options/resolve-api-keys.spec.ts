import { AuthConfigError } from '../errors/auth-config-error.js';
import { DEFAULTS } from './defaults.js';
import { resolveApiKeys } from './resolve-api-keys.js';

describe('resolveApiKeys', () => {
  it('applies the defaults, and keeps what is given', () => {
    expect(resolveApiKeys(undefined)).toEqual(DEFAULTS.apiKeys);
    expect(resolveApiKeys({ maxKeysPerUser: 3 })).toEqual({
      ...DEFAULTS.apiKeys,
      maxKeysPerUser: 3,
    });
  });

  it.each([
    ['not an object', 5],
    ['a cap of 0', { maxKeysPerUser: 0 }],
    ['a fraction', { maxFailedLookupsPerIp: 1.5 }],
    ['a string', { failedLookupWindowSeconds: '15m' }],
  ])('refuses %s, saying what to give', (_label, value) => {
    expect(() => resolveApiKeys(value as never)).toThrow(AuthConfigError);
  });
});
