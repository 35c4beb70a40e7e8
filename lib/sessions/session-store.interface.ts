import { type SessionRecord } from './session.interface.js';

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
}

export type RotateResult =
  /** The presented token was the current one; it is now replaced. */
  | { status: 'rotated' }
  /** The token rotated just before, within the grace window: here is its successor again. */
  | { status: 'grace'; successor: string }
  /** An already rotated token came back: the session has been deleted. */
  | { status: 'reused' }
  /** Unknown token, or no such session. */
  | { status: 'invalid' };

/**
 * The session registry. Refresh tokens appear in it only as hashes. `rotate` must be atomic:
 * of concurrent rotations of one token exactly one gets `rotated`.
 */
export interface SessionStore {
  create(session: SessionRecord, refreshHash: string): Promise<void>;
  rotate(request: RotateRequest): Promise<RotateResult>;
  get(sid: string): Promise<SessionRecord | null>;
  /** The user's live sessions, oldest first; expired ones are pruned on the way. */
  list(sub: string): Promise<SessionRecord[]>;
  /** Deletes one session; false when it did not exist. */
  delete(sub: string, sid: string): Promise<boolean>;
  /** Deletes every session of the user and returns their ids. */
  deleteAll(sub: string): Promise<string[]>;
  /** Server-side data of a session (never in a token); false when the session does not exist. */
  setData(sid: string, data: Record<string, unknown>): Promise<boolean>;
  getData(sid: string): Promise<Record<string, unknown> | null>;
}

/** Injection token of the {@link SessionStore} in use. */
export const SessionStore = Symbol('nest-jwt-auth:SessionStore');
