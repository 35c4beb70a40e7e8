import { type MfaFactorStore, type TotpFactor } from './mfa-factor-store.interface.js';

/** Factors in process memory: lost on restart. For development and tests. */
export class MemoryMfaFactorStore implements MfaFactorStore {
  private readonly factors = new Map<string, TotpFactor>();

  async getTotp(sub: string): Promise<TotpFactor | null> {
    const factor = this.factors.get(sub);
    return factor ? { ...factor, recoveryCodes: [...factor.recoveryCodes] } : null;
  }

  async saveTotp(sub: string, factor: TotpFactor): Promise<void> {
    this.factors.set(sub, { ...factor, recoveryCodes: [...factor.recoveryCodes] });
  }

  async saveTotpIfAbsent(sub: string, factor: TotpFactor): Promise<boolean> {
    if (this.factors.has(sub)) return false;
    await this.saveTotp(sub, factor);
    return true;
  }

  async deleteTotp(sub: string): Promise<void> {
    this.factors.delete(sub);
  }

  async useRecoveryCode(sub: string, codeHash: string): Promise<boolean> {
    const factor = this.factors.get(sub);
    const index = factor?.recoveryCodes.indexOf(codeHash) ?? -1;
    if (index < 0) return false;
    factor!.recoveryCodes.splice(index, 1);
    return true;
  }
}
