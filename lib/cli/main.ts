#!/usr/bin/env node
// The key tool, `npx nest-jwt-auth keys …`: the package's bin, not part of its API.
import { run } from './run.js';

process.exitCode = run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
