import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './redis.js';
import { type SampleConfig } from '../../sample/sample-config.js';
import { type RunningSample, startSample } from './sample-app.js';

/**
 * Boots the sample (with `config`) on Redis under a key prefix of its own before the enclosing
 * suite's tests and closes it and deletes its keys after them. Returns the running sample (usable
 * inside tests) and its prefix.
 */
export function sampleForSuite(
  label: string,
  config: Partial<SampleConfig> = {},
): { sample: RunningSample; prefix: string } {
  const prefix = uniqueKeyPrefix(label);
  let running: RunningSample | undefined;
  const current = () => {
    if (!running) throw new Error('the sample runs only inside the suite’s tests');
    return running;
  };
  beforeAll(async () => {
    running = await startSample({ ...config, redisUrl: REDIS_URL, redisKeyPrefix: prefix });
  });
  afterAll(async () => {
    await running?.close();
    await deleteKeys(prefix);
  });
  return {
    prefix,
    sample: {
      get app() {
        return current().app;
      },
      http: () => current().http(),
      close: () => current().close(),
    },
  };
}
