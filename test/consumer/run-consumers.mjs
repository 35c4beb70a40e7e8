#!/usr/bin/env node
// Packs nest-jwt-auth with `npm pack`, installs the tarball and its peers into a fresh project
// outside this repository, and builds and runs two consumer apps against Redis: one ESM, one
// compiled to CommonJS (which loads the ESM package through Node's require(esm), 20.19+); then
// runs the package's bin, `npx nest-jwt-auth keys …`, in that project.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const installed = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const work = mkdtempSync(join(tmpdir(), 'nest-jwt-auth-consumer-'));
let passed = 0;
let failed = 0;
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((file) => file.path);
  const stray = files.filter(
    (file) => !/^(dist\/lib\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(file),
  );
  if (stray.length > 0) throw new Error(`the tarball holds files a user does not need: ${stray}`);

  // The peers at the versions this repository tests with, plus what a Nest app brings itself.
  const dependencies = {
    'nest-jwt-auth': `file:${tarball}`,
    '@nestjs/platform-express': installed('@nestjs/platform-express'),
  };
  // Optional peers stay out (the apps must load without them), except ioredis: they use Redis.
  const optional = Object.keys(own.peerDependencies).filter(
    (name) => own.peerDependenciesMeta?.[name]?.optional && name !== 'ioredis',
  );
  for (const name of Object.keys(own.peerDependencies)) {
    if (!optional.includes(name)) dependencies[name] = installed(name);
  }
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        private: true,
        dependencies,
        devDependencies: {
          typescript: installed('typescript'),
          '@types/node': installed('@types/node'),
          // @nestjs/passport's typings import passport's: an app that checks libraries needs them.
          '@types/passport': installed('@types/passport'),
        },
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], work);
  const present = optional.filter((name) => existsSync(join(work, 'node_modules', name)));
  if (present.length > 0) throw new Error(`optional peers got installed anyway: ${present}`);
  console.log(`installed without the optional peers ${optional.join(', ')}`);

  for (const kind of ['module', 'commonjs']) {
    const app = join(work, kind);
    mkdirSync(join(app, 'src'), { recursive: true });
    copyFileSync(join(here, 'app.ts.txt'), join(app, 'src', 'main.ts'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ type: kind }));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: false,
          types: ['node'],
          outDir: 'dist',
          rootDir: 'src',
        },
        include: ['src'],
      }),
    );
    const tsc = join(work, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      run(process.execPath, [tsc, '--noEmit', '-p', app], app);
      run(process.execPath, [tsc, '-p', app], app);
      const emitted = readFileSync(join(app, 'dist', 'main.js'), 'utf8');
      if (kind === 'commonjs' && !emitted.includes('require("nest-jwt-auth")')) {
        throw new Error('the CommonJS consumer was not compiled to require()');
      }
      process.stdout.write(
        `${kind}: ${run(process.execPath, [join(app, 'dist', 'main.js')], app)}`,
      );
      passed++;
    } catch (error) {
      console.error(`${kind} consumer failed:\n${error.stdout ?? ''}${error.message}`);
      failed++;
    }
  }

  // The key tool as its docs tell users to run it; --no: never fetch a package of that name.
  try {
    const keysDir = join(work, 'key-tool');
    mkdirSync(keysDir);
    const tool = (...args) => run('npx', ['--no', 'nest-jwt-auth', 'keys', ...args], keysDir);
    const generated = tool('generate', '--alg', 'EdDSA');
    const file = join(keysDir, 'jwks.json');
    const [key, ...others] = JSON.parse(readFileSync(file, 'utf8')).keys;
    if (others.length > 0 || key.alg !== 'EdDSA' || typeof key.d !== 'string') {
      throw new Error('keys generate did not write one private EdDSA key');
    }
    const mode = statSync(file).mode & 0o777;
    if (mode !== 0o600) throw new Error(`keys generate wrote mode ${mode.toString(8)}, not 600`);
    const [published] = JSON.parse(tool('public', 'jwks.json')).keys;
    if (published.kid !== key.kid || 'd' in published) {
      throw new Error(`keys public printed ${JSON.stringify(published)}`);
    }
    process.stdout.write(`key tool: ${generated}`);
    passed++;
  } catch (error) {
    console.error(`key tool failed:\n${error.stdout ?? ''}${error.message}`);
    failed++;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`consumer tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed === 3 ? 0 : 1);
