import { Logger } from '@nestjs/common';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

const logger = new Logger('nest-jwt-auth');

/**
 * Runs a store operation and turns any failure of the store into 503 `auth_store_unavailable`:
 * fail closed, never a 500 and never a silent pass.
 */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AuthException) throw error;
    logger.warn(
      `Auth store call failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    throw new AuthException(AuthErrorCode.AuthStoreUnavailable, undefined, { cause: error });
  }
}
