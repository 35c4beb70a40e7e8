import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { type TransportOptions } from './transport-options.interface.js';
import { type ResolvedCookieOptions } from '../transport/auth-cookies.js';
import { type ResolvedTransport } from '../transport/resolved-transport.js';
import { type TokenSource } from '../request/token-lookup.js';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { MIN_SECRET_BYTES } from '../keys/jose-algorithm.js';
import { DEFAULTS } from './defaults.js';

const SOURCES: readonly TokenSource[] = ['header', 'cookie', 'query', 'apiKey'];
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SAME_SITE = ['lax', 'strict', 'none'] as const;
/** Browsers accept a cookie so named only from its own host, `Secure`, `Path=/`, without `Domain`. */
const HOST_PREFIX = '__Host-';
const CSRF_KEY_INFO = 'nest-jwt-auth csrf';

function resolveLookup(value: unknown): TokenSource[] {
  if (value === undefined) return [...DEFAULTS.tokenLookup];
  const lookup = value as TokenSource[];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !lookup.every((source) => SOURCES.includes(source)) ||
    new Set(lookup).size !== lookup.length
  ) {
    throw new AuthConfigError(
      `tokenLookup ${JSON.stringify(value)} is not understood.`,
      `Give a list of distinct sources in the order to try, from 'header', 'cookie', 'query' and 'apiKey', e.g. ['header', 'cookie'].`,
    );
  }
  return lookup;
}

function cookieName(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !COOKIE_NAME.test(value)) {
    throw new AuthConfigError(
      `cookies.${name} ${JSON.stringify(value)} is not a cookie name.`,
      'Use letters, digits, - and _.',
    );
  }
  return value;
}

function resolveCookies(options: TransportOptions): ResolvedCookieOptions {
  const cookies = options.cookies ?? {};
  const defaults = DEFAULTS.cookies;
  const sameSite = cookies.sameSite ?? defaults.sameSite;
  if (!SAME_SITE.includes(sameSite)) {
    throw new AuthConfigError(
      `cookies.sameSite '${String(sameSite)}' is not understood.`,
      `Use 'lax', 'strict' or 'none'.`,
    );
  }
  if (
    cookies.domain !== undefined &&
    !/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(cookies.domain)
  ) {
    throw new AuthConfigError(
      `cookies.domain ${JSON.stringify(cookies.domain)} is not a domain.`,
      `Give a host name such as 'example.com', or leave it unset.`,
    );
  }
  const secure = cookies.secure ?? defaults.secure;
  if (sameSite === 'none' && !secure) {
    throw new AuthConfigError(
      `cookies.sameSite 'none' needs secure cookies; browsers refuse others.`,
      'Keep secure: true.',
    );
  }
  // The refresh cookie's Path is its route, which __Host- forbids; the CSRF binding covers it.
  const hostOnly = (name: string) =>
    secure && !cookies.domain && !name.startsWith(HOST_PREFIX) ? HOST_PREFIX + name : name;
  const resolved = {
    accessTokenName: hostOnly(
      cookieName('accessTokenName', cookies.accessTokenName, defaults.accessTokenName),
    ),
    refreshTokenName: cookieName(
      'refreshTokenName',
      cookies.refreshTokenName,
      defaults.refreshTokenName,
    ),
    csrfTokenName: hostOnly(
      cookieName('csrfTokenName', cookies.csrfTokenName, defaults.csrfTokenName),
    ),
    ...(cookies.domain ? { domain: cookies.domain } : {}),
    secure,
    sameSite,
    omitTokensFromBody: resolveBoolean(
      'cookies.omitTokensFromBody',
      cookies.omitTokensFromBody,
      defaults.omitTokensFromBody,
    ),
  };
  const names = [resolved.accessTokenName, resolved.refreshTokenName, resolved.csrfTokenName];
  if (new Set(names).size !== names.length) {
    throw new AuthConfigError(
      'the three cookie names must differ.',
      `They are ${names.join(', ')}.`,
    );
  }
  return resolved;
}

function resolveTrustedOrigins(value: unknown): string[] {
  if (value === undefined) return [...DEFAULTS.csrf.trustedOrigins];
  const origins = value as string[];
  if (
    !Array.isArray(value) ||
    !origins.every(
      (origin) =>
        typeof origin === 'string' && URL.canParse(origin) && new URL(origin).origin === origin,
    )
  ) {
    throw new AuthConfigError(
      `csrf.trustedOrigins ${JSON.stringify(value)} must be a list of origins.`,
      `Give scheme, host and port only, e.g. ['https://app.example.com'].`,
    );
  }
  return origins;
}

function resolveBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new AuthConfigError(`${name} must be true or false.`, 'Remove it or pass a boolean.');
  }
  return value;
}

function secretBytes(name: string, value: unknown): Buffer {
  const bytes =
    typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.isBuffer(value) ? value : null;
  if (!bytes || bytes.length < MIN_SECRET_BYTES) {
    throw new AuthConfigError(
      `${name} must be a string or Buffer of at least ${MIN_SECRET_BYTES} bytes.`,
      'Give random bytes from an environment variable, the same on every instance.',
    );
  }
  return bytes;
}

/**
 * The key CSRF tokens are HMACs under: `csrf.secret`, else derived from `secret` (HKDF, so
 * neither key reveals the other). Signing keys rotate, and a resource server holds none, so
 * without `secret` the app must give `csrf.secret`.
 */
function resolveCsrfKey(options: TransportOptions & Pick<AuthModuleOptions, 'secret'>): KeyObject {
  const material =
    options.csrf?.secret !== undefined
      ? secretBytes('csrf.secret', options.csrf.secret)
      : options.secret !== undefined
        ? secretBytes('secret', options.secret)
        : undefined;
  if (!material) {
    throw new AuthConfigError(
      `cookies need csrf.secret when tokens are signed with 'keys' or verified with 'jwksUrl'.`,
      `Set csrf.secret to at least ${MIN_SECRET_BYTES} random bytes, the same on every instance that reads the cookies.`,
    );
  }
  const derived = hkdfSync('sha256', material, Buffer.alloc(0), CSRF_KEY_INFO, 32);
  return createSecretKey(Buffer.from(derived));
}

/** `tokenLookup`, `tokenQueryParameter`, `cookies` and `csrf`, after defaults and validation. */
export function resolveTransport(
  options: TransportOptions & Pick<AuthModuleOptions, 'secret'>,
): ResolvedTransport {
  const lookup = resolveLookup(options.tokenLookup);
  const queryParameter = options.tokenQueryParameter ?? DEFAULTS.tokenQueryParameter;
  if (typeof queryParameter !== 'string' || queryParameter === '') {
    throw new AuthConfigError(
      'tokenQueryParameter must be a non-empty string.',
      `Remove it or give a name.`,
    );
  }
  const cookies = lookup.includes('cookie');
  return {
    lookup,
    queryParameter,
    cookies: cookies ? resolveCookies(options) : null,
    trustedOrigins: resolveTrustedOrigins(options.csrf?.trustedOrigins),
    csrfKey: cookies ? resolveCsrfKey(options) : null,
  };
}
