import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the test command chose (scripts/with-redis.mjs sets REDIS_URL). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of this test run alone, so parallel runs never see each other's keys. */
export function uniqueKeyPrefix(label: string): string {
  return `nest-jwt-auth-test:${label}:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` and returns how many there were. */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    let deleted = 0;
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) deleted += await client.del(...(keys as string[]));
    }
    return deleted;
  } finally {
    client.disconnect();
  }
}
