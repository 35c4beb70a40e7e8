import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-write.js';

describe('writeFileAtomically', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'atomic-write-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('writes mode 0600 whatever the umask, leaving no temporary file', () => {
    const umask = process.umask(0);
    try {
      writeFileAtomically(join(directory, 'new.json'), 'one', false);
      writeFileSync(join(directory, 'open.json'), 'old', { mode: 0o666 });
      writeFileAtomically(join(directory, 'open.json'), 'two', true);
    } finally {
      process.umask(umask);
    }
    expect(modeOf(join(directory, 'new.json'))).toBe(0o600);
    expect(modeOf(join(directory, 'open.json'))).toBe(0o600);
    expect(readFileSync(join(directory, 'open.json'), 'utf8')).toBe('two');
    expect(readdirSync(directory).sort()).toEqual(['new.json', 'open.json']);
  });

  it('without replace, refuses an existing file (EEXIST) and leaves it as it was', () => {
    const path = join(directory, 'jwks.json');
    writeFileSync(path, 'keep me');
    expect(() => writeFileAtomically(path, 'other', false)).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    expect(readdirSync(directory)).toEqual(['jwks.json']);
  });

  it('replaces the file a symbolic link points to, keeping the link', () => {
    mkdirSync(join(directory, 'secrets'));
    const target = join(directory, 'secrets', 'jwks.json');
    writeFileSync(target, 'old');
    symlinkSync(target, join(directory, 'jwks.json'));
    writeFileAtomically(join(directory, 'jwks.json'), 'new', true);
    expect(lstatSync(join(directory, 'jwks.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(modeOf(target)).toBe(0o600);
    expect(readdirSync(join(directory, 'secrets'))).toEqual(['jwks.json']);
  });

  it('removes its temporary file when the final step fails', () => {
    const path = join(directory, 'taken');
    mkdirSync(path); // a file cannot be renamed over a directory
    expect(() => writeFileAtomically(path, 'text', true)).toThrow();
    expect(readdirSync(directory)).toEqual(['taken']);
    expect(statSync(path).isDirectory()).toBe(true);
  });
});
