import { readFileSync } from 'node:fs';
import { type AuthKey } from '../keys/import-key.js';
import { writeFileAtomically } from './atomic-write.js';
import { type LoadedKeys, loadKeys } from './load-keys.js';

function parseKeySet(text: string, path: string): AuthKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text around the error, which may be key material.
    throw new Error(`${path} is not valid JSON.`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys))
    throw new Error(`${path} is not a JWK set: it needs { "keys": [...] }.`);
  return keys as AuthKey[];
}

/** The entries of a JWK set file, checked as the module checks its `keys` option. */
export function readKeyFile(path: string): LoadedKeys & { entries: AuthKey[] } {
  const entries = parseKeySet(readFileSync(path, 'utf8'), path);
  return { entries, ...loadKeys(entries) };
}

/**
 * Writes `entries` as a JWK set file (mode 0600, atomically) once the module accepts exactly the
 * text that is written; returns what the module will load from it.
 */
export function writeKeyFile(
  path: string,
  entries: readonly AuthKey[],
  replace: boolean,
): LoadedKeys {
  const text = `${JSON.stringify({ keys: entries }, null, 2)}\n`;
  const loaded = loadKeys(parseKeySet(text, path));
  writeFileAtomically(path, text, replace);
  return loaded;
}
