// The sample's JWT_JWKS_FILE error (sample/sample-config.ts readJwksFile): a file that is not
// JSON is named, never quoted, since it holds private keys and the error ends up in a log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { readJwksFile } from '../../sample/sample-config.js';
import { thrown } from '../support/auth-errors.js';

describe('JWT_JWKS_FILE that is not JSON', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sample-jwks-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // A private scalar whose quotes a shell ate: JSON.parse's message quotes the text around it.
  const broken = '{"keys":[{"kty":"EC","crv":"P-256","d":PRIVATE-0123456789abcdefghijklmnop}]}';

  it('is refused with its path and "is not valid JSON", quoting nothing of it', () => {
    const path = join(folder, 'broken.json');
    writeFileSync(path, broken);
    const error = thrown(() => readJwksFile(path), Error);
    expect(error.message).toBe(`JWT_JWKS_FILE ${path} is not valid JSON.`);
    // What a logger prints of the error: its stack and, recursively, its cause.
    expect(inspect(error)).not.toContain('PRIVATE');
  });

  it('would leak through JSON.parse’s own message (the control)', () => {
    // What the sample must not pass on.
    expect(() => JSON.parse(broken)).toThrow(/PRIVATE/);
  });

  it('names a file it cannot read', () => {
    const path = join(folder, 'missing.json');
    expect(() => readJwksFile(path)).toThrow(`JWT_JWKS_FILE ${path} could not be read.`);
  });
});
