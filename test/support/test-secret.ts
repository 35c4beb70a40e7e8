/** The secret the tests sign with: long enough for the module, known to the forging helpers. */
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
