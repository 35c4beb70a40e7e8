/**
 * Mutation testing of the security checks (`npm run test:mutation`, see CONTRIBUTING.md): each
 * mutant must make a unit spec fail. Not part of `npm test` nor CI: a run takes minutes.
 */
export default {
  mutate: [
    'lib/tokens/access-token-verifier.ts',
    'lib/tokens/inspect-token.ts',
    'lib/tokens/verified-token-cache.ts',
    'lib/transport/csrf.ts',
    'lib/transport/refresh-cookie-path.ts',
    'lib/guards/required-roles.ts',
    'lib/throttle/login-throttle.ts',
    // Only the session-ending part of AuthService: logout, revocation, endSessions and deny.
    // A line range: move it with the code (logout() to the end of deny()).
    'lib/auth.service.ts:365-415',
  ],
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js' },
  coverageAnalysis: 'perTest',
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 95, low: 90, break: null },
};
