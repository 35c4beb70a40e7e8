import { RedisMfaFactorStore } from '../../lib/mfa/redis-mfa-factor-store.js';
import { RedisMfaStateStore } from '../../lib/mfa/redis-mfa-state-store.js';
import {
  describeMfaFactorStoreContract,
  describeMfaStateStoreContract,
} from '../support/contracts/mfa-stores-contract.js';
import { redisConnectionForSuite } from '../support/redis-connection-for-suite.js';

const redis = redisConnectionForSuite('mfa-stores');

describeMfaStateStoreContract('RedisMfaStateStore', () => new RedisMfaStateStore(redis.connection));
describeMfaFactorStoreContract(
  'RedisMfaFactorStore',
  () => new RedisMfaFactorStore(redis.connection),
);

describe('the MFA keys in Redis', () => {
  it('expire, except the factor, which must last', async () => {
    const { client } = redis.connection;
    const state = new RedisMfaStateStore(redis.connection);
    await state.putChallenge('c1', { user: { sub: 'u' }, username: 'u', expiresAt: 0 }, 300);
    await state.putEnrolment('u', 'S', 600);
    await state.spendStep('u', 1, 120);
    await new RedisMfaFactorStore(redis.connection).saveTotp('u', {
      secret: 'S',
      confirmedAt: 1,
      recoveryCodes: ['h'],
    });
    const ttl = (key: string) => client.ttl(`${redis.prefix}${key}`);
    expect(await ttl('mfa-challenge:c1')).toBeGreaterThan(290);
    expect(await ttl('mfa-enrolment:u')).toBeGreaterThan(590);
    expect(await ttl('mfa-step:u')).toBeGreaterThan(110);
    expect(await ttl('mfa-totp:u')).toBe(-1);
  });
});
