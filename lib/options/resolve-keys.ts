import { createSecretKey } from 'node:crypto';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { type AuthKey, importConfiguredKey } from '../keys/import-key.js';
import { MIN_SECRET_BYTES } from '../keys/jose-algorithm.js';
import { type JoseKey } from '../keys/jose-key.js';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { DEFAULTS } from './defaults.js';
import { DEFAULT_JWKS_TIMING, resolveJwksTiming, resolveJwksUrl } from './resolve-remote-jwks.js';
import { type ResolvedAuthOptions } from './resolved-auth-options.js';

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
const NEW_SECRET = `node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))"`;

type ResolvedKeys = Pick<ResolvedAuthOptions, 'mode' | 'keys' | 'jwks'>;

function resolveSecret(options: AuthModuleOptions): JoseKey {
  const { secret } = options;
  const algorithm = options.algorithm ?? DEFAULTS.algorithm;
  if (!HMAC_ALGORITHMS.includes(algorithm)) {
    throw new AuthConfigError(
      `algorithm '${String(algorithm)}' is not supported with a secret.`,
      `Use one of ${HMAC_ALGORITHMS.join(', ')}, or give asymmetric keys in 'keys'.`,
    );
  }
  if (typeof secret !== 'string' && !Buffer.isBuffer(secret)) {
    throw new AuthConfigError(
      `the 'secret' option must be a string or a Buffer.`,
      'Pass the secret itself.',
    );
  }
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new AuthConfigError(
      `the secret is ${bytes.length} bytes long; HMAC secrets shorter than ${MIN_SECRET_BYTES} bytes can be brute-forced.`,
      `Use at least ${MIN_SECRET_BYTES} random bytes, e.g.: ${NEW_SECRET}`,
    );
  }
  const key = createSecretKey(bytes);
  return { alg: algorithm, verifyKey: key, signKey: key };
}

/**
 * The keys of a `keys` option (named `list` in errors), each with a unique `kid`; any may be
 * public only.
 */
export function importKeyList(keys: unknown, list: string): JoseKey[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new AuthConfigError(
      `'${list}' must be a non-empty array.`,
      'Give at least one JWK or PEM key.',
    );
  }
  const resolved = keys.map((entry: AuthKey, index) => importConfiguredKey(entry, index, list));
  const kids = new Set<string | undefined>();
  for (const key of resolved) {
    if (kids.has(key.kid)) {
      throw new AuthConfigError(
        `two keys have kid "${key.kid}" in '${list}'.`,
        'Give every key its own kid.',
      );
    }
    kids.add(key.kid);
  }
  return resolved;
}

function resolveKeyList(keys: unknown): JoseKey[] {
  const resolved = importKeyList(keys, 'keys');
  if (!resolved.some((key) => key.signKey)) {
    throw new AuthConfigError(
      `no key in 'keys' holds private material, so no token can be signed.`,
      `Put the signing key (with "d", or a PRIVATE KEY PEM) in 'keys', or use jwksUrl to only verify another issuer's tokens.`,
    );
  }
  return resolved;
}

function resolveJwks(options: AuthModuleOptions): ResolvedKeys['jwks'] {
  const url = resolveJwksUrl('jwksUrl', options.jwksUrl);
  if (options.issuer === undefined || options.audience === undefined) {
    throw new AuthConfigError(
      'jwksUrl needs issuer and audience: a key set is often shared by every API of an issuer.',
      'Set issuer to the iss and audience to the aud your tokens carry.',
    );
  }
  return { url, ...resolveJwksTiming('jwks', options.jwks, DEFAULT_JWKS_TIMING) };
}

/** Exactly one of `secret`, `keys` and `jwksUrl` says how tokens are signed and verified. */
export function resolveKeys(options: AuthModuleOptions): ResolvedKeys {
  const given = (['secret', 'keys', 'jwksUrl'] as const).filter(
    (name) => options[name] !== undefined && options[name] !== null && options[name] !== '',
  );
  if (given.length === 0) {
    throw new AuthConfigError(
      'no secret was given.',
      `Set the 'secret' option to at least ${MIN_SECRET_BYTES} random bytes, e.g. from an environment variable filled with: ${NEW_SECRET} (or give asymmetric 'keys', or a 'jwksUrl' to verify another issuer's tokens).`,
    );
  }
  if (given.length > 1) {
    throw new AuthConfigError(
      `${given.join(' and ')} were given together.`,
      'Give exactly one of them.',
    );
  }
  if (given[0] === 'jwksUrl')
    return { mode: 'resource-server', keys: [], jwks: resolveJwks(options) };
  const keys = given[0] === 'secret' ? [resolveSecret(options)] : resolveKeyList(options.keys);
  return { mode: 'issuer', keys };
}
