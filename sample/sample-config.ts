import { Logger } from '@nestjs/common';

/** What the sample reads from its environment. */
export interface SampleConfig {
  port: number;
  jwtSecret: string;
  /** Unset: the memory store (single process, forgotten on restart). */
  redisUrl?: string;
  /** Prefix of the sample's Redis keys; tests give each run its own. */
  redisKeyPrefix?: string;
  accessTokenTtl?: string;
  /** See the module's `refreshReuseGraceSeconds`. */
  refreshReuseGraceSeconds?: number;
}

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdefghijklmnopqrstuvwxyz';

/** Reads `PORT`, `JWT_SECRET`, `REDIS_URL`, `REDIS_KEY_PREFIX`, `ACCESS_TTL` and `REFRESH_REUSE_GRACE`. */
export function sampleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SampleConfig {
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    if (env.NODE_ENV === 'production') {
      throw new Error(
        'JWT_SECRET is not set: the sample will not use its development secret in production.',
      );
    }
    new Logger('sample').warn(
      'JWT_SECRET is not set: using a development secret. Never do this in production.',
    );
    jwtSecret = DEV_SECRET;
  }
  return {
    port: Number(env.PORT ?? 3000),
    jwtSecret,
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || undefined,
    accessTokenTtl: env.ACCESS_TTL || undefined,
    refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE ? Number(env.REFRESH_REUSE_GRACE) : undefined,
  };
}
