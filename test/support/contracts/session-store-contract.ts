import { type SessionRecord } from '../../../lib/sessions/session.interface.js';
import {
  type RotateRequest,
  type SessionStore,
} from '../../../lib/sessions/session-store.interface.js';

let counter = 0;
function newSession(sub = 'ann', ttlMs = 60_000): SessionRecord {
  const now = Date.now();
  return {
    id: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    sub,
    identity: { sub, roles: ['user'], username: sub },
    createdAt: now,
    lastRefreshedAt: now,
    expiresAt: now + ttlMs,
  };
}

function rotation(
  session: SessionRecord,
  presented: string,
  next: string,
  extra: Partial<RotateRequest> = {},
): RotateRequest {
  const now = Date.now();
  return {
    sub: session.sub,
    sid: session.id,
    presentedHash: presented,
    nextHash: next,
    now,
    expiresAt: now + 60_000,
    graceMs: 0,
    successor: `sealed-${next}`,
    historyLimit: 64,
    ...extra,
  };
}

/** What every SessionStore does: run by the spec of each implementation. */
export function describeSessionStoreContract(name: string, makeStore: () => SessionStore): void {
  describe(name, () => {
    let store: SessionStore;

    beforeEach(() => {
      store = makeStore();
    });

    it('creates, gets and lists sessions, oldest first', async () => {
      const sub = `list-${counter}`;
      const a = { ...newSession(sub), metadata: { userAgent: 'ua' } };
      const b = { ...newSession(sub), createdAt: a.createdAt + 1 };
      await store.create(b, 'hash-b');
      await store.create(a, 'hash-a');
      expect(await store.get(a.id)).toEqual(a);
      expect((await store.list(sub)).map((s) => s.id)).toEqual([a.id, b.id]);
      expect(await store.list('nobody')).toEqual([]);
    });

    it('rotates the current token once; the next rotation needs the new one', async () => {
      const session = newSession();
      await store.create(session, 'h1');
      expect(await store.rotate(rotation(session, 'h1', 'h2'))).toEqual({ status: 'rotated' });
      expect(await store.rotate(rotation(session, 'h2', 'h3'))).toEqual({ status: 'rotated' });
      expect((await store.get(session.id))?.lastRefreshedAt).toBeGreaterThanOrEqual(
        session.createdAt,
      );
    });

    it('answers exhausted, changing nothing, to the rotation past the history limit', async () => {
      const session = newSession();
      await store.create(session, 'h0');
      for (let i = 0; i < 3; i++) {
        expect(
          await store.rotate(rotation(session, `h${i}`, `h${i + 1}`, { historyLimit: 3 })),
        ).toEqual({ status: 'rotated' });
      }
      expect(await store.rotate(rotation(session, 'h3', 'h4', { historyLimit: 3 }))).toEqual({
        status: 'exhausted',
      });
      // Nothing changed: h3 is still current, and every spent token still reads as reuse.
      expect(
        await store.check({ sid: session.id, presentedHash: 'h3', now: Date.now(), graceMs: 0 }),
      ).toMatchObject({ status: 'current' });
      expect(await store.rotate(rotation(session, 'h0', 'h9', { historyLimit: 3 }))).toEqual({
        status: 'reused',
      });
    });

    it('gives exactly one of 20 concurrent rotations of one token', async () => {
      const session = newSession();
      await store.create(session, 'h1');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.rotate(rotation(session, 'h1', `next-${i}`))),
      );
      expect(results.filter((r) => r.status === 'rotated')).toHaveLength(1);
    });

    it('reports reuse of a rotated token and freezes the session until it is deleted', async () => {
      const session = newSession();
      await store.create(session, 'h1');
      await store.rotate(rotation(session, 'h1', 'h2'));
      expect(await store.rotate(rotation(session, 'h1', 'h9'))).toEqual({ status: 'reused' });
      // Frozen, not gone: the caller denylists it before deleting it.
      expect(await store.get(session.id)).toEqual(expect.objectContaining({ id: session.id }));
      expect(await store.rotate(rotation(session, 'h2', 'h3'))).toEqual({ status: 'reused' });
      expect(await store.rotate(rotation(session, 'made-up', 'h3'))).toEqual({ status: 'invalid' });
      await store.delete(session.sub, [session.id]);
      expect(await store.rotate(rotation(session, 'h2', 'h3'))).toEqual({ status: 'invalid' });
    });

    it('checks a presented token without rotating it', async () => {
      const session = newSession();
      const check = (presentedHash: string, graceMs = 0, now = Date.now()) =>
        store.check({ sid: session.id, presentedHash, now, graceMs });
      await store.create(session, 'h1');
      expect(await check('h1')).toEqual({ status: 'current', session });
      expect(await check('h1')).toEqual({ status: 'current', session });
      expect(await check('made-up')).toEqual({ status: 'invalid' });
      const first = rotation(session, 'h1', 'h2', { graceMs: 1000 });
      await store.rotate(first);
      expect(await check('h1', 1000, first.now + 999)).toEqual({
        status: 'grace',
        session: expect.objectContaining({ id: session.id, lastRefreshedAt: first.now }),
        successor: 'sealed-h2',
      });
      expect(await check('h2')).toMatchObject({ status: 'current' });
      expect(await check('h1')).toMatchObject({ status: 'reused', session: { id: session.id } });
      expect(await check('h2')).toMatchObject({ status: 'reused' });
      expect(await store.rotate(rotation(session, 'h2', 'h3'))).toEqual({ status: 'reused' });
    });

    it('answers an unknown session id as invalid', async () => {
      const unknown = newSession();
      expect(
        await store.check({ sid: unknown.id, presentedHash: 'h1', now: Date.now(), graceMs: 0 }),
      ).toEqual({ status: 'invalid' });
    });

    it('calls an unknown hash invalid without touching the session', async () => {
      const session = newSession();
      await store.create(session, 'h1');
      expect(await store.rotate(rotation(session, 'made-up', 'h2'))).toEqual({ status: 'invalid' });
      expect(await store.rotate(rotation(session, 'h1', 'h2'))).toEqual({ status: 'rotated' });
    });

    it('hands back the successor of the previous token within the grace window only', async () => {
      const session = newSession();
      await store.create(session, 'h1');
      const first = rotation(session, 'h1', 'h2', { graceMs: 1000 });
      await store.rotate(first);
      expect(
        await store.rotate(rotation(session, 'h1', 'h9', { graceMs: 1000, now: first.now + 999 })),
      ).toEqual({
        status: 'grace',
        successor: 'sealed-h2',
      });
      expect(
        await store.rotate(rotation(session, 'h1', 'h9', { graceMs: 1000, now: first.now + 1000 })),
      ).toEqual({
        status: 'reused',
      });
    });

    it('deletes the given sessions of a user, and only those', async () => {
      const sub = `del-${counter}`;
      const [a, b, c] = [newSession(sub), newSession(sub), newSession(sub)];
      for (const s of [a, b, c]) await store.create(s, `h-${s.id}`);
      await store.delete(sub, [a.id]);
      await store.delete(sub, [a.id]);
      await store.delete('someone-else', [b.id]);
      await store.delete(sub, []);
      expect((await store.list(sub)).map((s) => s.id).sort()).toEqual([b.id, c.id].sort());
      await store.delete(sub, [b.id, c.id]);
      expect(await store.list(sub)).toEqual([]);
      expect(await store.get(b.id)).toBeNull();
    });

    it('keeps session data with live sessions only', async () => {
      const session = newSession();
      await store.create(session, 'h1');
      expect(await store.getData(session.id)).toBeNull();
      expect(await store.setData(session.id, { n: 1 })).toBe(true);
      expect(await store.getData(session.id)).toEqual({ n: 1 });
      await store.delete(session.sub, [session.id]);
      expect(await store.setData(session.id, { n: 2 })).toBe(false);
      expect(await store.getData(session.id)).toBeNull();
    });

    it('forgets expired sessions', async () => {
      const sub = `exp-${counter}`;
      const session = newSession(sub, 100);
      await store.create(session, 'h1');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await store.get(session.id)).toBeNull();
      expect(await store.list(sub)).toEqual([]);
      expect(await store.rotate(rotation(session, 'h1', 'h2'))).toEqual({ status: 'invalid' });
    });
  });
}
