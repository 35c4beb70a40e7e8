import { Logger } from '@nestjs/common';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

const logger = new Logger('nest-jwt-auth');
/** Whether the last store call failed: during an outage every request fails, one line is enough. */
let failing = false;

/**
 * Runs a store operation and turns any failure of the store into 503 `auth_store_unavailable`:
 * fail closed, never a 500 and never a silent pass. Logs one line when failures start and one
 * when they end, not one per request.
 */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await operation();
  } catch (error) {
    if (error instanceof AuthException) throw error;
    if (!failing) {
      failing = true;
      const reason = error instanceof Error ? error.message : String(error);
      logger.error(`Auth store unavailable, answering 503 auth_store_unavailable: ${reason}`);
    }
    throw new AuthException(AuthErrorCode.AuthStoreUnavailable, undefined, { cause: error });
  }
  if (failing) {
    failing = false;
    logger.log('Auth store available again.');
  }
  return result;
}
