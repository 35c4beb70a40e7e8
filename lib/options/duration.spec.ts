import { toSeconds } from './duration.js';

describe('toSeconds', () => {
  it.each([
    [900, 900],
    ['900', 900],
    ['90s', 90],
    ['15m', 900],
    ['12h', 43200],
    ['7d', 604800],
    [' 5 m ', 300],
  ])('reads %p as %p seconds', (input, expected) => {
    expect(toSeconds(input)).toBe(expected);
  });

  it.each([0, -5, 1.5, '', 'soon', '15 minutes', '1w', '0m', '-1s', Number.NaN])(
    'refuses %p',
    (input) => {
      expect(toSeconds(input)).toBeUndefined();
    },
  );
});
