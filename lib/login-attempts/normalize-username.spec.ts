import { normalizeUsername } from './normalize-username.js';

describe('normalizeUsername', () => {
  it.each([
    [' Alice ', 'alice'],
    ['ALICE', 'alice'],
    ['Ａｌｉｃｅ', 'alice'], // fullwidth
    ['ⓐⓛⓘⓒⓔ', 'alice'], // circled
    ['\u3000alice\n', 'alice'], // ideographic space, newline
    ['ﬁona', 'fiona'], // ligature
    ['STRASSE', 'strasse'],
    ['straße', 'strasse'],
    ['ΟΔΥΣΣΕΥΣ', 'οδυσσευς'],
    ['οδυσσευσ', 'οδυσσευς'], // final sigma
  ])('%j → %j', (spelling, key) => {
    expect(normalizeUsername(spelling)).toBe(key);
  });

  it('keeps distinct names distinct, and what NFKC does not touch (zero-width space)', () => {
    expect(normalizeUsername('alice')).not.toBe(normalizeUsername('alicia'));
    expect(normalizeUsername('al\u200bice')).not.toBe('alice');
  });
});
