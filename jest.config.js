/** Jest runs the TypeScript sources as ESM (Nest 12 is ESM-only); see CONTRIBUTING.md. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^nest-jwt-auth$': '<rootDir>/lib/index.ts',
    '^nest-jwt-auth/testing$': '<rootDir>/lib/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

/** Where the HTTP_ADAPTER global is read: a suite that never reaches it runs the same on both. */
const ADAPTER_SWITCH = join(root, 'test/support/http-app.ts');

/**
 * End-to-end suites that serve HTTP yet run on Express only, and why. Every other suite that
 * reaches the adapter switch runs on Fastify too; test/jest-projects.spec.ts fails on a suite
 * that builds an HTTP app of its own without being listed here, and on a stale entry.
 */
export const EXPRESS_ONLY = {
  'test/graphql.e2e-spec.ts': 'Apollo on Fastify needs @as-integrations/fastify',
  'test/tenants-graphql.e2e-spec.ts': 'Apollo on Fastify needs @as-integrations/fastify',
  'test/sample-graphql.e2e-spec.ts': 'the sample serves /graphql on Express only',
  'test/security/graphql-query-limits.e2e-spec.ts': 'the sample serves /graphql on Express only',
  'test/security/graphql-amplification.e2e-spec.ts': 'the sample serves /graphql on Express only',
  'test/key-tool.e2e-spec.ts': 'a command-line tool; the sample it boots only serves its JWKS',
  'test/redis-cluster.e2e-spec.ts': 'the Redis topology is under test, not the HTTP adapter',
  'test/redis-cluster-failover.e2e-spec.ts':
    'the Redis topology is under test, not the HTTP adapter',
  'test/redis-sentinel.e2e-spec.ts': 'the Redis topology is under test, not the HTTP adapter',
  'test/websocket.e2e-spec.ts': 'socket.io, whatever the HTTP adapter',
  'test/socket-revocation.e2e-spec.ts': 'socket.io, whatever the HTTP adapter',
  'test/security/socket-never-connected.e2e-spec.ts': 'socket.io, whatever the HTTP adapter',
  'test/security/socket-subscribe-outage.e2e-spec.ts': 'socket.io, whatever the HTTP adapter',
  'test/examples/guarded-controller.e2e-spec.ts':
    "the docs/testing.md example: built the way an app's own test builds it",
};

/** Whether `file` imports, directly or through other files of test/, the adapter switch. */
export function reachesAdapterSwitch(file, seen = new Set()) {
  if (file === ADAPTER_SWITCH) return true;
  if (seen.has(file) || relative(join(root, 'test'), file).startsWith('..')) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, path] of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)) {
    if (reachesAdapterSwitch(join(dirname(file), `${path}.ts`), seen)) return true;
  }
  return false;
}

/** Every end-to-end suite, as a path from the repository root. */
export function e2eSuites() {
  return readdirSync(join(root, 'test'), { recursive: true })
    .filter((path) => path.endsWith('.e2e-spec.ts'))
    .map((path) => join('test', path))
    .sort();
}

const runOnExpressOnly = e2eSuites().filter(
  (suite) => suite in EXPRESS_ONLY || !reachesAdapterSwitch(join(root, suite)),
);

/**
 * Three projects. `unit`: every *.spec.ts, beside the code in lib/ or in test/, needing no Redis,
 * no browser and no network (`npm run test:unit`). `express`: the end-to-end suites
 * (*.e2e-spec.ts) and the Redis-backed specs (*.redis-spec.ts). `fastify`: the end-to-end suites
 * again, those whose outcome depends on the adapter. Each HTTP project sets the HTTP_ADAPTER
 * global that test/support/http-app.ts reads.
 */
export default {
  // A global setting: inside a project Jest ignores it (and every test got 5 s).
  testTimeout: 20000,
  // One process running every suite in turn grows past Node's heap limit (each ESM suite loads
  // Nest afresh) and spends most of its time collecting garbage: workers are replaced instead
  // once they hold this much.
  maxWorkers: 2,
  workerIdleMemoryLimit: '800MB',
  projects: [
    {
      ...base,
      displayName: 'unit',
      roots: ['<rootDir>/lib', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      testEnvironment: '<rootDir>/test/support/unit-environment.mjs',
    },
    {
      ...base,
      displayName: 'express',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts', '**/*.redis-spec.ts'],
      globals: { HTTP_ADAPTER: 'express' },
    },
    {
      ...base,
      displayName: 'fastify',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        ...runOnExpressOnly.map((suite) => `/${suite.replaceAll('.', '\\.')}$`),
      ],
      globals: { HTTP_ADAPTER: 'fastify' },
    },
  ],
};
