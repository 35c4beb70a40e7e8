import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('seals a secret so that the stored form does not show it, and opens it again', () => {
    const sealed = cipher.seal(SECRET, 'user-1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(SECRET);
    expect(cipher.seal(SECRET, 'user-1')).not.toBe(sealed);
    expect(cipher.open(sealed, 'user-1')).toBe(SECRET);
  });

  it('does not open a secret sealed for another user, with another key, or altered', () => {
    const sealed = cipher.seal(SECRET, 'user-1');
    expect(() => cipher.open(sealed, 'user-2')).toThrow();
    expect(() => new SecretCipher(randomBytes(32)).open(sealed, 'user-1')).toThrow();
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.open(altered, 'user-1')).toThrow();
  });

  it('stores secrets as they are without a key, and still opens those once a key is set', () => {
    const plain = new SecretCipher(null);
    expect(plain.seal(SECRET, 'user-1')).toBe(SECRET);
    expect(cipher.open(SECRET, 'user-1')).toBe(SECRET);
    expect(() => plain.open(cipher.seal(SECRET, 'user-1'), 'user-1')).toThrow(
      /mfa\.totp\.encryptionKey is not set/,
    );
  });
});
