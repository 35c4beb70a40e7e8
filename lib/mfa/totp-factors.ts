import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { MfaFactorStore, type TotpFactor } from './mfa-factor-store.interface.js';
import { mfaCodeInvalid, mfaNotEnrolled } from './mfa-errors.js';
import { MfaStateStore } from './mfa-state-store.interface.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { type MfaModuleOptions, type ResolvedMfaOptions } from './resolved-mfa-options.js';
import { SecretCipher } from './secret-cipher.js';
import { newTotpSecret, SPENT_STEP_TTL_SECONDS, totpStepOf, totpUri } from './totp.js';

/** How long an enrolment waits for its first code. */
export const ENROLMENT_TTL_SECONDS = 600;

/** A code, or a recovery code: what proves the TOTP factor. */
export type TotpProof = { code: string } | { recoveryCode: string };

/**
 * TOTP factors (RFC 6238): enrolment (pending until a first code confirms it), codes each
 * accepted once, recovery codes each usable once, and removal. Attempts are counted by the
 * caller; every method here only checks.
 */
@Injectable()
export class TotpFactors {
  private readonly cipher: SecretCipher;

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: MfaModuleOptions,
    @Inject(MfaFactorStore) private readonly factors: MfaFactorStore,
    @Inject(MfaStateStore) private readonly state: MfaStateStore,
  ) {
    this.cipher = new SecretCipher(options.mfa?.totp?.encryptionKey ?? null);
  }

  /** Whether TOTP is configured. */
  get enabled(): boolean {
    return !!this.options.mfa?.totp;
  }

  private get config(): NonNullable<ResolvedMfaOptions['totp']> {
    const totp = this.options.mfa?.totp;
    if (!totp) throw new Error('nest-jwt-auth: TOTP is not enabled (mfa.totp).');
    return totp;
  }

  /** The user's confirmed factor, or `null`. */
  find(sub: string): Promise<TotpFactor | null> {
    return this.enabled ? storeCall(() => this.factors.getTotp(sub)) : Promise.resolve(null);
  }

  /**
   * Starts an enrolment: a new secret, pending until {@link confirm}. Refused with 409
   * `mfa_already_enrolled` while a factor is active: replacing it takes removing it, with a code.
   */
  async enrol(
    sub: string,
    label: string,
  ): Promise<{ secret: string; uri: string; expiresIn: number }> {
    const { issuer } = this.config;
    if (await this.find(sub)) throw new AuthException(AuthErrorCode.MfaAlreadyEnrolled);
    const secret = newTotpSecret();
    const sealed = this.cipher.seal(secret, sub);
    await storeCall(() => this.state.putEnrolment(sub, sealed, ENROLMENT_TTL_SECONDS));
    return { secret, uri: totpUri(secret, issuer, label), expiresIn: ENROLMENT_TTL_SECONDS };
  }

  /**
   * Activates the pending factor with its first code; returns its recovery codes, shown once.
   * The enrolment is taken before the factor is saved: of two confirmations racing (codes of two
   * steps), one saves, and a failure in between leaves no factor, only an enrolment to restart.
   * Refused with 409 `mfa_already_enrolled` while a factor is active: an enrolment that read "no
   * factor" before a confirmation saved one (a race an access token alone can run) would
   * otherwise replace the factor without any of its codes.
   */
  async confirm(sub: string, code: string): Promise<string[]> {
    const { recoveryCodes: count } = this.config;
    const sealed = await storeCall(() => this.state.getEnrolment(sub));
    const notWaiting = () =>
      mfaNotEnrolled('No enrolment is waiting: start one with POST /auth/mfa/totp.');
    if (!sealed) throw notWaiting();
    if (await this.find(sub)) {
      await storeCall(() => this.state.deleteEnrolment(sub));
      throw new AuthException(AuthErrorCode.MfaAlreadyEnrolled);
    }
    if (!(await this.spend(sub, this.cipher.open(sealed, sub), code))) throw mfaCodeInvalid();
    if (!(await storeCall(() => this.state.deleteEnrolment(sub)))) throw notWaiting();
    const codes = newRecoveryCodes(count);
    const factor = {
      secret: sealed,
      confirmedAt: this.options.clock(),
      recoveryCodes: codes.map(hashRecoveryCode),
    };
    if (!(await storeCall(() => this.saveIfAbsent(sub, factor)))) {
      // Another enrolment, started after this one was taken, saved its factor first.
      throw new AuthException(AuthErrorCode.MfaAlreadyEnrolled);
    }
    return codes;
  }

  /**
   * Whether `proof` proves the user's factor, spending it: a code's time step (and every earlier
   * one) cannot be used again, a recovery code is gone. Which of the two: `amr` `otp` or `rc`.
   */
  async verify(sub: string, proof: TotpProof): Promise<'otp' | 'rc' | null> {
    const factor = await this.find(sub);
    if (!factor) return null;
    if ('recoveryCode' in proof) {
      const hash = hashRecoveryCode(proof.recoveryCode);
      return (await storeCall(() => this.factors.useRecoveryCode(sub, hash))) ? 'rc' : null;
    }
    return (await this.spend(sub, this.cipher.open(factor.secret, sub), proof.code)) ? 'otp' : null;
  }

  /** Removes the factor once `proof` proves it. */
  async disable(sub: string, proof: TotpProof): Promise<void> {
    await this.requireProof(sub, proof);
    await storeCall(() => this.factors.deleteTotp(sub));
  }

  /** Replaces the recovery codes once a code proves the factor; returns the new ones. */
  async regenerateRecoveryCodes(sub: string, code: string): Promise<string[]> {
    await this.requireProof(sub, { code });
    // Removed (with another code) since the proof was checked: nothing to give codes to.
    const factor = await this.find(sub);
    if (!factor) throw mfaNotEnrolled();
    const codes = newRecoveryCodes(this.config.recoveryCodes);
    await storeCall(() =>
      this.factors.saveTotp(sub, { ...factor, recoveryCodes: codes.map(hashRecoveryCode) }),
    );
    return codes;
  }

  private async requireProof(sub: string, proof: TotpProof): Promise<void> {
    if (!(await this.find(sub))) throw mfaNotEnrolled();
    if (!(await this.verify(sub, proof))) throw mfaCodeInvalid();
  }

  /** The store's save-if-absent, or (an app's store without one) a save that replaces. */
  private async saveIfAbsent(sub: string, factor: TotpFactor): Promise<boolean> {
    if (this.factors.saveTotpIfAbsent) return this.factors.saveTotpIfAbsent(sub, factor);
    await this.factors.saveTotp(sub, factor);
    return true;
  }

  /** Whether `code` is the secret's for now, and its time step was not spent yet (atomic). */
  private async spend(sub: string, secret: string, code: string): Promise<boolean> {
    const step = totpStepOf(secret, code, this.options.clock());
    if (step === null) return false;
    return storeCall(() => this.state.spendStep(sub, step, SPENT_STEP_TTL_SECONDS));
  }
}
