import { type RedisConnection } from '../store/redis-connection.js';
import {
  CHECK_SESSION,
  CREATE_SESSION,
  DELETE_SESSIONS,
  ROTATE_SESSION,
  SET_SESSION_DATA,
} from './redis-session.scripts.js';
import { type SessionRecord } from './session.interface.js';
import {
  type CheckRequest,
  type CheckResult,
  type RotateRequest,
  type RotateResult,
  type SessionStore,
} from './session-store.interface.js';

type ScriptRunner = (...keysThenArgs: (string | number)[]) => Promise<unknown>;

/**
 * A {@link SessionStore} in Redis. Per user (all in the `{sub}` hash slot):
 * `<prefix>{<sub>}:sessions` (sorted set of session ids by expiry),
 * `<prefix>{<sub>}:session:<sid>` (hash) and `<prefix>{<sub>}:session:<sid>:spent` (sorted set:
 * hashes of the rotated refresh tokens, for reuse detection). `<prefix>session-owner:<sid>` maps a session id
 * to its user. Every key expires with what it describes.
 */
export class RedisSessionStore implements SessionStore {
  private readonly scripts: Record<
    'create' | 'check' | 'rotate' | 'deleteSessions' | 'setData',
    (keys: string[], args: (string | number)[]) => Promise<unknown>
  >;

  constructor(private readonly connection: RedisConnection) {
    const client = connection.client;
    const define = (name: string, lua: string) => {
      const command = `nestJwtAuth_${name}`;
      if (!(command in client)) client.defineCommand(command, { lua });
      return (keys: string[], args: (string | number)[]) =>
        (client as unknown as Record<string, ScriptRunner>)[command](keys.length, ...keys, ...args);
    };
    this.scripts = {
      create: define('create', CREATE_SESSION),
      check: define('check', CHECK_SESSION),
      rotate: define('rotate', ROTATE_SESSION),
      deleteSessions: define('deleteSessions', DELETE_SESSIONS),
      setData: define('setData', SET_SESSION_DATA),
    };
  }

  async create(session: SessionRecord, refreshHash: string): Promise<void> {
    const fields: (string | number)[] = [
      'sub',
      session.sub,
      'identity',
      JSON.stringify(session.identity),
      'createdAt',
      session.createdAt,
      'lastRefreshedAt',
      session.lastRefreshedAt,
      'expiresAt',
      session.expiresAt,
      'rt',
      refreshHash,
    ];
    if (session.metadata) fields.push('metadata', JSON.stringify(session.metadata));
    await Promise.all([
      this.scripts.create(
        [this.sessionKey(session.sub, session.id), this.userKey(session.sub)],
        [session.id, session.expiresAt, session.createdAt, ...fields],
      ),
      this.connection.client.set(this.ownerKey(session.id), session.sub, 'PXAT', session.expiresAt),
    ]);
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    const { sid } = request;
    // An unknown id runs the same script, so that its answer takes as long as the one to a wrong
    // token of a live session. Without an owner key the session exists under no user; the id
    // stands in for the user, keeping both keys in one Cluster slot.
    const sub = (await this.connection.client.get(this.ownerKey(sid))) ?? sid;
    const [status, successor, fields] = (await this.scripts.check(
      [this.sessionKey(sub, sid), this.spentKey(sub, sid)],
      [request.presentedHash, request.now, request.graceMs],
    )) as [CheckResult['status'], string?, string[]?];
    const session = status === 'invalid' ? null : toRecord(sid, pairs(fields ?? []));
    if (!session) return { status: 'invalid' };
    if (status === 'grace') return { status, session, successor: successor ?? '' };
    return { status, session };
  }

  async rotate(request: RotateRequest): Promise<RotateResult> {
    const { sub, sid } = request;
    const [status, successor] = (await this.scripts.rotate(
      [this.sessionKey(sub, sid), this.spentKey(sub, sid), this.userKey(sub)],
      [
        request.presentedHash,
        request.nextHash,
        request.now,
        request.graceMs,
        request.expiresAt,
        request.successor,
        sid,
        request.identity ? JSON.stringify(request.identity) : '',
        request.historyLimit,
      ],
    )) as [RotateResult['status'], string?];
    if (status === 'rotated') {
      await this.connection.client.pexpireat(this.ownerKey(sid), request.expiresAt);
    }
    return status === 'grace' ? { status, successor: successor ?? '' } : { status };
  }

  async get(sid: string): Promise<SessionRecord | null> {
    const sub = await this.connection.client.get(this.ownerKey(sid));
    if (sub === null) return null;
    return this.read(sub, sid);
  }

  async list(sub: string): Promise<SessionRecord[]> {
    const client = this.connection.client;
    await client.zremrangebyscore(this.userKey(sub), '-inf', Date.now());
    const ids = await client.zrange(this.userKey(sub), '0', '-1');
    const records = await Promise.all(ids.map((sid) => this.read(sub, sid)));
    return records
      .filter((record): record is SessionRecord => record !== null)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async delete(sub: string, sids: readonly string[]): Promise<void> {
    if (sids.length === 0) return;
    const keys = [this.userKey(sub)];
    for (const sid of sids) keys.push(this.sessionKey(sub, sid), this.spentKey(sub, sid));
    await Promise.all([
      this.scripts.deleteSessions(keys, [...sids]),
      // One DEL per owner key: on a cluster they live in different slots.
      ...sids.map((sid) => this.connection.client.del(this.ownerKey(sid))),
    ]);
  }

  async setData(sid: string, data: Record<string, unknown>): Promise<boolean> {
    const sub = await this.connection.client.get(this.ownerKey(sid));
    if (sub === null) return false;
    return (await this.scripts.setData([this.sessionKey(sub, sid)], [JSON.stringify(data)])) === 1;
  }

  async getData(sid: string): Promise<Record<string, unknown> | null> {
    const sub = await this.connection.client.get(this.ownerKey(sid));
    if (sub === null) return null;
    const json = await this.connection.client.hget(this.sessionKey(sub, sid), 'data');
    return json === null ? null : (JSON.parse(json) as Record<string, unknown>);
  }

  private async read(sub: string, sid: string): Promise<SessionRecord | null> {
    return toRecord(sid, await this.connection.client.hgetall(this.sessionKey(sub, sid)));
  }

  private userKey(sub: string): string {
    return `${this.connection.keyPrefix}{${sub}}:sessions`;
  }

  private sessionKey(sub: string, sid: string): string {
    return `${this.connection.keyPrefix}{${sub}}:session:${sid}`;
  }

  /** `:spent`, not the `:used` set of 0.1.0: a sorted set under that name would be the wrong type. */
  private spentKey(sub: string, sid: string): string {
    return `${this.sessionKey(sub, sid)}:spent`;
  }

  private ownerKey(sid: string): string {
    return `${this.connection.keyPrefix}session-owner:${sid}`;
  }
}

/** A session hash as a record; null when it is missing or expired. */
function toRecord(sid: string, hash: Record<string, string>): SessionRecord | null {
  if (!hash.sub || Number(hash.expiresAt) <= Date.now()) return null;
  return {
    id: sid,
    sub: hash.sub,
    identity: JSON.parse(hash.identity),
    createdAt: Number(hash.createdAt),
    lastRefreshedAt: Number(hash.lastRefreshedAt),
    expiresAt: Number(hash.expiresAt),
    ...(hash.metadata ? { metadata: JSON.parse(hash.metadata) } : {}),
  };
}

/** HGETALL's reply inside a script, `[field, value, ...]`, as an object. */
function pairs(flat: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]] = flat[i + 1];
  return hash;
}
