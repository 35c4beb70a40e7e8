import { expect, jest } from '@jest/globals';
import { type AuthService, RedisDenylist } from 'nest-jwt-auth';
import { type RevocationMirror } from '../../lib/denylist/revocation-mirror.js';
import { codeOf } from './auth-errors.js';
import { claimsOf } from './token-claims.js';
import { within } from './within.js';

interface Instance {
  auth: AuthService;
  mirror: RevocationMirror;
}

/**
 * With `b`'s mirror deaf (not live), a logout on `a`: `b` must refuse the token by asking Redis,
 * and once its mirror is live again, from memory.
 */
export async function expectRefusedWhileDeaf(a: Instance, b: Instance, accessToken: string) {
  await a.auth.logout(claimsOf(accessToken));
  const askRedis = jest.spyOn(RedisDenylist.prototype, 'has');
  expect(await codeOf(b.auth.verifyAccessToken(accessToken))).toBe('token_revoked');
  expect(askRedis).toHaveBeenCalled();

  await within(5000, () => b.mirror.live);
  askRedis.mockClear();
  expect(await codeOf(b.auth.verifyAccessToken(accessToken))).toBe('token_revoked');
  expect(askRedis).not.toHaveBeenCalled();
}
