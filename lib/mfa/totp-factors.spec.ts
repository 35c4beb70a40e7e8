// TotpFactors under races an HTTP test cannot time: the factor removed between the check of a
// code and the replacement of the recovery codes; a second enrolment confirmed while the first
// confirmation is being saved.
import { jest } from '@jest/globals';
import { Secret, TOTP } from 'otpauth';
import { type TotpFactor } from './mfa-factor-store.interface.js';
import { MemoryMfaFactorStore } from './memory-mfa-factor-store.js';
import { MemoryMfaStateStore } from './memory-mfa-state-store.js';
import { type MfaModuleOptions } from './resolved-mfa-options.js';
import { TotpFactors } from './totp-factors.js';

/** A store whose factor disappears after `reads` reads, as if removed by another request. */
class VanishingStore extends MemoryMfaFactorStore {
  reads = 0;
  vanishAfter = Infinity;

  override async getTotp(sub: string): Promise<TotpFactor | null> {
    return ++this.reads > this.vanishAfter ? null : super.getTotp(sub);
  }
}

let now = Date.now();
const options = {
  mfa: { totp: { issuer: 'spec', recoveryCodes: 10, encryptionKey: null } },
  clock: () => now,
  loginThrottle: null,
} as unknown as MfaModuleOptions;
const codeOf = (secret: string) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now });

it('answers mfa_not_enrolled, not an internal error, when the factor went while codes were replaced', async () => {
  const store = new VanishingStore();
  const factors = new TotpFactors(options, store, new MemoryMfaStateStore());
  const { secret } = await factors.enrol('ann', 'ann');
  const code = () => codeOf(secret);
  await factors.confirm('ann', code());
  now += 30_000;
  // The proof's own reads find the factor; the read that follows finds it gone.
  store.vanishAfter = store.reads + 2;
  const saves = jest.spyOn(store, 'saveTotp');
  await expect(factors.regenerateRecoveryCodes('ann', code())).rejects.toMatchObject({
    code: 'mfa_not_enrolled',
  });
  // Nothing is saved back: no factor without a secret, no removed factor brought back.
  expect(saves).not.toHaveBeenCalled();
});

/** A store whose first save-if-absent waits until `release()`, as a slow write would. */
class SlowFirstSaveStore extends MemoryMfaFactorStore {
  // Declared before the gate that sets it: a later field declaration would reset it.
  release!: () => void;
  private gate: Promise<void> | undefined = new Promise((resolve) => (this.release = resolve));
  firstSaveStarted = false;

  override async saveTotpIfAbsent(sub: string, factor: TotpFactor): Promise<boolean> {
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      this.firstSaveStarted = true;
      await gate;
    }
    return super.saveTotpIfAbsent(sub, factor);
  }
}

it('keeps the factor of the confirmation saved first when a second enrolment races it', async () => {
  const store = new SlowFirstSaveStore();
  const factors = new TotpFactors(options, store, new MemoryMfaStateStore());
  const first = await factors.enrol('bo', 'bo');
  const firstConfirmation = factors.confirm('bo', codeOf(first.secret));
  while (!store.firstSaveStarted) await new Promise((resolve) => setImmediate(resolve));
  // The first enrolment is taken and its factor not saved yet: a second one starts and wins.
  now += 30_000;
  const second = await factors.enrol('bo', 'bo');
  const secondCodes = await factors.confirm('bo', codeOf(second.secret));
  store.release();
  await expect(firstConfirmation).rejects.toMatchObject({ code: 'mfa_already_enrolled' });
  const kept = await store.getTotp('bo');
  expect(kept!.secret).toBe(second.secret);
  expect(kept!.recoveryCodes).toHaveLength(secondCodes.length);
  expect(await factors.verify('bo', { recoveryCode: secondCodes[0] })).toBe('rc');
});
