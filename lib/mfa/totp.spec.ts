import { Secret, TOTP } from 'otpauth';
import { newTotpSecret, SPENT_STEP_TTL_SECONDS, totpStepOf, totpUri } from './totp.js';

const secret = newTotpSecret();
const codeAt = (timestamp: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
/** The start of a 30-second step, so that ±15 s stays within it. */
const now = Math.floor(Date.now() / 30_000) * 30_000 + 15_000;
const step = now / 30_000 - 0.5;

describe('TOTP', () => {
  it('makes 160-bit base32 secrets, each new', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('gives the step of a code of now, or of one step either side (the window)', () => {
    expect(totpStepOf(secret, codeAt(now), now)).toBe(step);
    expect(totpStepOf(secret, codeAt(now - 30_000), now)).toBe(step - 1);
    expect(totpStepOf(secret, codeAt(now + 30_000), now)).toBe(step + 1);
  });

  it('refuses a code two steps away, a wrong code and another secret’s code', () => {
    expect(totpStepOf(secret, codeAt(now - 60_000), now)).toBeNull();
    expect(totpStepOf(secret, codeAt(now + 60_000), now)).toBeNull();
    const wrong = String((Number(codeAt(now)) + 1) % 1e6).padStart(6, '0');
    expect(totpStepOf(secret, wrong, now)).toBeNull();
    expect(totpStepOf(newTotpSecret(), codeAt(now), now)).toBeNull();
  });

  it('remembers a spent step for as long as some window can still accept its code', () => {
    // Accepted while now is within one step of it: three steps, plus the one it is in.
    expect(SPENT_STEP_TTL_SECONDS).toBeGreaterThanOrEqual(3 * 30);
  });

  it('writes the otpauth URI authenticator apps read, escaping issuer and label', () => {
    expect(totpUri(secret, 'My Shop', 'ann@example.com')).toBe(
      `otpauth://totp/My%20Shop:ann%40example.com?issuer=My%20Shop&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });
});
