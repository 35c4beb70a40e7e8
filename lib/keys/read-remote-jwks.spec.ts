import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { AuthException } from '../errors/auth.exception.js';
import { type KeyIndex } from './key-index.js';
import { readRemoteJwks } from './read-remote-jwks.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const ed = generateKeyPairSync('ed25519').publicKey;

const jwk = (key: typeof rsa, extra: Record<string, unknown> = {}): JsonWebKey => ({
  ...key.export({ format: 'jwk' }),
  ...extra,
});

/** Reads `keys` as a JWK set, returning the index and the skip lines. */
function read(keys: unknown[]): { index: KeyIndex; skipped: string[] } {
  const skipped: string[] = [];
  const index = readRemoteJwks({ keys }, (line) => skipped.push(line));
  return { index, skipped };
}

/** What `readRemoteJwks` throws for `document`, and the lines it reported before. */
function refusal(document: unknown): { message: string; skipped: string[] } {
  const skipped: string[] = [];
  try {
    readRemoteJwks(document, (line) => skipped.push(line));
  } catch (error) {
    expect(error).not.toBeInstanceOf(AuthException);
    return { message: (error as Error).message, skipped };
  }
  throw new Error('expected the set to be refused');
}

/** The message a lookup answers, or 'ok'. */
function lookup(index: KeyIndex, kid: unknown, alg: string): string {
  try {
    index.select(kid, alg);
    return 'ok';
  } catch (error) {
    return (error as AuthException).message;
  }
}

describe('readRemoteJwks', () => {
  it.each([null, 'text', {}, { keys: 'no' }, { keys: {} }])(
    'refuses a document without a keys array: %p',
    (document) => {
      expect(refusal(document).message).toMatch(/no "keys" array/);
    },
  );

  describe('duplicate kids', () => {
    it('refuses the whole set when two usable keys share a kid', () => {
      const { message } = refusal({
        keys: [jwk(rsa, { kid: 'a' }), jwk(ec, { kid: 'b' }), jwk(ed, { kid: 'a' })],
      });
      expect(message).toBe('two keys have kid "a"');
    });

    it('refuses it also when the two keys are the same key', () => {
      expect(refusal({ keys: [jwk(rsa, { kid: 'a' }), jwk(rsa, { kid: 'a' })] }).message).toMatch(
        /two keys have kid "a"/,
      );
    });

    it('does not count a key that is left out anyway (use "enc")', () => {
      const { index, skipped } = read([jwk(rsa, { kid: 'a' }), jwk(ec, { kid: 'a', use: 'enc' })]);
      expect(lookup(index, 'a', 'RS256')).toBe('ok');
      expect(skipped).toEqual(['key #1 (kid "a"): it has use "enc", not "sig"']);
    });
  });

  describe('kid', () => {
    it('accepts a single key without kid, for tokens without kid', () => {
      const { index, skipped } = read([jwk(ec)]);
      expect(skipped).toEqual([]);
      expect(lookup(index, undefined, 'ES256')).toBe('ok');
    });

    it('reports a key without kid among several: no token can choose it', () => {
      const { index, skipped } = read([jwk(rsa, { kid: 'a' }), jwk(ec)]);
      expect(skipped).toEqual([
        'key #1 (no kid): it has no kid, and the set holds other keys, so no token can choose it',
      ]);
      expect(lookup(index, 'a', 'RS256')).toBe('ok');
      // Several keys: a token must name one, even though only one can be named.
      expect(lookup(index, undefined, 'ES256')).toMatch(/unknown key/);
      expect(lookup(index, undefined, 'RS256')).toMatch(/unknown key/);
    });

    it('refuses a set whose keys all lack a kid, since none can be chosen', () => {
      const { message, skipped } = refusal({ keys: [jwk(rsa), jwk(ec)] });
      expect(message).toMatch(/no usable signing key/);
      expect(skipped).toHaveLength(2);
    });
  });

  it('reports every key it leaves out with its reason, also when it then refuses the set', () => {
    const { message, skipped } = refusal({
      keys: [
        { kty: 'oct', kid: 'h', k: randomBytes(32).toString('base64url') },
        jwk(rsa, { kid: 'k', alg: 'ES256K' }),
        'junk',
        jwk(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, { kid: 'small' }),
      ],
    });
    expect(message).toBe('it holds no usable signing key');
    expect(skipped).toEqual([
      'key #0 (kid "h"): it is a symmetric key (kty "oct")',
      'key #1 (kid "k"): its alg "ES256K" is not supported',
      'key #2 (no kid): it is not a JSON object',
      'key #3 (kid "small"): the RSA key has 1024 bits; use at least 2048.',
    ]);
  });

  it('answers a token naming a left-out key with why, not with "unknown key"', () => {
    const { index } = read([
      jwk(rsa, { kid: 'good' }),
      jwk(ec, { kid: 'k256', alg: 'ES256K' }),
      jwk(ec, { kid: 'enc', use: 'enc' }),
    ]);
    expect(lookup(index, 'k256', 'ES256')).toMatch(/unsupported algorithm/);
    expect(lookup(index, 'enc', 'ES256')).toMatch(/publishes but that cannot verify/);
    expect(lookup(index, 'other', 'ES256')).toMatch(/unknown key/);
    expect(index.knows('k256')).toBe(true);
  });
});
