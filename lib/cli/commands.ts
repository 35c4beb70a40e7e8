import { type AuthKey } from '../keys/import-key.js';
import { type JoseAlgorithm } from '../keys/jose-algorithm.js';
import { publicJwks } from '../keys/public-jwks.js';
import { readKeyFile, writeKeyFile } from './key-file.js';
import { addKey, promoteKey, retireKey } from './key-edits.js';
import { newKey } from './new-key.js';
import { type Command } from './parse-command.js';

type Run<Name extends Command['name']> = (command: Extract<Command, { name: Name }>) => string;

const generate: Run<'generate'> = ({ alg, kid, out, force }) => {
  const key = newKey(alg, kid);
  try {
    writeKeyFile(out, [key], force);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new Error(`${out} exists; give --force to replace it (its keys would be lost).`, {
      cause: error,
    });
  }
  return `${out}: new ${alg} key "${key.kid}" signs.\n`;
};

/** Adds a new key (by default of the signing key's algorithm), then lets `place` position it. */
function withNewKey(
  file: string,
  options: { alg?: JoseAlgorithm; kid?: string },
  place: (entries: AuthKey[], kid: string) => AuthKey[],
) {
  const { entries, signingKey: previous } = readKeyFile(file);
  const key = newKey(options.alg ?? previous.alg, options.kid);
  const { signingKey } = writeKeyFile(file, place(addKey(entries, key), key.kid), true);
  return { key, previous, signingKey };
}

const rotate: Run<'rotate'> = ({ file, alg, kid }) => {
  const { key, previous } = withNewKey(file, { alg, kid }, promoteKey);
  return `${file}: new ${key.alg} key "${key.kid}" signs; "${previous.kid}" only verifies.\n`;
};

const add: Run<'add'> = ({ file, alg, kid }) => {
  const { key, signingKey } = withNewKey(file, { alg, kid }, (entries) => entries);
  return (
    `${file}: new ${key.alg} key "${key.kid}" verifies and is published; "${signingKey.kid}" still signs.\n` +
    `Once every instance has this file, run: nest-jwt-auth keys promote ${file} -- ${key.kid}\n`
  );
};

const promote: Run<'promote'> = ({ file, kid }) => {
  const { entries, signingKey: previous } = readKeyFile(file);
  if (previous.kid === kid) return `${file}: "${kid}" signs already; nothing changed.\n`;
  writeKeyFile(file, promoteKey(entries, kid), true);
  return `${file}: "${kid}" signs; "${previous.kid}" only verifies.\n`;
};

const retire: Run<'retire'> = ({ file, kid }) => {
  const { entries, signingKey: previous } = readKeyFile(file);
  const { signingKey } = writeKeyFile(file, retireKey(entries, kid), true);
  const signer = signingKey.kid === previous.kid ? '' : `; "${signingKey.kid}" signs now`;
  return `${file}: retired "${kid}"${signer}.\n`;
};

const printPublic: Run<'public'> = ({ file }) => {
  const { publicKeys } = readKeyFile(file);
  return `${JSON.stringify(publicJwks(publicKeys), null, 2)}\n`;
};

/** Runs one `keys` command; returns what it prints on stdout. */
export function runCommand(command: Exclude<Command, { name: 'help' }>): string {
  switch (command.name) {
    case 'generate':
      return generate(command);
    case 'rotate':
      return rotate(command);
    case 'add':
      return add(command);
    case 'promote':
      return promote(command);
    case 'retire':
      return retire(command);
    case 'public':
      return printPublic(command);
  }
}
