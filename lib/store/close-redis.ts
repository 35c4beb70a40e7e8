import type { Redis } from 'ioredis';

/**
 * Closes a connection, unless it has already ended. ioredis' `disconnect()` on an ended
 * connection arms a 2 s timer (`disconnectTimeout`) to destroy a stream that closed long ago; it
 * then keeps the process, or a Jest worker, alive for those 2 s after shutdown.
 */
export function closeRedis(redis: Redis): void {
  if (redis.status !== 'end') redis.disconnect();
}
