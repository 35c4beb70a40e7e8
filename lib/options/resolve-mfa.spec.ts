import { AuthConfigError } from '../errors/auth-config-error.js';
import { MemoryMfaFactorStore } from '../mfa/memory-mfa-factor-store.js';
import { type SecondFactor } from '../mfa/second-factor.interface.js';
import { type AuthModuleOptions } from './auth-module-options.interface.js';
import { resolveAuthOptions } from './resolve-auth-options.js';
import { resolveMfa } from './resolve-mfa.js';

const base: AuthModuleOptions = { secret: 'x'.repeat(32), store: 'memory' };
const mfaOf = (mfa: unknown, extra: Partial<AuthModuleOptions> = {}) =>
  resolveMfa({ ...base, ...extra, mfa } as AuthModuleOptions);
const factor = (method: string): SecondFactor => ({
  method,
  isEnrolled: async () => true,
  verify: async () => true,
});

describe('resolveMfa', () => {
  it('is null when unset, and applies the defaults: TOTP, 5 minutes, 5 attempts, 20 per user, a 15-minute-old login', () => {
    expect(mfaOf(undefined)).toBeNull();
    expect(mfaOf({})).toEqual({
      totp: { issuer: 'nest-jwt-auth', recoveryCodes: 10, encryptionKey: null },
      factors: [],
      mfaTokenTtl: 300,
      maxAttemptsPerMfaToken: 5,
      maxAttemptsPerUser: 20,
      freshLoginSeconds: 900,
    });
    expect(() => mfaOf({ freshLoginSeconds: 0 })).toThrow(/freshLoginSeconds/);
  });

  it('names the TOTP issuer after the issuer option unless told, and keeps what is given', () => {
    expect(mfaOf({}, { issuer: 'shop' })!.totp!.issuer).toBe('shop');
    const push = factor('push');
    const store = new MemoryMfaFactorStore();
    const key = 'k'.repeat(32);
    expect(
      mfaOf({
        totp: { issuer: 'Shop', recoveryCodes: 8, encryptionKey: key },
        factors: [push],
        factorStore: store,
        mfaTokenTtl: '2m',
      }),
    ).toMatchObject({
      totp: { issuer: 'Shop', recoveryCodes: 8, encryptionKey: Buffer.from(key) },
      factors: [push],
      factorStore: store,
      mfaTokenTtl: 120,
    });
    expect(mfaOf({ totp: false, factors: [push] })!.totp).toBeNull();
  });

  it.each<[string, unknown, Partial<AuthModuleOptions>, RegExp]>([
    ['not an object', true, {}, /mfa must be an object/],
    ['totp not an object', { totp: 'yes' }, {}, /mfa.totp must be an object or false/],
    ['an issuer with a colon', { totp: { issuer: 'a:b' } }, {}, /mfa.totp.issuer/],
    ['a short encryption key', { totp: { encryptionKey: 'short' } }, {}, /at least 32 bytes/],
    ['no factor at all', { totp: false }, {}, /mfa has no factor/],
    ['a factor without verify', { factors: [{ method: 'push' }] }, {}, /mfa.factors must be/],
    ['a factor named totp', { factors: [factor('totp')] }, {}, /built in/],
    ['two factors of one name', { factors: [factor('sms'), factor('sms')] }, {}, /twice/],
    ['an mfaToken living hours', { mfaTokenTtl: '2h' }, {}, /mfa.mfaTokenTtl/],
    ['attempts of 0', { maxAttemptsPerMfaToken: 0 }, {}, /mfa.maxAttemptsPerMfaToken is 0/],
    [
      'own stores without a factor store',
      {},
      { store: { denylist: {} as never, sessions: {} as never } },
      /mfa.factorStore/,
    ],
  ])('refuses %s, saying what to do', (_case, mfa, extra, message) => {
    expect(() => mfaOf(mfa, extra)).toThrow(AuthConfigError);
    expect(() => mfaOf(mfa, extra)).toThrow(message);
  });

  it('refuses a misspelt option of mfa and of mfa.totp', () => {
    expect(() => resolveAuthOptions({ ...base, mfa: { tottp: {} } } as never)).toThrow(
      /unknown option mfa.tottp/,
    );
    expect(() => resolveAuthOptions({ ...base, mfa: { totp: { isuer: 'x' } } } as never)).toThrow(
      /unknown option mfa.totp.isuer/,
    );
  });
});
