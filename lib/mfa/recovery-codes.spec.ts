import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';

describe('recovery codes', () => {
  it('are as many as asked, xxxxx-xxxxx of a base32 without look-alikes, all different', () => {
    const codes = newRecoveryCodes(50);
    expect(codes).toHaveLength(50);
    expect(new Set(codes).size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
  });

  it('are stored as a SHA-256 that never contains the code', () => {
    const [code] = newRecoveryCodes(1);
    const hash = hashRecoveryCode(code);
    expect(hash).toMatch(/^[\w-]{43}$/);
    expect(hash).not.toContain(code.replace('-', ''));
    expect(hashRecoveryCode(newRecoveryCodes(1)[0])).not.toBe(hash);
  });

  it('hash the same however they are typed: case, dashes and spaces do not matter', () => {
    const hash = hashRecoveryCode('7hq2k-x9m4d');
    expect(hashRecoveryCode('7HQ2K X9M4D')).toBe(hash);
    expect(hashRecoveryCode(' 7hq2kx9m4d ')).toBe(hash);
    expect(hashRecoveryCode('7hq2k-x9m4e')).not.toBe(hash);
  });
});
