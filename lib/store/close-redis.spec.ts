import { jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import { closeRedis } from './close-redis.js';

describe('closeRedis', () => {
  const connection = (status: string) => ({ status, disconnect: jest.fn() });

  it.each(['ready', 'connecting', 'reconnecting', 'wait'])(
    'disconnects a %s connection',
    (status) => {
      const redis = connection(status);
      closeRedis(redis as unknown as Redis);
      expect(redis.disconnect).toHaveBeenCalledTimes(1);
    },
  );

  it('leaves an ended connection alone: disconnecting it would arm a 2 s timer', () => {
    const redis = connection('end');
    closeRedis(redis as unknown as Redis);
    expect(redis.disconnect).not.toHaveBeenCalled();
  });
});
