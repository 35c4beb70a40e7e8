import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { type AuthKey } from 'nest-jwt-auth';

/** What the sample reads from its environment. */
export interface SampleConfig {
  port: number;
  /** Used when neither `keys` nor `jwksUrl` is set. */
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
  /** `NODE_ENV=production`: cookies are `Secure`. */
  production?: boolean;
  /** See the module's `refreshReuseGraceSeconds`. */
  refreshReuseGraceSeconds?: number;
  /** `/graphql`, on Express only; unset means on. `GRAPHQL=false` turns it off. */
  graphql?: boolean;
}

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdefghijklmnopqrstuvwxyz';

/** The `keys` of a JWK set file (`{ "keys": [...] }`), with an error that names the file. */
export function readJwksFile(path: string): AuthKey[] {
  let set: { keys?: unknown };
  try {
    set = JSON.parse(readFileSync(path, 'utf8')) as { keys?: unknown };
  } catch (error) {
    throw new Error(
      `JWT_JWKS_FILE ${path} could not be read as JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (!Array.isArray(set?.keys)) {
    throw new Error(`JWT_JWKS_FILE ${path} holds no JWK set: expected { "keys": [...] }.`);
  }
  return set.keys as AuthKey[];
}

/**
 * Reads `PORT`, `HTTP_ADAPTER`, `NODE_ENV`, `JWT_SECRET`, `CSRF_SECRET`, `JWT_JWKS_FILE`,
 * `JWT_JWKS_URL`, `REDIS_URL`, `REDIS_CLUSTER_NODES`, `REDIS_SENTINELS`, `REDIS_SENTINEL_NAME`,
 * `REDIS_KEY_PREFIX`, `ACCESS_TTL`, `REFRESH_REUSE_GRACE` and `GRAPHQL`.
 */
export function sampleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SampleConfig {
  const keys = env.JWT_JWKS_FILE ? readJwksFile(env.JWT_JWKS_FILE) : undefined;
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  const jwtSecret = env.JWT_SECRET;
  if (!jwtSecret && !keys && !jwksUrl) {
    if (env.NODE_ENV === 'production') {
      throw new Error(
        'JWT_SECRET is not set: the sample will not use its development secret in production.',
      );
    }
    new Logger('sample').warn(
      'JWT_SECRET is not set: using a development secret. Never do this in production.',
    );
  }
  if (env.NODE_ENV === 'production' && !jwtSecret && !env.CSRF_SECRET) {
    throw new Error(
      'With JWT_JWKS_FILE or JWT_JWKS_URL in production, set CSRF_SECRET: the key of the cookies’ CSRF tokens.',
    );
  }
  return {
    port: Number(env.PORT ?? 3000),
    jwtSecret: jwtSecret || DEV_SECRET,
    csrfSecret: env.CSRF_SECRET || undefined,
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
