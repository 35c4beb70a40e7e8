import config from './jest.config.js';

/**
 * The Jest run of `npm run test:mutation`: the unit project's setup, limited to the unit specs
 * that exercise the files stryker.config.mjs mutates, so a mutant is judged in seconds.
 */
const unit = config.projects.find((project) => project.displayName === 'unit');

export default {
  ...unit,
  // Stryker wraps the environment and require()s it: the unit project's, an ES module that only
  // refuses network connections, cannot be loaded that way on Node 20.
  testEnvironment: 'node',
  testTimeout: config.testTimeout,
  roots: ['<rootDir>/lib'],
  testMatch: [
    '<rootDir>/lib/tokens/*.spec.ts',
    '<rootDir>/lib/transport/*.spec.ts',
    '<rootDir>/lib/guards/roles.guard.spec.ts',
    '<rootDir>/lib/throttle/*.spec.ts',
    '<rootDir>/lib/auth.service.spec.ts',
  ],
};
