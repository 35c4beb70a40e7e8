import { Logger } from '@nestjs/common';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

const logger = new Logger('nest-jwt-auth');
/** During an outage every request fails: one log line per interval is enough. */
const LOG_INTERVAL_MS = 10_000;
let lastLoggedAt = 0;

/**
 * Runs a store operation and turns any failure of the store into 503 `auth_store_unavailable`:
 * fail closed, never a 500 and never a silent pass.
 */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AuthException) throw error;
    const now = Date.now();
    if (now - lastLoggedAt >= LOG_INTERVAL_MS) {
      lastLoggedAt = now;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(`Auth store call failed, answering 503 auth_store_unavailable: ${reason}`);
    }
    throw new AuthException(AuthErrorCode.AuthStoreUnavailable, undefined, { cause: error });
  }
}
