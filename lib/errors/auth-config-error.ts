/**
 * A start-up error: the options are wrong, and the message says what to change. Thrown while the
 * module resolves its options, so a misconfigured auth module never boots. `problem` and `fix`
 * are also kept apart for tools and tests.
 */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';

  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`nest-jwt-auth: ${problem} ${fix}`);
  }
}
