import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type SessionMetadata } from '../sessions/session.interface.js';
import { mfaCodeInvalid, mfaTokenInvalid } from './mfa-errors.js';
import { RECOVERY_CODE_METHOD, TOTP_METHOD } from './mfa-methods.js';
import { type MfaChallenge, MfaStateStore } from './mfa-state-store.interface.js';
import { MfaThrottle } from './mfa-throttle.js';
import { type MfaModuleOptions } from './resolved-mfa-options.js';
import { type TotpProof, TotpFactors } from './totp-factors.js';

/** What `POST /auth/login` answers instead of tokens when the user has a second factor. */
export interface MfaRequired {
  mfaRequired: true;
  /** Single-use, short-lived: send it to `POST /auth/mfa` with the second factor. */
  mfaToken: string;
  /** Seconds the mfaToken stays usable. */
  expiresIn: number;
  /** What the user can answer with: `totp`, `recovery_code`, the app's factors. */
  methods: string[];
}

/** The second step of a login: a TOTP code, a recovery code, or an app factor's proof. */
export type SecondFactorInput = TotpProof | { method: string; proof: Record<string, unknown> };

/** A login both of whose steps passed: who, for which session, and the `amr` the factor adds. */
export interface CompletedLogin {
  user: AuthUser;
  metadata?: SessionMetadata;
  amr: string[];
}

/** 32 random bytes in base64url, like stream tickets: anything else never reaches the store. */
const MFA_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const idOf = (mfaToken: string) => createHash('sha256').update(mfaToken).digest('base64url');

/**
 * The second step of a login (docs/mfa.md): a login whose user has a factor gets an mfaToken
 * (stored hashed, bound to the user, living `mfa.mfaTokenTtl`, good for
 * `mfa.maxAttemptsPerMfaToken` attempts and one success) instead of tokens.
 */
@Injectable()
export class MfaLogin {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: MfaModuleOptions,
    @Inject(MfaStateStore) private readonly state: MfaStateStore,
    private readonly totp: TotpFactors,
    private readonly throttle: MfaThrottle,
  ) {}

  /** The methods the user can complete a login with; empty: no second factor. */
  async methodsOf(sub: string): Promise<string[]> {
    const mfa = this.options.mfa;
    if (!mfa) return [];
    const factor = await this.totp.find(sub);
    const own = await Promise.all(mfa.factors.map((factor) => factor.isEnrolled(sub)));
    return [
      ...(factor ? [TOTP_METHOD] : []),
      ...(factor && factor.recoveryCodes.length > 0 ? [RECOVERY_CODE_METHOD] : []),
      ...mfa.factors.filter((_, i) => own[i]).map((factor) => factor.method),
    ];
  }

  /** The mfaToken of a login whose password was right, or `null` when the user has no factor. */
  async challenge(
    user: AuthUser,
    username: string,
    metadata?: SessionMetadata,
  ): Promise<MfaRequired | null> {
    const mfa = this.options.mfa;
    if (!mfa) return null;
    const methods = await this.methodsOf(user.sub);
    if (methods.length === 0) return null;
    const mfaToken = randomBytes(32).toString('base64url');
    const expiresAt = this.options.clock() + mfa.mfaTokenTtl * 1000;
    const challenge: MfaChallenge = {
      user,
      username,
      expiresAt,
      ...(metadata ? { metadata } : {}),
    };
    await storeCall(() => this.state.putChallenge(idOf(mfaToken), challenge, mfa.mfaTokenTtl));
    return { mfaRequired: true, mfaToken, expiresIn: mfa.mfaTokenTtl, methods };
  }

  /**
   * Checks the second factor of the mfaToken's login: the attempt is counted on the mfaToken and
   * by the throttle first. Right, the mfaToken is used up (one success however many race);
   * wrong, `onRefused` hears of it, then 401 `mfa_code_invalid`, and the mfaToken stays usable
   * for its remaining attempts.
   */
  async complete(
    mfaToken: string,
    input: SecondFactorInput,
    ip?: string,
    onRefused: (challenge: MfaChallenge) => void = () => undefined,
  ): Promise<CompletedLogin> {
    const mfa = this.options.mfa;
    if (!mfa || !MFA_TOKEN_PATTERN.test(mfaToken)) throw mfaTokenInvalid();
    const id = idOf(mfaToken);
    const challenge = await storeCall(() =>
      this.state.attemptChallenge(id, mfa.maxAttemptsPerMfaToken),
    );
    if (!challenge || challenge.expiresAt <= this.options.clock()) throw mfaTokenInvalid();
    const { sub } = challenge.user;
    const attempt = await this.throttle.reserve(sub, ip);
    const amr = await this.verify(sub, input);
    if (!amr) {
      onRefused(challenge);
      throw mfaCodeInvalid();
    }
    if (!(await storeCall(() => this.state.takeChallenge(id)))) throw mfaTokenInvalid();
    await this.throttle.succeeded(attempt);
    const { user, metadata } = challenge;
    return { user, amr, ...(metadata ? { metadata } : {}) };
  }

  /**
   * Runs `check` (which throws when the user's proof is wrong) as one attempt counted by the
   * throttle for `sub` from `ip`: for the routes that take a code from a signed-in user
   * (step-up, removing the factor, new recovery codes).
   */
  async counted<T>(sub: string, ip: string | undefined, check: () => Promise<T>): Promise<T> {
    const attempt = await this.throttle.reserve(sub, ip);
    const result = await check();
    await this.throttle.succeeded(attempt);
    return result;
  }

  /** Checks (and spends) a code of the user's TOTP factor: 401 `mfa_code_invalid` if wrong. */
  async verifyCode(sub: string, code: string, ip?: string): Promise<void> {
    await this.counted(sub, ip, async () => {
      if ((await this.totp.verify(sub, { code })) !== 'otp') throw mfaCodeInvalid();
    });
  }

  /** The `amr` the input proves for the user, or `null`. */
  private async verify(sub: string, input: SecondFactorInput): Promise<string[] | null> {
    if (!('method' in input)) {
      const method = await this.totp.verify(sub, input);
      return method && [method];
    }
    const factor = this.options.mfa!.factors.find((candidate) => candidate.method === input.method);
    if (!factor || !(await factor.isEnrolled(sub))) {
      throw new AuthException(
        AuthErrorCode.MfaMethodUnavailable,
        `The method ${JSON.stringify(input.method)} is not one of this user's: use one of the login's methods.`,
      );
    }
    return (await factor.verify(sub, input.proof)) ? (factor.amr ?? [factor.method]) : null;
  }
}
