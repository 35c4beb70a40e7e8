import {
  type AttemptCounter,
  type LoginAttemptStore,
} from '../../../lib/login-attempts/login-attempt-store.interface.js';

export const WINDOW = 900;
let counter = 0;
/** A key no other test uses. */
export const fresh = (label: string) => `${label}-${++counter}`;

/** What every LoginAttemptStore does: run by the spec of each implementation. */
export function describeLoginAttemptStoreContract(
  name: string,
  makeStore: () => LoginAttemptStore,
): void {
  describe(name, () => {
    let store: LoginAttemptStore;

    beforeEach(() => {
      store = makeStore();
    });

    /** How many of `times` reservations of `counters`, made one after another, are allowed. */
    async function allowedOf(counters: AttemptCounter[], times: number): Promise<number> {
      let allowed = 0;
      for (let i = 0; i < times; i++) {
        if ((await store.reserve(counters, WINDOW)).allowed) allowed++;
      }
      return allowed;
    }

    it('allows the limit, then refuses until the window ends, saying how long', async () => {
      const counters = [{ key: fresh('a'), limit: 3 }];
      expect(await allowedOf(counters, 3)).toBe(3);
      const refused = await store.reserve(counters, WINDOW);
      expect(refused.allowed).toBe(false);
      const { retryAfterSeconds } = refused as { retryAfterSeconds: number };
      expect(retryAfterSeconds).toBeGreaterThan(WINDOW - 5);
      expect(retryAfterSeconds).toBeLessThanOrEqual(WINDOW);
    });

    it('lets exactly the limit through a burst of 30 concurrent reservations', async () => {
      const counters = [
        { key: fresh('pair'), limit: 5 },
        { key: fresh('user'), limit: 100 },
      ];
      const results = await Promise.all(
        Array.from({ length: 30 }, () => store.reserve(counters, WINDOW)),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(5);
    });

    it('lets exactly the shared limit through 120 concurrent reservations under other keys', async () => {
      const ip = { key: fresh('ip'), limit: 20 };
      const results = await Promise.all(
        Array.from({ length: 120 }, () =>
          store.reserve([{ key: fresh('pair'), limit: 5 }, ip], WINDOW),
        ),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(20);
    });

    it('counts a refused attempt under none of its counters', async () => {
      const full = { key: fresh('full'), limit: 1 };
      const other = { key: fresh('other'), limit: 5 };
      expect(await allowedOf([full, other], 4)).toBe(1);
      // Only the allowed attempt counted under `other`: four more fit.
      expect(await allowedOf([other], 5)).toBe(4);
    });

    it('answers the longest wait of the counters at their limit', async () => {
      const short = { key: fresh('short'), limit: 1 };
      const long = { key: fresh('long'), limit: 1 };
      await store.reserve([short], 2);
      await store.reserve([long], WINDOW);
      const refused = await store.reserve([short, long], WINDOW);
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
      expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(2);
    });

    it('forgets the released pair and gives one attempt back to the shared counters', async () => {
      const pair = { key: fresh('pair'), limit: 2 };
      const shared = { key: fresh('shared'), limit: 3 };
      expect(await allowedOf([pair, shared], 2)).toBe(2);
      await store.release({ forget: [pair.key], refund: [shared.key] });
      // The pair starts over; the shared counter holds 1 of 3, so two more fit.
      expect(await allowedOf([pair, shared], 3)).toBe(2);
      expect(await allowedOf([pair], 1)).toBe(0);
    });

    it('never takes a counter below zero nor creates one by giving back', async () => {
      const key = fresh('missing');
      await store.release({ forget: [], refund: [key, key] });
      expect(await allowedOf([{ key, limit: 2 }], 3)).toBe(2);
      await store.release({ forget: [], refund: [key, key, key] });
      expect(await allowedOf([{ key, limit: 2 }], 3)).toBe(2);
    });

    it('starts a new window once the last one ended', async () => {
      const counters = [{ key: fresh('window'), limit: 1 }];
      expect((await store.reserve(counters, 1)).allowed).toBe(true);
      expect((await store.reserve(counters, 1)).allowed).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await store.reserve(counters, 1)).allowed).toBe(true);
    });
  });
}
