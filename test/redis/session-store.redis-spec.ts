import { RedisSessionStore } from '../../lib/sessions/redis-session-store.js';
import { describeSessionStoreContract } from '../support/contracts/session-store-contract.js';
import { redisConnectionForSuite } from '../support/redis-connection-for-suite.js';

const redis = redisConnectionForSuite('session-store');

describeSessionStoreContract('RedisSessionStore', () => new RedisSessionStore(redis.connection));
