import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AuthException } from '../errors/auth.exception.js';
import { type JoseAlgorithm } from './jose-algorithm.js';
import { type JoseKey } from './jose-key.js';
import { type KeyEntry, KeyIndex, unsupportedAlgorithm } from './key-index.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;

function entry(kid: string | undefined, key: KeyObject, ...algs: JoseAlgorithm[]): KeyEntry {
  return algs.map((alg): JoseKey => ({ kid, alg, verifyKey: key }));
}

/** The message of the token_invalid error `fn` throws; fails when it throws none. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    expect((error as AuthException).code).toBe('token_invalid');
    return (error as AuthException).message;
  }
  throw new Error('expected a refusal, but none was thrown');
}

describe('KeyIndex', () => {
  const multi = new KeyIndex(
    [entry('rsa', rsa, 'RS256', 'PS512'), entry('ec', ec, 'ES256')],
    new Map([['weird', unsupportedAlgorithm()]]),
  );

  it('finds the key by kid, bound to the algorithm the token names', () => {
    expect(multi.select('rsa', 'PS512')).toMatchObject({ kid: 'rsa', alg: 'PS512' });
    expect(multi.select('rsa', 'RS256')).toMatchObject({ kid: 'rsa', alg: 'RS256' });
    expect(multi.select('ec', 'ES256').verifyKey).toBe(ec);
  });

  it('refuses an algorithm the key does not accept, HMAC and none included', () => {
    for (const alg of ['RS384', 'HS256', 'ES256']) {
      expect(refusal(() => multi.select('rsa', alg))).toMatch(/algorithm does not match its key/);
    }
    expect(refusal(() => multi.select('rsa', 'none'))).toMatch(/unsupported algorithm/);
  });

  it('says "unsupported algorithm" for an algorithm nothing here implements, whatever the kid', () => {
    for (const alg of ['none', 'ES256K', 'RS1', undefined, 42]) {
      expect(refusal(() => multi.select('nobody', alg))).toMatch(/unsupported algorithm/);
    }
  });

  it('answers a refused key with its own error, an unknown kid with "unknown key"', () => {
    expect(refusal(() => multi.select('weird', 'RS256'))).toMatch(/unsupported algorithm/);
    expect(refusal(() => multi.select('nobody', 'RS256'))).toMatch(/unknown key \(kid\)/);
    expect(multi.knows('weird')).toBe(true);
    expect(multi.knows('nobody')).toBe(false);
  });

  it.each([['__proto__'], ['constructor'], [42], [null], [{ kid: 'rsa' }]])(
    'knows no key for kid %p',
    (kid) => {
      expect(multi.knows(kid)).toBe(false);
      expect(refusal(() => multi.select(kid, 'RS256'))).toMatch(/unknown key/);
    },
  );

  describe('a token without kid', () => {
    it('uses the one key of a single-key set, whether that key has a kid or not', () => {
      for (const kid of [undefined, 'only']) {
        const single = new KeyIndex([entry(kid, rsa, 'RS256', 'PS256')]);
        expect(single.knows(undefined)).toBe(true);
        expect(single.select(undefined, 'PS256')).toMatchObject({ kid, alg: 'PS256' });
      }
    });

    it('is refused by a set of several keys: it must name one', () => {
      expect(multi.knows(undefined)).toBe(false);
      expect(refusal(() => multi.select(undefined, 'RS256'))).toMatch(/unknown key/);
    });
  });

  it('never lets a token with a kid choose a key published without one', () => {
    const anonymous = new KeyIndex([entry(undefined, rsa, 'RS256')]);
    expect(refusal(() => anonymous.select('any', 'RS256'))).toMatch(/unknown key/);
  });
});
