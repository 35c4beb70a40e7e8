import { type AuthJwk, type AuthKey } from '../keys/import-key.js';
import { type JoseKey } from '../keys/jose-key.js';
import { publicJwks } from '../keys/public-jwks.js';
import { loadKeys } from './load-keys.js';

function entryOf(entries: readonly AuthKey[], kid: string): AuthKey {
  const entry = entries.find((candidate) => candidate.kid === kid);
  if (entry === undefined) {
    const kids = entries.map((candidate) => JSON.stringify(candidate.kid)).join(', ');
    throw new Error(`no key has kid ${JSON.stringify(kid)} (the kids are ${kids}).`);
  }
  return entry;
}

/**
 * The entry of a key that stops signing: its public members only, as published, since it only
 * verifies from now on. A secret stays whole: it cannot verify without `k`.
 */
function demoted(entry: AuthKey, key: JoseKey): AuthKey {
  if (key.verifyKey.type === 'secret') return entry;
  const { kid, alg, ...members } = publicJwks([key]).keys[0];
  return { kid, alg, ...members } as AuthJwk;
}

/** `entries` plus `key` after them: published and verifying, but the signing key is unchanged. */
export function addKey(entries: readonly AuthKey[], key: AuthJwk): AuthKey[] {
  const next = [...entries, key];
  loadKeys(next);
  return next;
}

/**
 * Makes the key `kid` the one the module signs with (it must hold private material); the key that
 * signed until now keeps verifying, demoted to its public members.
 */
export function promoteKey(entries: readonly AuthKey[], kid: string): AuthKey[] {
  const { keyFor, signingKey } = loadKeys(entries);
  const entry = entryOf(entries, kid);
  if (signingKey.kid === kid) return [...entries];
  if (keyFor(kid).signKey === undefined) {
    throw new Error(`key "${kid}" holds no private material: it can only verify, never sign.`);
  }
  const rest = entries.filter((other) => other !== entry);
  const next = [
    entry,
    ...rest.map((other) => (other.kid === signingKey.kid ? demoted(other, signingKey) : other)),
  ];
  // The module's rule, not an assumption about it, decides which key signs.
  const signs = loadKeys(next).signingKey.kid;
  if (signs !== kid) throw new Error(`the module would sign with "${signs}", not "${kid}".`);
  return next;
}

/** `entries` without the key `kid`; refuses to remove the last key that can sign. */
export function retireKey(entries: readonly AuthKey[], kid: string): AuthKey[] {
  const { keyFor, signingKey } = loadKeys(entries);
  const entry = entryOf(entries, kid);
  const next = entries.filter((other) => other !== entry);
  if (signingKey.kid === kid && !next.some((other) => keyFor(other.kid).signKey)) {
    throw new Error(
      `key "${kid}" signs the tokens and no other key can: retiring it would leave nothing to sign with. ` +
        `Rotate first ("keys rotate <file>"), then retire "${kid}" once the longest access-token lifetime has passed.`,
    );
  }
  loadKeys(next);
  return next;
}
