import { AuthConfigError } from '../errors/auth-config-error.js';
import { type RemoteKeySetTiming } from '../keys/remote-key-set.js';
import { type RemoteJwksOptions } from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';
import { toSeconds } from './duration.js';

/** The default caching of a remote JWKS, in milliseconds. */
export const DEFAULT_JWKS_TIMING: RemoteKeySetTiming = Object.freeze({
  cacheTtl: DEFAULTS.jwks.cacheTtl * 1000,
  minRefetchInterval: DEFAULTS.jwks.minRefetchInterval * 1000,
  timeout: DEFAULTS.jwks.timeout * 1000,
  maxStaleness: DEFAULTS.jwks.maxStaleness * 1000,
});

/** `url` checked as the http(s) URL of a JWKS; `name` is the option, for the error. */
export function resolveJwksUrl(name: string, url: unknown): string {
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) {
    throw new AuthConfigError(
      `${name} ${JSON.stringify(url)} is not an http(s) URL.`,
      'Give the URL of the issuer JWKS.',
    );
  }
  return url;
}

function resolveMilliseconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = toSeconds(value as string);
  if (seconds === undefined) {
    throw new AuthConfigError(
      `${name} is ${JSON.stringify(value)}.`,
      `Give seconds or e.g. '30s', '10m'.`,
    );
  }
  return seconds * 1000;
}

/**
 * The caching of a remote JWKS in milliseconds: each duration of `jwks` (the option `name`),
 * else the one of `fallback`.
 */
export function resolveJwksTiming(
  name: string,
  jwks: RemoteJwksOptions | undefined,
  fallback: RemoteKeySetTiming,
): RemoteKeySetTiming {
  const duration = (key: keyof RemoteKeySetTiming) =>
    resolveMilliseconds(`${name}.${key}`, jwks?.[key], fallback[key]);
  const timing = {
    cacheTtl: duration('cacheTtl'),
    minRefetchInterval: duration('minRefetchInterval'),
    timeout: duration('timeout'),
    maxStaleness: duration('maxStaleness'),
  };
  if (timing.maxStaleness < timing.cacheTtl) {
    throw new AuthConfigError(
      `${name}.maxStaleness is shorter than ${name}.cacheTtl: keys would expire before they are refreshed.`,
      'Make maxStaleness at least as long as cacheTtl (it is the longest an issuer outage is bridged).',
    );
  }
  return timing;
}
