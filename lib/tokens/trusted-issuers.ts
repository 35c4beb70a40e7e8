import { IssuerRegistry } from '../keys/issuer-registry.js';
import { type KeySet, LocalKeySet } from '../keys/key-set.js';
import { RemoteKeySet } from '../keys/remote-key-set.js';
import { type TrustedIssuer } from '../keys/trusted-issuer.js';
import {
  type ResolvedAuthOptions,
  type ResolvedTrustedIssuer,
} from '../options/resolved-auth-options.js';
import { issuerUserMapping, toAuthenticatedUser } from './to-authenticated-user.js';
import { isAccessTokenType, isForeignAccessTokenType } from './token-type.js';

/**
 * The module's own issuer: `issuer`, `audience` and the module's `KeySet` (`secret` or `keys`;
 * in resource-server mode the `jwksUrl`, whose tokens follow the rules of a foreign issuer).
 */
export function moduleIssuer(options: ResolvedAuthOptions, keys: KeySet): TrustedIssuer {
  const foreign = options.mode === 'resource-server';
  return {
    iss: options.issuer,
    audiences: options.audience === undefined ? undefined : [options.audience],
    keys,
    ownSessions: !foreign,
    acceptsType:
      foreign && !options.requireAccessTokenType ? isForeignAccessTokenType : isAccessTokenType,
    toUser: toAuthenticatedUser,
  };
}

/** An issuer of the `issuers` option, with a key set of its own (fetched and cached for it alone). */
export function otherIssuer(issuer: ResolvedTrustedIssuer, clock: () => number): TrustedIssuer {
  return {
    iss: issuer.issuer,
    audiences: issuer.audience,
    keys: issuer.jwks
      ? new RemoteKeySet(issuer.jwks.url, issuer.jwks, fetch, clock)
      : new LocalKeySet(issuer.keys),
    ownSessions: false,
    acceptsType: issuer.requireAccessTokenType ? isAccessTokenType : isForeignAccessTokenType,
    toUser: issuerUserMapping(issuer.issuer, issuer),
  };
}

/** Every issuer the module trusts: its own, then those of `issuers`. */
export function trustedIssuers(options: ResolvedAuthOptions, keys: KeySet): IssuerRegistry {
  return new IssuerRegistry(
    [
      moduleIssuer(options, keys),
      ...options.issuers.map((issuer) => otherIssuer(issuer, options.clock)),
    ],
    [keys],
  );
}
