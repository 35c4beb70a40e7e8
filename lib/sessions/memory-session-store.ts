import { type SessionRecord } from './session.interface.js';
import {
  type CheckRequest,
  type CheckResult,
  type RotateRequest,
  type RotateResult,
  type SessionStore,
} from './session-store.interface.js';

/** A full sweep every this many logins keeps abandoned sessions from piling up. */
const SWEEP_EVERY = 1000;

interface StoredSession {
  record: SessionRecord;
  currentHash: string;
  previousHash?: string;
  rotatedAt?: number;
  successor?: string;
  usedHashes: Set<string>;
  /** A rotated token came back: nothing of this session rotates any more. */
  reused?: boolean;
  data?: Record<string, unknown>;
}

/** What a presented hash is to a session; see {@link SessionStore}. */
type Judgement = Exclude<CheckResult['status'], 'grace'> | { grace: string };

/**
 * A {@link SessionStore} in process memory: one instance only, forgotten on restart. Every method
 * runs synchronously to its end, which makes `rotate` atomic.
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly byUser = new Map<string, Set<string>>();
  private creates = 0;

  async create(session: SessionRecord, refreshHash: string): Promise<void> {
    this.sessions.set(session.id, {
      record: { ...session },
      currentHash: refreshHash,
      usedHashes: new Set(),
    });
    const ids = this.byUser.get(session.sub) ?? new Set<string>();
    ids.add(session.id);
    this.byUser.set(session.sub, ids);
    this.prune(session.sub);
    if (++this.creates % SWEEP_EVERY === 0) {
      for (const sid of [...this.sessions.keys()]) this.live(sid);
    }
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    const stored = this.live(request.sid);
    const judgement = stored ? this.judge(stored, request) : 'invalid';
    if (!stored || judgement === 'invalid') return { status: 'invalid' };
    const session = { ...stored.record };
    if (typeof judgement === 'object') {
      return { status: 'grace', session, successor: judgement.grace };
    }
    return { status: judgement, session };
  }

  async rotate(request: RotateRequest): Promise<RotateResult> {
    const stored = this.live(request.sid);
    if (!stored || stored.record.sub !== request.sub) return { status: 'invalid' };
    const judgement = this.judge(stored, request);
    if (typeof judgement === 'object') return { status: 'grace', successor: judgement.grace };
    if (judgement !== 'current') return { status: judgement };
    if (stored.usedHashes.size >= request.historyLimit) return { status: 'exhausted' };
    stored.usedHashes.add(stored.currentHash);
    stored.previousHash = stored.currentHash;
    stored.rotatedAt = request.now;
    stored.successor = request.successor;
    stored.currentHash = request.nextHash;
    stored.record.lastRefreshedAt = request.now;
    stored.record.expiresAt = request.expiresAt;
    if (request.identity) stored.record.identity = request.identity;
    return { status: 'rotated' };
  }

  /** The same rules as the Redis store's script, reuse freezing the session included. */
  private judge(stored: StoredSession, request: CheckRequest): Judgement {
    const presented = request.presentedHash;
    if (!stored.reused) {
      if (stored.currentHash === presented) return 'current';
      if (
        stored.previousHash === presented &&
        request.graceMs > 0 &&
        request.now - (stored.rotatedAt ?? 0) < request.graceMs
      ) {
        return { grace: stored.successor ?? '' };
      }
    }
    if (stored.currentHash === presented || stored.usedHashes.has(presented)) {
      stored.reused = true;
      return 'reused';
    }
    return 'invalid';
  }

  async get(sid: string): Promise<SessionRecord | null> {
    const stored = this.live(sid);
    return stored ? { ...stored.record } : null;
  }

  async list(sub: string): Promise<SessionRecord[]> {
    this.prune(sub);
    return [...(this.byUser.get(sub) ?? [])]
      .map((sid) => ({ ...this.sessions.get(sid)!.record }))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async delete(sub: string, sids: readonly string[]): Promise<void> {
    for (const sid of sids) {
      if (this.sessions.get(sid)?.record.sub === sub) this.remove(sub, sid);
    }
  }

  async setData(sid: string, data: Record<string, unknown>): Promise<boolean> {
    const stored = this.live(sid);
    if (!stored) return false;
    stored.data = structuredClone(data);
    return true;
  }

  async getData(sid: string): Promise<Record<string, unknown> | null> {
    const data = this.live(sid)?.data;
    return data ? structuredClone(data) : null;
  }

  private live(sid: string): StoredSession | undefined {
    const stored = this.sessions.get(sid);
    if (stored && stored.record.expiresAt <= Date.now()) {
      this.remove(stored.record.sub, sid);
      return undefined;
    }
    return stored;
  }

  private prune(sub: string): void {
    for (const sid of this.byUser.get(sub) ?? []) this.live(sid);
  }

  private remove(sub: string, sid: string): void {
    this.sessions.delete(sid);
    const ids = this.byUser.get(sub);
    ids?.delete(sid);
    if (ids?.size === 0) this.byUser.delete(sub);
  }
}
