import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { type AuthKey } from 'nest-jwt-auth';

/** Injection token of the {@link SampleConfig} the app was started with. */
export const SAMPLE_CONFIG = Symbol('SampleConfig');

/** What the sample reads from its environment. */
export interface SampleConfig {
  port: number;
  /**
   * Used when neither `keys` nor `jwksUrl` is set. Without `JWT_SECRET`, a random one per start
   * (outside production).
   */
  jwtSecret: string;
  /** `CSRF_SECRET`: key of the CSRF tokens of the cookies; unset: `jwtSecret`. */
  csrfSecret?: string;
  /** From the JWK set in `JWT_JWKS_FILE`: asymmetric keys, the first private one signs. */
  keys?: AuthKey[];
  /** `JWT_JWKS_URL`: run as a resource server trusting the issuer that publishes this JWKS. */
  jwksUrl?: string;
  /** Unset, like the two below: the memory store (single process, forgotten on restart). */
  redisUrl?: string;
  /** `REDIS_CLUSTER_NODES=127.0.0.1:7000,127.0.0.1:7001`: a Redis Cluster, found from these nodes. */
  redisClusterNodes?: string[];
  /** `REDIS_SENTINELS=127.0.0.1:26379,...` and `REDIS_SENTINEL_NAME` (default `mymaster`). */
  redisSentinels?: { sentinels: { host: string; port: number }[]; name: string };
  /** Prefix of the sample's Redis keys; tests give each run its own. */
  redisKeyPrefix?: string;
  accessTokenTtl?: string;
  /** `HTTP_ADAPTER=fastify` runs the sample on Fastify instead of Express. */
  httpAdapter?: 'express' | 'fastify';
  /**
   * `NODE_ENV=production`: `Secure` cookies, a `JWT_SECRET` (or keys) required, no `/docs`, and
   * `/health` and `/graphql` tell clients nothing about the server (docs/sample.md).
   */
  production?: boolean;
  /** `COOKIE_DOMAIN`: the module's `cookies.domain`, for an app split across subdomains. */
  cookieDomain?: string;
  /** See the module's `refreshReuseGraceSeconds`. */
  refreshReuseGraceSeconds?: number;
  /** `/graphql`, on Express only; unset means on. `GRAPHQL=false` turns it off. */
  graphql?: boolean;
  /** The module's `presetExpressPrototypes`; `PRESET_EXPRESS_PROTOTYPES=false` turns it off. */
  presetExpressPrototypes?: boolean;
}

/**
 * The `keys` of a JWK set file (`{ "keys": [...] }`), with an error that names the file. A parse
 * error says only that: JSON.parse's message (and so its `cause`) can quote the file, private keys
 * included, into a log.
 */
export function readJwksFile(path: string): AuthKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`JWT_JWKS_FILE ${path} could not be read.`, { cause: error });
  }
  let set: { keys?: unknown };
  try {
    set = JSON.parse(text) as { keys?: unknown };
  } catch {
    throw new Error(`JWT_JWKS_FILE ${path} is not valid JSON.`);
  }
  if (!Array.isArray(set?.keys)) {
    throw new Error(`JWT_JWKS_FILE ${path} holds no JWK set: expected { "keys": [...] }.`);
  }
  return set.keys as AuthKey[];
}

/**
 * `JWT_SECRET`, or outside production a random secret of this process: a secret written in the
 * source would let anyone who read it sign an admin token.
 */
function secretFromEnv(env: NodeJS.ProcessEnv, needed: boolean): string {
  if (env.JWT_SECRET || !needed) return env.JWT_SECRET ?? '';
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'JWT_SECRET is not set, and NODE_ENV=production needs one: set JWT_SECRET to at least 32 random bytes (e.g. `openssl rand -base64 32`), or JWT_JWKS_FILE or JWT_JWKS_URL.',
    );
  }
  new Logger('sample').warn(
    'JWT_SECRET is not set: signing with a random secret of this process. Its tokens stop working when it stops; set JWT_SECRET to keep them across restarts and instances.',
  );
  return randomBytes(32).toString('base64url');
}

/**
 * `CSRF_SECRET`, else the HMAC secret, else (with keys or a JWKS URL, outside production) a random
 * one of this process: the key of the cookies' CSRF tokens, the same on every instance.
 */
function csrfSecretFromEnv(env: NodeJS.ProcessEnv, jwtSecret: string): string {
  if (env.CSRF_SECRET) return env.CSRF_SECRET;
  if (jwtSecret) return jwtSecret;
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'With JWT_JWKS_FILE or JWT_JWKS_URL in production, set CSRF_SECRET (at least 32 random bytes): the key of the cookies’ CSRF tokens, the same on every instance.',
    );
  }
  return randomBytes(32).toString('base64url');
}

/**
 * Reads `PORT`, `HTTP_ADAPTER`, `NODE_ENV`, `JWT_SECRET`, `JWT_JWKS_FILE`, `JWT_JWKS_URL`,
 * `REDIS_URL`, `REDIS_CLUSTER_NODES`, `REDIS_SENTINELS`, `REDIS_SENTINEL_NAME`, `REDIS_KEY_PREFIX`,
 * `ACCESS_TTL`, `REFRESH_REUSE_GRACE`, `GRAPHQL`, `COOKIE_DOMAIN`, `CSRF_SECRET` and
 * `PRESET_EXPRESS_PROTOTYPES`.
 */
export function sampleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SampleConfig {
  const keys = env.JWT_JWKS_FILE ? readJwksFile(env.JWT_JWKS_FILE) : undefined;
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  const jwtSecret = secretFromEnv(env, !keys && !jwksUrl);
  return {
    port: Number(env.PORT ?? 3000),
    jwtSecret,
    csrfSecret: csrfSecretFromEnv(env, jwtSecret),
    production: env.NODE_ENV === 'production',
    httpAdapter: env.HTTP_ADAPTER === 'fastify' ? 'fastify' : 'express',
    keys,
    jwksUrl,
    redisUrl: env.REDIS_URL || undefined,
    redisClusterNodes: hostList(env.REDIS_CLUSTER_NODES),
    redisSentinels: env.REDIS_SENTINELS
      ? {
          sentinels: hostList(env.REDIS_SENTINELS)!.map(parseHostPort),
          name: env.REDIS_SENTINEL_NAME || 'mymaster',
        }
      : undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || undefined,
    accessTokenTtl: env.ACCESS_TTL || undefined,
    refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE ? Number(env.REFRESH_REUSE_GRACE) : undefined,
    graphql: env.GRAPHQL !== 'false',
    presetExpressPrototypes: env.PRESET_EXPRESS_PROTOTYPES !== 'false',
    // Checked by the module at start-up (cookies.domain).
    cookieDomain: env.COOKIE_DOMAIN || undefined,
  };
}

/** `a:1, b:2` as `['a:1', 'b:2']`; unset or blank as undefined. */
function hostList(value: string | undefined): string[] | undefined {
  const hosts = value
    ?.split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  return hosts?.length ? hosts : undefined;
}

function parseHostPort(hostPort: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(hostPort);
  if (!match)
    throw new Error(`REDIS_SENTINELS: expected host:port, got ${JSON.stringify(hostPort)}.`);
  return { host: match[1], port: Number(match[2]) };
}
