import { importOptionalPeer } from '../optional-peers/import-optional-peer.js';
import { type AuthEvent } from '../interfaces/auth-event.interface.js';

/** What the module needs of `@nestjs/event-emitter`'s EventEmitter2. */
export interface AuthEventEmitter {
  /** Unlike `emit()`, hands back the listeners' promises, so their rejections can be caught. */
  emitAsync(name: AuthEvent['name'], event: AuthEvent): Promise<unknown[]> | boolean;
}

/** The part of ModuleRef the search uses. */
type ProviderLookup = {
  get(token: abstract new (...args: never[]) => unknown, options: { strict: false }): unknown;
};

type EventEmitterPackage = { EventEmitter2: abstract new (...args: never[]) => AuthEventEmitter };

const loadEventEmitter = (): Promise<EventEmitterPackage> => import('@nestjs/event-emitter');

/**
 * The app's EventEmitter2, when `@nestjs/event-emitter` is installed and the app imported
 * `EventEmitterModule.forRoot()`; otherwise `undefined`.
 */
export async function findEventEmitter(
  moduleRef: ProviderLookup,
  load: () => Promise<EventEmitterPackage> = loadEventEmitter,
): Promise<AuthEventEmitter | undefined> {
  const eventEmitter = await importOptionalPeer('@nestjs/event-emitter', load);
  if (!eventEmitter) return undefined;
  try {
    return moduleRef.get(eventEmitter.EventEmitter2, { strict: false }) as AuthEventEmitter;
  } catch {
    // get() throws only when no module provides EventEmitter2: the app did not import it.
    return undefined;
  }
}
