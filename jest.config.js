/** Jest runs the TypeScript sources as ESM (Nest 12 is ESM-only); see CONTRIBUTING.md. */
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

/**
 * End-to-end suites with nothing adapter-specific to run twice: no HTTP server, or (the
 * docs/testing.md example) one built the way an app's own test builds it.
 */
const WITHOUT_HTTP = [
  'examples/guarded-controller',
  'bounded-storage',
  'revocation-mirror',
  'session-cap',
  'session-lifetime',
  'redis-cluster',
  'redis-sentinel',
  'graphql', // Express only: Apollo on Fastify needs @as-integrations/fastify
  'sample-graphql', // the same: the sample serves /graphql on Express only
  'security/graphql-query-limits', // the same
  'security/graphql-amplification', // the same
  'websocket', // socket.io, whatever the HTTP adapter
  'socket-revocation', // the same
  'key-tool', // a command-line tool; the sample it boots only serves its JWKS
  'security/refresh-history-bounded',
].map((name) => `/test/${name}\\.e2e-spec\\.ts$`);

/**
 * Unit tests and the end-to-end suite on Express, then the end-to-end suite again on Fastify:
 * each project sets the HTTP_ADAPTER global that test/support reads.
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
      displayName: 'express',
      roots: ['<rootDir>/lib', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
      globals: { HTTP_ADAPTER: 'express' },
    },
    {
      ...base,
      displayName: 'fastify',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...WITHOUT_HTTP],
      globals: { HTTP_ADAPTER: 'fastify' },
    },
  ],
};
