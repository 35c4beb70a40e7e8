import { type AuthUser } from '../interfaces/auth-user.interface.js';

/** What the app records about a session at login, e.g. `{ userAgent, ip }`. */
export type SessionMetadata = Record<string, string>;

/** One session: a login, and every token pair refreshed from it. Times are epoch milliseconds. */
export interface SessionRecord {
  id: string;
  sub: string;
  /** What the session's access tokens say about the user: `sub`, `roles`, the app's claims. */
  identity: AuthUser;
  createdAt: number;
  lastRefreshedAt: number;
  /** When the current refresh token, and with it the session, expires. */
  expiresAt: number;
  metadata?: SessionMetadata;
}

/** A session as `GET /auth/sessions` and `AuthService.listSessions()` show it. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastRefreshedAt: string;
  expiresAt: string;
  metadata?: SessionMetadata;
}

/** The public view of a record: ISO times, no identity. */
export function toSessionInfo(record: SessionRecord): SessionInfo {
  return {
    id: record.id,
    createdAt: new Date(record.createdAt).toISOString(),
    lastRefreshedAt: new Date(record.lastRefreshedAt).toISOString(),
    expiresAt: new Date(record.expiresAt).toISOString(),
    ...(record.metadata ? { metadata: record.metadata } : {}),
  };
}
