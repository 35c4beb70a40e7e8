import { openSuccessor, sealSuccessor } from './successor-cipher.js';

describe('successor cipher', () => {
  const token = '00000000-0000-4000-8000-000000000001.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

  it('opens with the token it was sealed under', () => {
    expect(openSuccessor(sealSuccessor('{"pair":1}', token), token)).toBe('{"pair":1}');
  });

  it('does not contain the plaintext', () => {
    const secret = 'new-refresh-token-secret-part';
    expect(sealSuccessor(secret, token)).not.toContain(Buffer.from(secret).toString('base64url'));
  });

  it('refuses another token, a tampered box and garbage', () => {
    const sealed = sealSuccessor('{"pair":1}', token);
    expect(openSuccessor(sealed, `${token.slice(0, -1)}R`)).toBeNull();
    const tampered = Buffer.from(sealed, 'base64url');
    tampered[tampered.length - 1] ^= 1;
    expect(openSuccessor(tampered.toString('base64url'), token)).toBeNull();
    expect(openSuccessor('', token)).toBeNull();
  });
});
