import { RedisConnection } from '../../lib/store/redis-connection.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './redis.js';

/**
 * A RedisConnection under a key prefix of its own, open for the enclosing suite's tests; its keys
 * are deleted after them. Read `connection` inside tests.
 */
export function redisConnectionForSuite(label: string): {
  readonly connection: RedisConnection;
  prefix: string;
} {
  const prefix = uniqueKeyPrefix(label);
  let connection: RedisConnection | undefined;
  beforeAll(async () => {
    connection = new RedisConnection(REDIS_URL, prefix);
    await connection.onModuleInit();
  });
  afterAll(async () => {
    await connection?.onApplicationShutdown();
    await deleteKeys(prefix);
  });
  return {
    prefix,
    get connection() {
      if (!connection) throw new Error('the connection is open only inside the suite’s tests');
      return connection;
    },
  };
}
