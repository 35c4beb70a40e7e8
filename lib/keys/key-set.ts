import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type JoseKey } from './jose-key.js';

export function unknownKey(): AuthException {
  return new AuthException(
    AuthErrorCode.TokenInvalid,
    'The token was signed by an unknown key (kid).',
  );
}

/**
 * The keys tokens are verified with, looked up by the `kid` of a token's header: a token never
 * gets to try every key. Injectable as a class token.
 */
export abstract class KeySet {
  /** The key that signs new tokens; `undefined` when this instance only verifies. */
  abstract readonly signingKey: JoseKey | undefined;

  /** The key `kid` names; throws `token_invalid` when there is none. */
  abstract keyFor(kid: unknown): JoseKey | Promise<JoseKey>;

  /** The asymmetric keys whose public halves `GET /.well-known/jwks.json` publishes. */
  abstract publicKeys(): readonly JoseKey[];
}

/** The keys of the `secret` or `keys` option. */
export class LocalKeySet extends KeySet {
  readonly signingKey: JoseKey | undefined;
  private readonly byKid = new Map<string, JoseKey>();
  private readonly onlyKey: JoseKey | undefined;

  constructor(private readonly keys: readonly JoseKey[]) {
    super();
    this.signingKey = keys.find((key) => key.signKey !== undefined);
    for (const key of keys) if (key.kid !== undefined) this.byKid.set(key.kid, key);
    this.onlyKey = keys.length === 1 ? keys[0] : undefined;
  }

  keyFor(kid: unknown): JoseKey {
    // A token without kid is unambiguous only when there is a single key to check it with.
    const key =
      kid === undefined ? this.onlyKey : typeof kid === 'string' ? this.byKid.get(kid) : undefined;
    if (key === undefined) throw unknownKey();
    return key;
  }

  publicKeys(): readonly JoseKey[] {
    return this.keys.filter((key) => key.verifyKey.type === 'public');
  }
}
