import { AuthConfigError } from '../errors/auth-config-error.js';
import { type RemoteKeySetTiming } from '../keys/remote-key-set.js';
import {
  type AuthModuleOptions,
  type IssuerRolesSource,
  type TrustedIssuerOptions,
} from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';
import { importKeyList } from './resolve-keys.js';
import { DEFAULT_JWKS_TIMING, resolveJwksTiming, resolveJwksUrl } from './resolve-remote-jwks.js';
import { type ResolvedTrustedIssuer } from './resolved-auth-options.js';

/** A claim's dotted path: names joined by single dots, none empty. */
const CLAIM_PATH = /^[^.]+(\.[^.]+)*$/;

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function resolveAudience(name: string, audience: unknown): string[] {
  const list = typeof audience === 'string' ? [audience] : audience;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isNonEmptyString)) {
    throw new AuthConfigError(
      `${name}.audience must be a non-empty string or a non-empty list of them.`,
      "Set it to the aud its tokens carry for this app: it is required, since an issuer's keys sign the tokens of every API it serves.",
    );
  }
  return [...list];
}

function resolveRoles(name: string, entry: TrustedIssuerOptions): IssuerRolesSource {
  if (entry.roles !== undefined && entry.user !== undefined) {
    throw new AuthConfigError(
      `${name} has both roles and user.`,
      'Give one: user builds the whole user, its roles included.',
    );
  }
  const roles = entry.roles ?? DEFAULTS.trustedIssuer.roles;
  if (typeof roles === 'function' || (typeof roles === 'string' && CLAIM_PATH.test(roles))) {
    return roles;
  }
  throw new AuthConfigError(
    `${name}.roles is ${JSON.stringify(roles)}.`,
    "Give the dotted path of the claim holding them ('realm_access.roles', 'permissions', 'scope') or a function (claims) => string[].",
  );
}

function resolveEntry(
  entry: TrustedIssuerOptions,
  index: number,
  timing: RemoteKeySetTiming,
): ResolvedTrustedIssuer {
  const name = `issuers[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new AuthConfigError(
      `${name} is not an object.`,
      'Give { issuer, audience, jwksUrl } or { issuer, audience, keys }.',
    );
  }
  const { issuer, jwksUrl, keys, user } = entry;
  const requireAccessTokenType =
    entry.requireAccessTokenType ?? DEFAULTS.trustedIssuer.requireAccessTokenType;
  if (!isNonEmptyString(issuer)) {
    throw new AuthConfigError(
      `${name}.issuer must be a non-empty string.`,
      'Set it to the iss its tokens carry, exactly.',
    );
  }
  if ((jwksUrl === undefined) === (keys === undefined)) {
    throw new AuthConfigError(
      `${name} (${issuer}) needs exactly one of jwksUrl and keys.`,
      'Give the URL of its JWKS, or its verification keys.',
    );
  }
  if (user !== undefined && typeof user !== 'function') {
    throw new AuthConfigError(
      `${name}.user must be a function.`,
      'Pass (claims) => ({ sub, roles, ... }), or leave it out.',
    );
  }
  if (typeof requireAccessTokenType !== 'boolean') {
    throw new AuthConfigError(
      `${name}.requireAccessTokenType must be true or false.`,
      'Remove it or pass a boolean.',
    );
  }
  return {
    issuer,
    audience: resolveAudience(name, entry.audience),
    keys: keys === undefined ? [] : importKeyList(keys, `${name}.keys`),
    ...(jwksUrl === undefined
      ? {}
      : {
          jwks: {
            url: resolveJwksUrl(`${name}.jwksUrl`, jwksUrl),
            ...resolveJwksTiming(`${name}.jwks`, entry.jwks, timing),
          },
        }),
    requireAccessTokenType,
    roles: resolveRoles(name, entry),
    user,
  };
}

/**
 * The `issuers` option, checked: each issuer once, never the module's own, and the module's own
 * `issuer` set, since `iss` is how its tokens are told apart from the others'.
 */
export function resolveIssuers(options: AuthModuleOptions): ResolvedTrustedIssuer[] {
  const issuers = options.issuers ?? DEFAULTS.issuers;
  if (!Array.isArray(issuers)) {
    throw new AuthConfigError(
      'issuers must be a list.',
      'Give [{ issuer, audience, jwksUrl }, ...], or leave it out.',
    );
  }
  if (issuers.length === 0) return [];
  if (options.issuer === undefined) {
    throw new AuthConfigError(
      "issuers needs issuer: the iss of the module's own tokens, by which they are told apart from the other issuers' tokens.",
      "Set issuer, e.g. to the app's URL. Access tokens issued before without iss are then refused; their clients refresh.",
    );
  }
  const timing = resolveJwksTiming('jwks', options.jwks, DEFAULT_JWKS_TIMING);
  const resolved = issuers.map((entry, index) => resolveEntry(entry, index, timing));
  const seen = new Set([options.issuer]);
  resolved.forEach(({ issuer }, index) => {
    if (seen.has(issuer)) {
      throw new AuthConfigError(
        `issuers[${index}].issuer "${issuer}" is ${issuer === options.issuer ? "the module's own issuer" : 'trusted twice'}.`,
        "Give each issuer once: a token must name exactly one, and the module's own tokens are trusted already.",
      );
    }
    seen.add(issuer);
  });
  return resolved;
}
