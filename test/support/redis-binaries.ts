import { spawnSync } from 'node:child_process';

/**
 * `describe` for suites that start their own Redis servers, or `describe.skip` with a loud
 * warning when `redis-server` or `redis-cli` is not installed (`.ci/run` installs them).
 */
export function describeWithRedisBinaries(name: string, suite: () => void): void {
  const missing = ['redis-server', 'redis-cli'].filter(
    (command) => spawnSync(command, ['--version']).error !== undefined,
  );
  if (missing.length === 0) return describe(name, suite);
  console.warn(
    `\n*** SKIPPED "${name}": ${missing.join(' and ')} not installed. ` +
      `Install Redis (apt-get install redis-server) to run it. ***\n`,
  );
  describe.skip(name, suite);
}
