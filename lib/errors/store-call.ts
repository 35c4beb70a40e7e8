import { Logger } from '@nestjs/common';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

const logger = new Logger('nest-jwt-auth');
/** Whether the last store call failed: during an outage every request fails, one line is enough. */
let failing = false;

/** Told the duration and result of every store call (the module's metrics). */
export interface StoreCallObserver {
  /** A start time to hand back to {@link storeCallEnded}. */
  storeCallStarted(): number;
  storeCallEnded(startedAt: number, failed: boolean): void;
}

const UNOBSERVED: StoreCallObserver = {
  storeCallStarted: () => 0,
  storeCallEnded: () => undefined,
};
/** Process-wide, like `failing`: store calls are made from module-level code, not per module. */
let observer = UNOBSERVED;

/**
 * Makes `next` the observer of every store call; the returned function removes it again, unless
 * another observer replaced it meanwhile.
 */
export function observeStoreCalls(next: StoreCallObserver): () => void {
  observer = next;
  return () => {
    if (observer === next) observer = UNOBSERVED;
  };
}

/**
 * Runs a store operation and turns any failure of the store into 503 `auth_store_unavailable`:
 * fail closed, never a 500 and never a silent pass. Logs one line when failures start and one
 * when they end, not one per request.
 */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  const observing = observer;
  const startedAt = observing.storeCallStarted();
  let result: T;
  try {
    result = await operation();
  } catch (error) {
    // An AuthException is the operation's answer (say, a refused ticket), not a store failure.
    observing.storeCallEnded(startedAt, !(error instanceof AuthException));
    if (error instanceof AuthException) throw error;
    if (!failing) {
      failing = true;
      const reason = error instanceof Error ? error.message : String(error);
      logger.error(`Auth store unavailable, answering 503 auth_store_unavailable: ${reason}`);
    }
    throw new AuthException(AuthErrorCode.AuthStoreUnavailable, undefined, { cause: error });
  }
  observing.storeCallEnded(startedAt, false);
  if (failing) {
    failing = false;
    logger.log('Auth store available again.');
  }
  return result;
}
