import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJwksFile } from '../sample/sample-config.js';
import { headerOf } from './support/keys.js';
import { deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { login, startSample } from './support/sample-app.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'lib', 'cli', 'main.js');
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The newest modification time of the library sources the build compiles. */
function newestSource(directory = join(root, 'lib')): number {
  return Math.max(
    ...readdirSync(directory, { withFileTypes: true }).map((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return newestSource(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? statSync(path).mtimeMs
        : 0;
    }),
  );
}

/** The compiled tool as the package ships it: built here when dist is missing or older. */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(bin).mtimeMs;
  } catch {
    // not built yet
  }
  if (built < newestSource()) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
  }
}

/** `node dist/lib/cli/main.js …` in its own process, as `npx nest-jwt-auth …` runs it. */
const tool = (cwd: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('the key tool, run as the package ships it', () => {
  const prefix = uniqueKeyPrefix('key-tool');
  let directory: string;

  beforeAll(() => {
    ensureBuilt();
    directory = mkdtempSync(join(tmpdir(), 'key-tool-e2e-'));
  }, 120_000);
  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await deleteKeys(prefix);
  });

  it('starts with a node shebang, so npm can link it as a command', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('writes a key file the sample signs with, and prints what the sample publishes', async () => {
    const generated = tool(directory, 'keys', 'generate', '--alg', 'EdDSA');
    expect(generated).toMatchObject({ status: 0, stderr: '' });
    const file = join(directory, 'jwks.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(directory)).toEqual(['jwks.json']);
    expect(tool(directory, 'keys', 'rotate', 'jwks.json', '--alg', 'ES256').status).toBe(0);

    // The sample reads JWT_JWKS_FILE with readJwksFile: the path a deployment takes.
    const keys = readJwksFile(file);
    const sample = await startSample({ keys, redisKeyPrefix: prefix });
    try {
      const { accessToken } = await login(sample);
      expect(headerOf(accessToken)).toMatchObject({ alg: 'ES256', kid: keys[0].kid });
      const served = (await sample.http().get('/.well-known/jwks.json').expect(200)).body;
      const printed = tool(directory, 'keys', 'public', 'jwks.json');
      expect(printed).toMatchObject({ status: 0, stderr: '' });
      expect(JSON.parse(printed.stdout)).toEqual(served);
      expect(served.keys).toHaveLength(2);
      for (const key of served.keys) {
        expect(PRIVATE_MEMBERS.filter((member) => member in key)).toEqual([]);
      }
    } finally {
      await sample.close();
    }
  });

  it('exits 2 on a usage error and 1 on a refused change, one line on stderr, nothing on stdout', () => {
    const usage = tool(directory, 'keys', 'generate', '--alg', 'none');
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr.trimEnd().split('\n')).toHaveLength(1);

    const before = readFileSync(join(directory, 'jwks.json'), 'utf8');
    const refused = tool(directory, 'keys', 'generate', '--alg', 'EdDSA');
    expect(refused).toMatchObject({ status: 1, stdout: '' });
    expect(refused.stderr).toBe(
      'nest-jwt-auth: jwks.json exists; give --force to replace it (its keys would be lost).\n',
    );
    expect(readFileSync(join(directory, 'jwks.json'), 'utf8')).toBe(before);
  });
});
