import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { AuthService } from '../auth.service.js';
import { type AuthJwk } from '../keys/import-key.js';
import { AuthTestingModule } from '../testing/auth-testing.module.js';
import { TestTokens } from '../testing/test-tokens.js';
import { run } from './run.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Every private member value in a key file: none may ever reach stdout or stderr. */
const secretsIn = (file: string) =>
  (JSON.parse(readFileSync(file, 'utf8')).keys as Record<string, string>[]).flatMap((jwk) =>
    PRIVATE_MEMBERS.filter((member) => member in jwk).map((member) => jwk[member]),
  );

const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());

describe('nest-jwt-auth keys', () => {
  let directory: string;
  let printed: string;
  const modules: TestingModule[] = [];

  /** Runs the tool as main.ts does; what it prints is kept to check no secret leaks. */
  const cli = (...argv: string[]) => {
    const result = { status: -1, stdout: '', stderr: '' };
    result.status = run(argv, {
      stdout: (text) => (result.stdout += text),
      stderr: (text) => (result.stderr += text),
    });
    printed += result.stdout + result.stderr;
    return result;
  };
  const path = (name: string) => join(directory, name);
  const keysIn = (file: string): AuthJwk[] => JSON.parse(readFileSync(file, 'utf8')).keys;
  const kidsIn = (file: string) => keysIn(file).map((key) => key.kid);

  /** An app whose AuthModule loads `file`, as an app reading its key file at start-up does. */
  const appWith = async (file: string) => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot({ secret: undefined, keys: keysIn(file) })],
    }).compile();
    modules.push(moduleRef);
    return { tokens: moduleRef.get(TestTokens), auth: moduleRef.get(AuthService) };
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'key-tool-'));
    printed = '';
  });
  afterEach(async () => {
    await Promise.all(modules.splice(0).map((moduleRef) => moduleRef.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  /** Checked at the end of each test that wrote a file: nothing private was printed. */
  const expectNoSecretPrinted = (file: string) => {
    for (const secret of secretsIn(file)) expect(printed).not.toContain(secret);
  };

  describe('generate', () => {
    it.each(['ES256', 'EdDSA', 'RS256', 'PS256', 'HS256'])(
      'writes a %s key set, mode 0600, that AuthModule signs with',
      async (alg) => {
        const file = path(`${alg}.json`);
        const result = cli('keys', 'generate', '--alg', alg, '--out', file);
        expect(result).toMatchObject({ status: 0, stderr: '' });
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const [key] = keysIn(file);
        expect(key).toMatchObject({ alg });
        expect(result.stdout).toContain(`"${key.kid}"`);
        const { tokens, auth } = await appWith(file);
        const token = await tokens.accessToken({ sub: 'ann' });
        expect(headerOf(token)).toMatchObject({ kid: key.kid, alg });
        await expect(auth.verifyAccessToken(token)).resolves.toMatchObject({ sub: 'ann' });
        expectNoSecretPrinted(file);
      },
    );

    it('writes jwks.json in the current directory by default, with the kid asked for', () => {
      const cwd = process.cwd();
      process.chdir(directory);
      try {
        expect(cli('keys', 'generate', '--kid', '2026-11').status).toBe(0);
      } finally {
        process.chdir(cwd);
      }
      expect(keysIn(path('jwks.json'))).toEqual([
        expect.objectContaining({ kid: '2026-11', alg: 'ES256', kty: 'EC', crv: 'P-256' }),
      ]);
    });

    it('refuses to overwrite a file unless --force', () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--out', file);
      const before = readFileSync(file, 'utf8');
      const refused = cli('keys', 'generate', '--out', file);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/jwks\.json exists; give --force to replace it/);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(cli('keys', 'generate', '--out', file, '--force').status).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toBe(before);
      expect(readdirSync(directory)).toEqual(['jwks.json']);
    });
  });

  describe('rotate', () => {
    it('adds a key that signs from now on; tokens of the old key still verify', async () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--alg', 'ES256', '--out', file);
      const [oldKid] = kidsIn(file);
      const before = await appWith(file);
      const oldToken = await before.tokens.accessToken({ sub: 'ann' });

      const rotated = cli('keys', 'rotate', file, '--alg', 'EdDSA');
      expect(rotated).toMatchObject({ status: 0, stderr: '' });
      const [newKid, keptKid] = kidsIn(file);
      expect(keptKid).toBe(oldKid);
      expect(newKid).not.toBe(oldKid);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const after = await appWith(file);
      const newToken = await after.tokens.accessToken({ sub: 'bob' });
      expect(headerOf(newToken)).toMatchObject({ kid: newKid, alg: 'EdDSA' });
      await expect(after.auth.verifyAccessToken(oldToken)).resolves.toMatchObject({ sub: 'ann' });
      await expect(after.auth.verifyAccessToken(newToken)).resolves.toMatchObject({ sub: 'bob' });
      expectNoSecretPrinted(file);
    });

    it('removes the private members of the key that stops signing', () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--alg', 'RS256', '--out', file);
      cli('keys', 'rotate', file);
      const [fresh, old] = keysIn(file);
      expect(fresh).toMatchObject({ alg: 'RS256', d: expect.any(String) });
      expect(PRIVATE_MEMBERS.filter((member) => member in old)).toEqual([]);
    });
  });

  describe('add, then promote (the rotation across instances)', () => {
    it('publishes the new key first and signs with it only once promoted', async () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--alg', 'EdDSA', '--out', file);
      const [currentKid] = kidsIn(file);
      const added = cli('keys', 'add', file);
      expect(added.status).toBe(0);
      const [, stagedKid] = kidsIn(file);
      expect(added.stdout).toContain(`keys promote ${file} -- ${stagedKid}`);
      expect(cli('keys', 'public', file).stdout).toContain(stagedKid);

      const staged = await appWith(file);
      const tokenBefore = await staged.tokens.accessToken({ sub: 'ann' });
      expect(headerOf(tokenBefore).kid).toBe(currentKid);

      expect(cli('keys', 'promote', file, '--', stagedKid).status).toBe(0);
      expect(kidsIn(file)).toEqual([stagedKid, currentKid]);
      const promoted = await appWith(file);
      expect(headerOf(await promoted.tokens.accessToken({ sub: 'bob' })).kid).toBe(stagedKid);
      await expect(promoted.auth.verifyAccessToken(tokenBefore)).resolves.toBeDefined();

      expect(cli('keys', 'promote', file, '--', stagedKid).stdout).toMatch(/signs already/);
      expectNoSecretPrinted(file);
    });
  });

  describe('retire', () => {
    it('removes a key; its tokens stop verifying', async () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--out', file);
      const [oldKid] = kidsIn(file);
      const oldToken = await (await appWith(file)).tokens.accessToken({ sub: 'ann' });
      cli('keys', 'rotate', file);
      const retired = cli('keys', 'retire', file, '--', oldKid);
      expect(retired).toMatchObject({ status: 0, stderr: '' });
      expect(kidsIn(file)).not.toContain(oldKid);
      expect(kidsIn(file)).toHaveLength(1);
      await expect((await appWith(file)).auth.verifyAccessToken(oldToken)).rejects.toMatchObject({
        code: 'token_invalid',
      });
    });

    it('refuses to remove the last key that can sign, leaving the file as it was', () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--out', file);
      cli('keys', 'rotate', file);
      const [signingKid] = kidsIn(file);
      const before = readFileSync(file, 'utf8');
      const refused = cli('keys', 'retire', file, '--', signingKid);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe(
        `nest-jwt-auth: key "${signingKid}" signs the tokens and no other key can: retiring it would leave nothing to sign with. ` +
          `Rotate first ("keys rotate <file>"), then retire "${signingKid}" once the longest access-token lifetime has passed.\n`,
      );
      expect(readFileSync(file, 'utf8')).toBe(before);
    });

    it('says which key signs now when it removes the signing key of two private ones', () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--out', file);
      cli('keys', 'add', file);
      const [first, second] = kidsIn(file);
      expect(cli('keys', 'retire', file, '--', first).stdout).toContain(`"${second}" signs now`);
    });
  });

  describe('public', () => {
    it('prints the public JWK set, without a private member, on stdout only', () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--alg', 'RS256', '--out', file);
      cli('keys', 'rotate', file, '--alg', 'ES256');
      cli('keys', 'add', file, '--alg', 'EdDSA');
      const printedPublic = cli('keys', 'public', file);
      expect(printedPublic).toMatchObject({ status: 0, stderr: '' });
      const published = JSON.parse(printedPublic.stdout).keys as Record<string, unknown>[];
      expect(published.map((key) => key.kid)).toEqual(kidsIn(file));
      expect(published.map((key) => key.alg)).toEqual(['ES256', 'RS256', 'EdDSA']);
      for (const key of published) {
        expect(PRIVATE_MEMBERS.filter((member) => member in key)).toEqual([]);
        expect(key.use).toBe('sig');
      }
      expectNoSecretPrinted(file);
    });

    it('never publishes a secret', () => {
      const file = path('jwks.json');
      cli('keys', 'generate', '--alg', 'HS256', '--out', file);
      expect(JSON.parse(cli('keys', 'public', file).stdout)).toEqual({ keys: [] });
      expectNoSecretPrinted(file);
    });
  });

  describe('failures', () => {
    it('exits 2 with a one-line reason on a usage error', () => {
      const result = cli('keys', 'rotate');
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^nest-jwt-auth: "keys rotate" takes <file>, got 0 operand\(s\)\. See "nest-jwt-auth --help"\.\n$/,
      );
    });

    it('prints the usage on --help, exit 0', () => {
      const result = cli('--help');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: nest-jwt-auth keys <command>/);
      for (const command of ['generate', 'rotate', 'add', 'promote', 'retire', 'public']) {
        expect(result.stdout).toContain(`keys ${command}`);
      }
    });

    it('exits 1 with the module message for a file the module would refuse, and keeps it', () => {
      const file = path('jwks.json');
      writeFileSync(file, JSON.stringify({ keys: [{ kid: 'k1', kty: 'oct', k: 'c2hvcnQ' }] }));
      const result = cli('keys', 'rotate', file);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /^nest-jwt-auth: keys\[0\] \(kid "k1"\) cannot be used with HS256: the secret is 5 bytes long/,
      );
      expect(kidsIn(file)).toEqual(['k1']);
    });

    it('does not echo a broken file, which may hold key material', () => {
      const file = path('jwks.json');
      // JSON.parse's own message would quote it: Unexpected token 'T', ..."k":TOP-SECRET"...
      writeFileSync(file, '{"keys":[{"kty":"oct","k":TOP-SECRET-VALUE}]}');
      const result = cli('keys', 'public', file);
      expect(result).toMatchObject({ status: 1, stdout: '' });
      expect(result.stderr).toBe(`nest-jwt-auth: ${file} is not valid JSON.\n`);
    });

    it('exits 1 on a missing file or a JSON value that is no key set', () => {
      expect(cli('keys', 'public', path('missing.json'))).toMatchObject({
        status: 1,
        stderr: expect.stringMatching(/ENOENT/),
      });
      writeFileSync(path('list.json'), '[]');
      expect(cli('keys', 'public', path('list.json')).stderr).toMatch(
        /is not a JWK set: it needs \{ "keys": \[\.\.\.\] \}/,
      );
    });
  });
});
