import { type JoseKey } from './jose-key.js';
import { KeyIndex } from './key-index.js';

/**
 * The keys tokens are verified with, looked up by the `kid` and `alg` of a token's header (see
 * {@link KeyIndex}). Injectable as a class token.
 */
export abstract class KeySet {
  /** The key that signs new tokens; `undefined` when this instance only verifies. */
  abstract readonly signingKey: JoseKey | undefined;

  /** The key `kid` names, bound to `alg`; throws `token_invalid` when there is none. */
  abstract keyFor(kid: unknown, alg: unknown): JoseKey | Promise<JoseKey>;

  /** The asymmetric keys whose public halves `GET /.well-known/jwks.json` publishes. */
  abstract publicKeys(): readonly JoseKey[];
}

/** The keys of the `secret` or `keys` option: each bound to the one algorithm it signs with. */
export class LocalKeySet extends KeySet {
  readonly signingKey: JoseKey | undefined;
  private readonly index: KeyIndex;

  constructor(private readonly keys: readonly JoseKey[]) {
    super();
    this.signingKey = keys.find((key) => key.signKey !== undefined);
    this.index = new KeyIndex(keys.map((key) => [key]));
  }

  keyFor(kid: unknown, alg: unknown): JoseKey {
    return this.index.select(kid, alg);
  }

  publicKeys(): readonly JoseKey[] {
    return this.keys.filter((key) => key.verifyKey.type === 'public');
  }
}
