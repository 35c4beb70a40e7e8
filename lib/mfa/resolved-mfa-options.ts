import { type MfaFactorStore } from './mfa-factor-store.interface.js';
import { type SecondFactor } from './second-factor.interface.js';

/** The `mfa` option after defaults and validation. Durations in seconds. */
export interface ResolvedMfaOptions {
  /** `null`: TOTP is off (only the app's `factors`). */
  totp: { issuer: string; recoveryCodes: number; encryptionKey: Buffer | null } | null;
  factors: SecondFactor[];
  /** The app's store of factors; unset, the module's store keeps them. */
  factorStore?: MfaFactorStore;
  mfaTokenTtl: number;
  maxAttemptsPerMfaToken: number;
  maxAttemptsPerUser: number;
  freshLoginSeconds: number;
}

/**
 * What the MFA providers read of the resolved options, typed here: the options folder depends
 * on this one, not the other way round.
 */
export interface MfaModuleOptions {
  mfa: ResolvedMfaOptions | null;
  clock: () => number;
  loginThrottle: {
    maxAttemptsPerUsernameAndIp: number;
    maxAttemptsPerIp: number;
    windowSeconds: number;
  } | null;
}
