import { type AuthStoreOptions } from 'nest-jwt-auth';
import { type SampleConfig } from './sample-config.js';

/**
 * A Redis Cluster, Sentinel or single Redis when the environment names one, else memory. With
 * Redis in any form the guard checks revocations against the module's in-memory mirror
 * (`revocationMirror`, on by default), which asks Redis whenever it cannot prove it is current.
 */
export function sampleStore(config: SampleConfig): AuthStoreOptions {
  const keyPrefix = config.redisKeyPrefix;
  if (config.redisClusterNodes) return { redis: { cluster: config.redisClusterNodes }, keyPrefix };
  if (config.redisSentinels) return { redis: config.redisSentinels, keyPrefix };
  if (config.redisUrl) return { redis: config.redisUrl, keyPrefix };
  return 'memory';
}
