import { type AuthStoreOptions } from 'nest-jwt-auth';
import { type SampleConfig } from './sample-config.js';

/**
 * A Redis Cluster, Sentinel or single Redis when the environment names one, else memory. On a
 * single Redis or Sentinel the guard checks revocations against the module's in-memory mirror
 * (`revocationMirror`, on by default there); on a cluster it asks Redis.
 */
export function sampleStore(config: SampleConfig): AuthStoreOptions {
  const keyPrefix = config.redisKeyPrefix;
  if (config.redisClusterNodes) return { redis: { cluster: config.redisClusterNodes }, keyPrefix };
  if (config.redisSentinels) return { redis: config.redisSentinels, keyPrefix };
  if (config.redisUrl) return { redis: config.redisUrl, keyPrefix };
  return 'memory';
}
