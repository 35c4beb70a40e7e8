import { RedisConnection } from '../../lib/store/redis-connection.js';
import { RedisSessionStore } from '../../lib/sessions/redis-session-store.js';
import { describeSessionStoreContract } from '../support/contracts/session-store-contract.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../support/redis.js';

const prefix = uniqueKeyPrefix('session-store');
let connection: RedisConnection;

beforeAll(async () => {
  connection = new RedisConnection(REDIS_URL, prefix);
  await connection.onModuleInit();
});

afterAll(async () => {
  await connection.onApplicationShutdown();
  await deleteKeys(prefix);
});

describeSessionStoreContract('RedisSessionStore', () => new RedisSessionStore(connection));
