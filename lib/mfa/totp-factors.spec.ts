// TotpFactors under a race an HTTP test cannot time: the factor removed between the check of a
// code and the replacement of the recovery codes.
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

it('answers mfa_not_enrolled, not an internal error, when the factor went while codes were replaced', async () => {
  let now = Date.now();
  const options = {
    mfa: { totp: { issuer: 'spec', recoveryCodes: 10, encryptionKey: null } },
    clock: () => now,
    loginThrottle: null,
  } as unknown as MfaModuleOptions;
  const store = new VanishingStore();
  const factors = new TotpFactors(options, store, new MemoryMfaStateStore());
  const { secret } = await factors.enrol('ann', 'ann');
  const code = () => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now });
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
