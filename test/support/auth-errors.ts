// Unit specs use these too: nothing here may import ioredis or open a connection.
import { AuthException } from '../../lib/errors/auth.exception.js';

/** The code of the AuthException `promise` rejects with, or 'no error'. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AuthException ? error.code : `not an AuthException: ${String(error)}`;
  }
  return 'no error';
}

type ErrorClass<T> = abstract new (...args: never[]) => T;

/** What `fn` throws, failing the test when it throws nothing or not a `type` (AuthException). */
export function thrown<T extends Error = AuthException>(
  fn: () => unknown,
  type: ErrorClass<T> = AuthException as unknown as ErrorClass<T>,
): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}
