import { type AuthJwk, type AuthKey } from '../keys/import-key.js';
import { addKey, promoteKey, retireKey } from './key-edits.js';
import { loadKeys } from './load-keys.js';
import { newKey } from './new-key.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const kidsOf = (entries: readonly AuthKey[]) => entries.map((entry) => entry.kid);
const signerOf = (entries: readonly AuthKey[]) => loadKeys(entries).signingKey.kid;
const privateMembersOf = (entry: AuthKey) =>
  PRIVATE_MEMBERS.filter((member) => member in (entry as AuthJwk));

describe('key edits', () => {
  const current = newKey('ES256', 'current');
  const next = newKey('EdDSA', 'next');

  describe('addKey', () => {
    it('adds a key that verifies but does not sign', () => {
      const entries = addKey([current], next);
      expect(kidsOf(entries)).toEqual(['current', 'next']);
      expect(signerOf(entries)).toBe('current');
      expect(loadKeys(entries).keyFor('next').verifyKey.type).toBe('public');
    });

    it('refuses a kid that is taken, with the module message', () => {
      expect(() => addKey([current], { ...next, kid: 'current' })).toThrow(
        /two keys have kid "current"/,
      );
    });
  });

  describe('promoteKey', () => {
    it('makes the key sign and keeps the old signing key public-only, still verifying', () => {
      const entries = promoteKey([current, next], 'next');
      expect(kidsOf(entries)).toEqual(['next', 'current']);
      expect(signerOf(entries)).toBe('next');
      expect(privateMembersOf(entries[1])).toEqual([]);
      const old = loadKeys(entries).keyFor('current');
      expect(old.signKey).toBeUndefined();
      expect(old.verifyKey.export({ format: 'jwk' })).toEqual(
        loadKeys([current]).signingKey.verifyKey.export({ format: 'jwk' }),
      );
    });

    it('keeps a demoted secret whole: it cannot verify without k', () => {
      const secret = newKey('HS256', 'secret');
      const entries = promoteKey([secret, next], 'next');
      expect(entries[1]).toEqual(secret);
      expect(signerOf(entries)).toBe('next');
    });

    it('leaves other keys as they are', () => {
      const staged = newKey('ES256', 'staged');
      const entries = promoteKey([current, next, staged], 'next');
      expect(entries[2]).toEqual(staged);
    });

    it('refuses a key with no private material, and an unknown kid', () => {
      const publicOnly = promoteKey([current, next], 'next')[1];
      expect(() => promoteKey([next, publicOnly], 'current')).toThrow(
        /key "current" holds no private material/,
      );
      expect(() => promoteKey([current], 'nope')).toThrow(
        /no key has kid "nope" \(the kids are "current"\)/,
      );
    });
  });

  describe('retireKey', () => {
    it('removes a verifying key', () => {
      const entries = retireKey(promoteKey([current, next], 'next'), 'current');
      expect(kidsOf(entries)).toEqual(['next']);
    });

    it('refuses to remove the only key that can sign, saying what to do instead', () => {
      const rotated = promoteKey([current, next], 'next');
      expect(() => retireKey(rotated, 'next')).toThrow(
        /key "next" signs the tokens and no other key can.*Rotate first/,
      );
      expect(() => retireKey([current], 'current')).toThrow(/no other key can/);
    });

    it('removes the signing key when another private key can take over', () => {
      const entries = retireKey([current, next], 'current');
      expect(signerOf(entries)).toBe('next');
    });

    it('refuses an unknown kid', () => {
      expect(() => retireKey([current], 'nope')).toThrow(/no key has kid "nope"/);
    });
  });
});
