import { AuthConfigError } from '../errors/auth-config-error.js';
import { normalizeUsername } from '../login-attempts/normalize-username.js';
import { type LoginThrottleOptions } from './auth-module-options.interface.js';
import { resolveLoginThrottle } from './resolve-login-throttle.js';

describe('resolveLoginThrottle', () => {
  it('applies the defaults: 5 per username and IP, 100 per username, 100 per IP, 15 minutes', () => {
    expect(resolveLoginThrottle(undefined)).toEqual({
      maxAttemptsPerUsernameAndIp: 5,
      maxAttemptsPerUsername: 100,
      maxAttemptsPerIp: 100,
      windowSeconds: 900,
      normalizeUsername,
    });
  });

  it('keeps what is given, and is off with false', () => {
    const key = (username: string) => username;
    expect(
      resolveLoginThrottle({ maxAttemptsPerUsernameAndIp: 3, normalizeUsername: key }),
    ).toMatchObject({
      maxAttemptsPerUsernameAndIp: 3,
      maxAttemptsPerUsername: 100,
      normalizeUsername: key,
    });
    expect(resolveLoginThrottle(false)).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['not an object', 5, 'loginThrottle must be an object or false.'],
    ['a zero limit', { maxAttemptsPerIp: 0 }, 'loginThrottle.maxAttemptsPerIp is 0.'],
    ['a fraction', { windowSeconds: 1.5 }, 'loginThrottle.windowSeconds is 1.5.'],
    [
      'a string limit',
      { maxAttemptsPerUsername: '100' },
      'loginThrottle.maxAttemptsPerUsername is "100".',
    ],
    [
      'a ceiling below the pair limit',
      { maxAttemptsPerUsernameAndIp: 10, maxAttemptsPerUsername: 5 },
      'loginThrottle.maxAttemptsPerUsername (5) is below maxAttemptsPerUsernameAndIp (10)',
    ],
    [
      'a normalizeUsername that is no function',
      { normalizeUsername: 'nfkc' },
      'loginThrottle.normalizeUsername must be a function.',
    ],
  ])('refuses %s with a message saying what to change', (_case, value, message) => {
    const run = () => resolveLoginThrottle(value as LoginThrottleOptions);
    expect(run).toThrow(AuthConfigError);
    expect(run).toThrow(message);
  });
});
