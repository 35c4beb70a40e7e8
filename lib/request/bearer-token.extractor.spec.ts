import fc from 'fast-check';
import { extractBearerToken } from './bearer-token.extractor.js';

const of = (authorization?: unknown) => extractBearerToken({ headers: { authorization } });

/** RFC 7235 read as a pattern: the scheme in any case, then the whole trimmed rest. */
function expected(header: string): string | null {
  const match = /^bearer\s([\s\S]*)$/i.exec(header.trim());
  const token = match?.[1].trim();
  return token ? token : null;
}

describe('extractBearerToken', () => {
  it('reads the token of the usual form, and of any case and spacing', () => {
    expect(of('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(of('bearer abc')).toBe('abc');
    expect(of('  BEARER \t abc  ')).toBe('abc');
    expect(of('Bearer\tabc')).toBe('abc');
  });

  it('keeps what follows the token, so that it fails verification', () => {
    expect(of('Bearer abc extra')).toBe('abc extra');
    expect(of('Bearer abc\u00a0')).toBe('abc');
  });

  it('finds nothing without a Bearer credential', () => {
    for (const header of [
      undefined,
      42,
      '',
      'Bearer',
      'Bearer ',
      'Bearer  \t',
      'Basic abc',
      'Bearerabc',
      'Bearer2 abc',
    ]) {
      expect(of(header)).toBeNull();
    }
  });

  it('answers the usual form as the general rule does, whatever the header', () => {
    const header = fc.oneof(
      fc.string(),
      fc.string().map((rest) => `Bearer ${rest}`),
      fc
        .tuple(
          fc.constantFrom('', ' ', '\t', '\u00a0'),
          fc.string(),
          fc.constantFrom('', ' ', '\u2028'),
        )
        .map(([before, token, after]) => `Bearer ${before}${token}${after}`),
    );
    fc.assert(
      fc.property(header, (value) => of(value) === expected(value)),
      { numRuns: 2000 },
    );
  });
});
