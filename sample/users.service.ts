import { Injectable } from '@nestjs/common';
import { type AuthUser, MemoryMfaFactorStore } from 'nest-jwt-auth';
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
 * The sample's user directory: what a real app would back with its database. It is the module's
 * `mfa.factorStore` too, as a real app's user store would be: the TOTP factors live next to the
 * users, backed up with them, never in an expiring cache. Here in memory, the module's own
 * MemoryMfaFactorStore; a real app implements its four methods on its users table.
 */
@Injectable()
export class UsersService extends MemoryMfaFactorStore {
  async validateCredentials(username: string, password: string): Promise<AuthUser | null> {
    const user = USERS.find((candidate) => candidate.username === username);
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches) return null;
    return { sub: user.id, username: user.username, roles: user.roles };
  }
}
