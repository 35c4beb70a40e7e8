import fc from 'fast-check';
import { isCanonicalBase64url } from './canonical-base64url.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The definition: decoding and re-encoding gives the segment back. */
const roundTrips = (segment: string) =>
  Buffer.from(segment, 'base64url').toString('base64url') === segment;

describe('isCanonicalBase64url', () => {
  it('agrees with the round-trip definition on every base64url string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 90 }),
        (segment) => isCanonicalBase64url(segment) === roundTrips(segment),
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with it for every last character at every length modulo 4', () => {
    for (const prefix of ['', 'Q', 'QU', 'QUJ', 'QUJD']) {
      for (const last of ALPHABET) {
        const segment = prefix + last;
        expect([segment, isCanonicalBase64url(segment)]).toEqual([segment, roundTrips(segment)]);
      }
    }
  });

  it('accepts what Buffer encodes and refuses a flipped trailing bit', () => {
    for (const bytes of [1, 2, 3, 32, 64, 65, 66]) {
      const segment = Buffer.alloc(bytes, 0xa5).toString('base64url');
      expect(isCanonicalBase64url(segment)).toBe(true);
      if (bytes % 3 === 0) continue;
      const last = ALPHABET.indexOf(segment[segment.length - 1]);
      const flipped = segment.slice(0, -1) + ALPHABET[last ^ 1];
      expect(Buffer.from(flipped, 'base64url')).toEqual(Buffer.from(segment, 'base64url'));
      expect(isCanonicalBase64url(flipped)).toBe(false);
    }
  });
});
