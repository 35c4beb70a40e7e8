import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type SessionMetadata } from '../sessions/session.interface.js';

/** What an mfaToken stands for: a login whose password was right, waiting for its second factor. */
export interface MfaChallenge {
  user: AuthUser;
  /** As the login gave it: the throttle counts code attempts under it too. */
  username: string;
  /** The session metadata recorded at login, for the session the second step starts. */
  metadata?: SessionMetadata;
  /** Epoch milliseconds, by the module's clock. */
  expiresAt: number;
}

/**
 * The short-lived state of MFA, which may be lost without harm (like sessions): mfaTokens,
 * enrolments waiting for their first code, and the last TOTP time step each user spent. Keys
 * are hashes or user ids, never a usable token. Every method must be atomic across instances.
 */
export interface MfaStateStore {
  putChallenge(id: string, challenge: MfaChallenge, ttlSeconds: number): Promise<void>;
  /**
   * Counts one attempt at the challenge and returns it, or `null` when it is unknown, expired or
   * used up; the attempt beyond `maxAttempts` deletes it.
   */
  attemptChallenge(id: string, maxAttempts: number): Promise<MfaChallenge | null>;
  /** Deletes the challenge: true for the one call that deleted it, however many race. */
  takeChallenge(id: string): Promise<boolean>;
  putEnrolment(sub: string, secret: string, ttlSeconds: number): Promise<void>;
  getEnrolment(sub: string): Promise<string | null>;
  /** Deletes the enrolment: true for the one call that deleted it, however many race. */
  deleteEnrolment(sub: string): Promise<boolean>;
  /**
   * Records `step` as the last TOTP time step the user spent, unless it is not after the one
   * recorded: true when recorded. Two calls with the same step: exactly one true.
   */
  spendStep(sub: string, step: number, ttlSeconds: number): Promise<boolean>;
}

/** Injection token of the {@link MfaStateStore} in use. */
export const MfaStateStore = Symbol('nest-jwt-auth:MfaStateStore');
