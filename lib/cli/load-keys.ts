import { type AuthKey } from '../keys/import-key.js';
import { type JoseKey } from '../keys/jose-key.js';
import { LocalKeySet } from '../keys/key-set.js';
import { type AuthModuleOptions } from '../options/auth-module-options.interface.js';
import { resolveKeys } from '../options/resolve-keys.js';

/** A key set the module would accept, with the key it would sign with. */
export interface LoadedKeys {
  signingKey: JoseKey;
  /** What `GET /.well-known/jwks.json` publishes for these keys. */
  publicKeys: readonly JoseKey[];
  /** The key with this kid, whatever algorithm it is bound to. */
  keyFor(kid: string | undefined): JoseKey;
}

/**
 * Checks `entries` exactly as `AuthModule` checks its `keys` option (the same code, so the tool
 * can never write a file the module refuses) and picks the signing key by the module's own rule.
 */
export function loadKeys(entries: readonly AuthKey[]): LoadedKeys {
  const { keys } = resolveKeys({ keys: entries } as AuthModuleOptions);
  const keySet = new LocalKeySet(keys);
  return {
    // resolveKeys refuses a set without a private key, so there is always one.
    signingKey: keySet.signingKey as JoseKey,
    publicKeys: keySet.publicKeys(),
    keyFor: (kid) => {
      const key = keys.find((candidate) => candidate.kid === kid);
      if (!key) throw new Error(`no key has kid ${JSON.stringify(kid)}.`);
      return key;
    },
  };
}
