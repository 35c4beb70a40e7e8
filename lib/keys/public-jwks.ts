import { type JoseKey } from './jose-key.js';

/** A JWK set as published (RFC 7517 section 5). */
export interface PublicJwks {
  keys: Array<Record<string, unknown>>;
}

/**
 * The public halves of `keys`. Exporting the public KeyObject (never the private one) is what
 * guarantees that no `d`, `p`, `q`, `dp`, `dq`, `qi` or `k` can leak.
 */
export function publicJwks(keys: readonly JoseKey[]): PublicJwks {
  return {
    keys: keys
      .filter((key) => key.verifyKey.type === 'public')
      .map((key) => ({
        ...key.verifyKey.export({ format: 'jwk' }),
        kid: key.kid,
        alg: key.alg,
        use: 'sig',
      })),
  };
}
