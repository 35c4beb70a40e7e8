import { type MfaFactorStore } from '../../../lib/mfa/mfa-factor-store.interface.js';
import { type MfaStateStore } from '../../../lib/mfa/mfa-state-store.interface.js';

let counter = 0;
/** An id no other test uses. */
const fresh = (label: string) => `${label}-${++counter}`;

const challenge = (sub: string) => ({
  user: { sub, roles: ['user'] },
  username: sub,
  metadata: { userAgent: 'jest' },
  expiresAt: 1_900_000_000_000,
});

/** What every MfaStateStore does: run by the spec of each implementation. */
export function describeMfaStateStoreContract(name: string, makeStore: () => MfaStateStore): void {
  describe(name, () => {
    let store: MfaStateStore;
    beforeEach(() => {
      store = makeStore();
    });

    it('gives a challenge back for its attempts, then deletes it on the one past the limit', async () => {
      const id = fresh('challenge');
      await store.putChallenge(id, challenge('user-a'), 60);
      for (let i = 0; i < 3; i++) {
        expect(await store.attemptChallenge(id, 3)).toEqual(challenge('user-a'));
      }
      expect(await store.attemptChallenge(id, 3)).toBeNull();
      expect(await store.takeChallenge(id)).toBe(false);
      expect(await store.attemptChallenge(fresh('unknown'), 3)).toBeNull();
    });

    it('counts a burst of attempts exactly: never more than the limit get the challenge', async () => {
      const id = fresh('challenge');
      await store.putChallenge(id, challenge('user-b'), 60);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.attemptChallenge(id, 4)),
      );
      expect(results.filter((result) => result !== null)).toHaveLength(4);
    });

    it('takes a challenge once, however many race', async () => {
      const id = fresh('challenge');
      await store.putChallenge(id, challenge('user-c'), 60);
      const taken = await Promise.all(Array.from({ length: 5 }, () => store.takeChallenge(id)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect(await store.attemptChallenge(id, 5)).toBeNull();
    });

    it('spends a TOTP step once, and no step before the last one spent', async () => {
      const sub = fresh('user');
      const spent = await Promise.all(
        Array.from({ length: 5 }, () => store.spendStep(sub, 100, 120)),
      );
      expect(spent.filter(Boolean)).toHaveLength(1);
      expect(await store.spendStep(sub, 99, 120)).toBe(false);
      expect(await store.spendStep(sub, 101, 120)).toBe(true);
      // Steps are the user's own: another user's step 100 is still unspent.
      expect(await store.spendStep(fresh('user'), 100, 120)).toBe(true);
    });

    it('keeps an enrolment until deleted, once however many race', async () => {
      const sub = fresh('user');
      expect(await store.getEnrolment(sub)).toBeNull();
      await store.putEnrolment(sub, 'SECRET', 60);
      expect(await store.getEnrolment(sub)).toBe('SECRET');
      const deleted = await Promise.all([1, 2, 3].map(() => store.deleteEnrolment(sub)));
      expect(deleted.filter(Boolean)).toHaveLength(1);
      expect(await store.getEnrolment(sub)).toBeNull();
    });
  });
}

/** What every MfaFactorStore does: run by the spec of each implementation. */
export function describeMfaFactorStoreContract(
  name: string,
  makeStore: () => MfaFactorStore,
): void {
  describe(name, () => {
    let store: MfaFactorStore;
    beforeEach(() => {
      store = makeStore();
    });

    it('saves, replaces and deletes a factor', async () => {
      const sub = fresh('user');
      expect(await store.getTotp(sub)).toBeNull();
      await store.saveTotp(sub, { secret: 'A', confirmedAt: 1000, recoveryCodes: ['h1', 'h2'] });
      expect(await store.getTotp(sub)).toEqual({
        secret: 'A',
        confirmedAt: 1000,
        recoveryCodes: expect.arrayContaining(['h1', 'h2']),
      });
      await store.saveTotp(sub, { secret: 'B', confirmedAt: 2000, recoveryCodes: ['h3'] });
      expect(await store.getTotp(sub)).toEqual({
        secret: 'B',
        confirmedAt: 2000,
        recoveryCodes: ['h3'],
      });
      await store.deleteTotp(sub);
      expect(await store.getTotp(sub)).toBeNull();
    });

    it('saves a factor only where none is, once however many race', async () => {
      const sub = fresh('user');
      const factor = (secret: string) => ({
        secret,
        confirmedAt: 1,
        recoveryCodes: [`${secret}1`],
      });
      const saved = await Promise.all(
        ['A', 'B', 'C', 'D', 'E'].map((secret) => store.saveTotpIfAbsent!(sub, factor(secret))),
      );
      expect(saved.filter(Boolean)).toHaveLength(1);
      const winner = ['A', 'B', 'C', 'D', 'E'][saved.indexOf(true)];
      expect(await store.getTotp(sub)).toEqual(factor(winner));
      expect(await store.saveTotpIfAbsent!(sub, factor('F'))).toBe(false);
      expect((await store.getTotp(sub))!.secret).toBe(winner);
      await store.deleteTotp(sub);
      expect(await store.saveTotpIfAbsent!(sub, factor('G'))).toBe(true);
      expect(await store.getTotp(sub)).toEqual(factor('G'));
    });

    it('spends a recovery code once, however many race, and only its own user’s', async () => {
      const sub = fresh('user');
      await store.saveTotp(sub, { secret: 'A', confirmedAt: 1, recoveryCodes: ['h1', 'h2'] });
      expect(await store.useRecoveryCode(fresh('user'), 'h1')).toBe(false);
      const used = await Promise.all(
        Array.from({ length: 5 }, () => store.useRecoveryCode(sub, 'h1')),
      );
      expect(used.filter(Boolean)).toHaveLength(1);
      expect((await store.getTotp(sub))!.recoveryCodes).toEqual(['h2']);
      expect(await store.useRecoveryCode(sub, 'unknown')).toBe(false);
    });

    it('does not let a caller change the stored factor through what it got', async () => {
      const sub = fresh('user');
      await store.saveTotp(sub, { secret: 'A', confirmedAt: 1, recoveryCodes: ['h1'] });
      (await store.getTotp(sub))!.recoveryCodes.push('forged');
      expect((await store.getTotp(sub))!.recoveryCodes).toEqual(['h1']);
    });
  });
}
