import { jest } from '@jest/globals';
import { describeDenylistContract } from '../../test/support/contracts/denylist-contract.js';
import { MemoryDenylist } from './memory-denylist.js';

describeDenylistContract('MemoryDenylist', () => new MemoryDenylist());

describe('MemoryDenylist ttl', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('blocks for exactly ttlSeconds', async () => {
    jest.useFakeTimers({ now: 5_000_000 });
    const denylist = new MemoryDenylist();
    await denylist.add('ann', 'sid:1', 30);
    jest.setSystemTime(5_000_000 + 29_999);
    expect(await denylist.has('ann', ['sid:1'])).toBe(true);
    jest.setSystemTime(5_000_000 + 30_000);
    expect(await denylist.has('ann', ['sid:1'])).toBe(false);
  });
});
