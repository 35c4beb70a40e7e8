import { type AuthUser } from '../interfaces/auth-user.interface.js';

/** What the server keeps for one refresh token; the token itself is never stored. */
export interface RefreshTokenRecord {
  /** The user the token was issued to, as the access token needs it again on refresh. */
  user: AuthUser;
  /** The session the token belongs to. */
  sid: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

/**
 * Keeps refresh tokens by the hash of the token. `consume` must be atomic: of two concurrent
 * calls with the same hash, exactly one gets the record.
 */
export interface RefreshTokenStore {
  save(tokenHash: string, record: RefreshTokenRecord, ttlSeconds: number): Promise<void>;
  /** Returns the record and deletes it, or `null` when there is none. */
  consume(tokenHash: string): Promise<RefreshTokenRecord | null>;
}

/** Injection token of the {@link RefreshTokenStore} in use. */
export const RefreshTokenStore = Symbol('nest-jwt-auth:RefreshTokenStore');
