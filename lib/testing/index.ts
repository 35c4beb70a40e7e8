/**
 * `nest-jwt-auth/testing`: what an app's own tests need, apart from the runtime API (the same
 * classes are exported from the package root too, for apps written before this entry point).
 */
export { AuthTestingModule } from './auth-testing.module.js';
export { TestClock } from './test-clock.js';
export { TestTokens } from './test-tokens.js';
