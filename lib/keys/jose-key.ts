import { type KeyObject } from 'node:crypto';
import { type JoseAlgorithm } from './jose-algorithm.js';

/** A key ready for use: bound to one algorithm, found by its `kid`. */
export interface JoseKey {
  /** Absent for the key made from the `secret` option and for a remote key published without. */
  kid?: string;
  alg: JoseAlgorithm;
  /** The public key, or the secret for HMAC. */
  verifyKey: KeyObject;
  /** The private key, or the secret for HMAC; absent for verify-only keys. */
  signKey?: KeyObject;
}
