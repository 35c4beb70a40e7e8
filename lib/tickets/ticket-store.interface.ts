import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

/** What a stream ticket stands for: the user and claims of the token that asked for it, on one path. */
export interface TicketRecord {
  path: string;
  user: AuthenticatedUser;
  claims: AccessTokenClaims;
}

/**
 * Where stream tickets wait for their single use, keyed by the SHA-256 of the ticket (the store
 * never holds a usable ticket). `take` must return a record once at most, however many instances
 * ask at the same moment.
 */
export interface TicketStore {
  put(id: string, record: TicketRecord, ttlSeconds: number): Promise<void>;
  take(id: string): Promise<TicketRecord | null>;
}

/** Injection token of the {@link TicketStore} in use. */
export const TicketStore = Symbol('nest-jwt-auth:TicketStore');
