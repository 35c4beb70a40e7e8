import { parseCommand, UsageError } from './parse-command.js';
import { thrown } from '../../test/support/auth-errors.js';

const parse = (line: string) => parseCommand(line.split(' ').filter(Boolean));

describe('parseCommand', () => {
  it.each([
    ['keys generate', { name: 'generate', alg: 'ES256', out: 'jwks.json', force: false }],
    [
      'keys generate --alg EdDSA --kid k1 --out a.json --force',
      { name: 'generate', alg: 'EdDSA', kid: 'k1', out: 'a.json', force: true },
    ],
    ['keys rotate a.json', { name: 'rotate', file: 'a.json' }],
    ['keys add a.json --alg RS256', { name: 'add', file: 'a.json', alg: 'RS256' }],
    ['keys promote a.json k2', { name: 'promote', file: 'a.json', kid: 'k2' }],
    [
      'keys retire a.json -- -starts-with-dash',
      { name: 'retire', file: 'a.json', kid: '-starts-with-dash' },
    ],
    ['keys public a.json', { name: 'public', file: 'a.json' }],
    ['--help', { name: 'help' }],
    ['keys rotate -h', { name: 'help' }],
  ])('reads "%s"', (line, command) => {
    expect(parse(line)).toEqual(command);
  });

  it.each([
    ['', /^no command given\.$/],
    ['key generate', /^unknown command "key"\.$/],
    ['keys', /^no keys command given\.$/],
    ['keys delete a.json', /^unknown command "keys delete"\.$/],
    ['keys generate a.json', /takes no operands, got 1/],
    ['keys rotate', /takes <file>, got 0/],
    ['keys retire a.json', /takes <file> <kid>, got 1/],
    ['keys retire a.json -abc', /Unknown option '-a'/],
    ['keys generate --alg none', /--alg "none" is not one of HS256, .*EdDSA\.$/],
    ['keys generate --alg', /'--alg <value>' argument missing/],
    ['keys generate --kid=', /^--kid is empty\.$/],
    ['keys rotate a.json --force', /^--force does not apply to "keys rotate"\.$/],
    ['keys public a.json --alg ES256', /^--alg does not apply to "keys public"\.$/],
    ['keys generate --bits 4096', /Unknown option '--bits'/],
  ])('refuses "%s" with a one-line reason', (line, reason) => {
    const error = thrown(() => parse(line), UsageError);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain('\n');
  });
});
