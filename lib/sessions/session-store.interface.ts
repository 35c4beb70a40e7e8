import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type SessionRecord } from './session.interface.js';

/** A presented refresh token, looked up by its session id before anything is signed. */
export interface CheckRequest {
  sid: string;
  presentedHash: string;
  now: number;
  /** How long (ms) a just-rotated token may still be presented to get its successor back. */
  graceMs: number;
}

export type CheckResult =
  /** The presented token is the session's current one: it may be rotated. */
  | { status: 'current'; session: SessionRecord }
  /** The token rotated just before, within the grace window: here is its successor again. */
  | { status: 'grace'; session: SessionRecord; successor: string }
  /** An already rotated token came back: the session is now frozen, to be ended by the caller. */
  | { status: 'reused'; session: SessionRecord }
  /** Unknown token, or no such session. */
  | { status: 'invalid' };

/** One refresh: the presented token's hash, and what replaces it if it is the current one. */
export interface RotateRequest {
  sub: string;
  sid: string;
  presentedHash: string;
  nextHash: string;
  now: number;
  /** The new expiry of the session (epoch ms). */
  expiresAt: number;
  /** How long (ms) the just-rotated token may still be presented to get `successor` back. */
  graceMs: number;
  /** The new token pair, encrypted under a key only the presented token yields. */
  successor: string;
  /**
   * The identity the session's tokens carry from now on, when it changes (a reauthentication);
   * stored with the rotation, atomically.
   */
  identity?: AuthUser;
  /**
   * How many spent hashes the session may hold: a rotation that would add one more changes
   * nothing and answers `exhausted` (the caller ends the session).
   */
  historyLimit: number;
}

export type RotateResult =
  /** The presented token was the current one; it is now replaced. */
  | { status: 'rotated' }
  /** The token rotated just before, within the grace window: here is its successor again. */
  | { status: 'grace'; successor: string }
  /** An already rotated token came back: the session is now frozen, to be ended by the caller. */
  | { status: 'reused' }
  /** The session has been rotated as often as it may: nothing changed; it must end. */
  | { status: 'exhausted' }
  /** Unknown token, or no such session. */
  | { status: 'invalid' };

/**
 * The session registry. Refresh tokens appear in it only as hashes.
 *
 * `check` and `rotate` judge a presented token alike: the current one, the one rotated just
 * before (within the grace window), an older one (reuse), or none of the session's. On reuse
 * both freeze the session: from then on every token of it is answered `reused`, until the caller
 * has denylisted and deleted it, so a failure between those two steps leaves nothing refreshable.
 * `rotate` must be atomic: of concurrent rotations of one token exactly one gets `rotated`.
 *
 * `check` must cost the same for an unknown session id as for a wrong token of a live one (the
 * same round trips, the same script): otherwise its timing tells which ids are live.
 */
export interface SessionStore {
  create(session: SessionRecord, refreshHash: string): Promise<void>;
  check(request: CheckRequest): Promise<CheckResult>;
  rotate(request: RotateRequest): Promise<RotateResult>;
  get(sid: string): Promise<SessionRecord | null>;
  /** The user's live sessions (frozen ones included), oldest first; expired ones are pruned. */
  list(sub: string): Promise<SessionRecord[]>;
  /**
   * Deletes these sessions of the user, skipping ids that no longer exist. Never more than the
   * ids given: a session started meanwhile was not denylisted with them and must live on.
   */
  delete(sub: string, sids: readonly string[]): Promise<void>;
  /** Server-side data of a session (never in a token); false when the session does not exist. */
  setData(sid: string, data: Record<string, unknown>): Promise<boolean>;
  getData(sid: string): Promise<Record<string, unknown> | null>;
}

/** Injection token of the {@link SessionStore} in use. */
export const SessionStore = Symbol('nest-jwt-auth:SessionStore');
