import { Injectable } from '@nestjs/common';
import { type AuthUser, type MfaFactorStore, type TotpFactor } from 'nest-jwt-auth';
import { verifyPassword } from './password-hash.js';

interface SampleUser {
  id: string;
  username: string;
  passwordHash: string;
  roles: string[];
}

/** alice / wonderland and bob / builder, their passwords stored only as scrypt hashes. */
const USERS: SampleUser[] = [
  {
    id: 'user-1',
    username: 'alice',
    passwordHash: 'scrypt$tC6kqc8urPqWvsqjnH_SuA$U-FsfVQs4iKY70namY4fBSnPH4zU8HngmqAyAuMiVas',
    roles: ['admin', 'user'],
  },
  {
    id: 'user-2',
    username: 'bob',
    passwordHash: 'scrypt$uF5enGqXDZg69-NSCYQFSQ$qycn_RHG8djvBKH-Fw1VnLhfDyfIBAeXISshtDUCKH8',
    roles: ['user'],
  },
];

/** Compared against when the username is unknown, so both cases take the same time. */
const DUMMY_HASH = 'scrypt$Bvs7s7qk-fcHIUY9T8cqeA$L_2QkWCAEhSuFpDHMmbaq8FFKD839hw_hSKamLqjeus';

/**
 * The sample's user directory: what a real app would back with its database. It keeps the users'
 * TOTP factors too (the `mfa.factorStore` of the module), where a real app keeps them: next to
 * the user, backed up with it, never in an expiring cache.
 */
@Injectable()
export class UsersService implements MfaFactorStore {
  private readonly factors = new Map<string, TotpFactor>();

  async validateCredentials(username: string, password: string): Promise<AuthUser | null> {
    const user = USERS.find((candidate) => candidate.username === username);
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches) return null;
    return { sub: user.id, username: user.username, roles: user.roles };
  }

  async getTotp(sub: string): Promise<TotpFactor | null> {
    const factor = this.factors.get(sub);
    return factor ? { ...factor, recoveryCodes: [...factor.recoveryCodes] } : null;
  }

  async saveTotp(sub: string, factor: TotpFactor): Promise<void> {
    this.factors.set(sub, { ...factor, recoveryCodes: [...factor.recoveryCodes] });
  }

  async deleteTotp(sub: string): Promise<void> {
    this.factors.delete(sub);
  }

  /** Synchronous between reading and writing: atomic, as a database's UPDATE ... WHERE would be. */
  async useRecoveryCode(sub: string, codeHash: string): Promise<boolean> {
    const codes = this.factors.get(sub)?.recoveryCodes;
    const index = codes?.indexOf(codeHash) ?? -1;
    if (index < 0) return false;
    codes!.splice(index, 1);
    return true;
  }
}
