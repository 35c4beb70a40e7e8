import { AuthConfigError } from '../errors/auth-config-error.js';
import { RECOVERY_CODE_METHOD, TOTP_METHOD } from '../mfa/mfa-methods.js';
import { type ResolvedMfaOptions } from '../mfa/resolved-mfa-options.js';
import { type AuthModuleOptions, type MfaOptions } from './auth-module-options.interface.js';
import { DEFAULTS } from './defaults.js';
import { toSeconds } from './duration.js';

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new AuthConfigError(
      `mfa.${name} is ${JSON.stringify(value)}.`,
      'Give a whole number, 1 or more.',
    );
  }
  return value as number;
}

function resolveTotp(
  totp: MfaOptions['totp'],
  issuer: string | undefined,
): ResolvedMfaOptions['totp'] {
  if (totp === false) return null;
  if (totp !== undefined && (typeof totp !== 'object' || totp === null)) {
    throw new AuthConfigError('mfa.totp must be an object or false.', 'Pass { issuer } or false.');
  }
  const name = totp?.issuer ?? issuer ?? DEFAULTS.totp.issuer;
  if (typeof name !== 'string' || name === '' || name.includes(':')) {
    throw new AuthConfigError(
      `mfa.totp.issuer is ${JSON.stringify(name)}.`,
      'Give the name users should see in their authenticator app, without a colon.',
    );
  }
  const key = totp?.encryptionKey;
  if (
    key !== undefined &&
    !((typeof key === 'string' || Buffer.isBuffer(key)) && Buffer.byteLength(key) >= 32)
  ) {
    throw new AuthConfigError(
      'mfa.totp.encryptionKey must be a string or Buffer of at least 32 bytes.',
      "Generate one with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`, keep it in the environment, or leave it unset.",
    );
  }
  return {
    issuer: name,
    recoveryCodes: positiveInteger(
      'totp.recoveryCodes',
      totp?.recoveryCodes,
      DEFAULTS.totp.recoveryCodes,
    ),
    encryptionKey: key === undefined ? null : Buffer.from(key),
  };
}

function resolveFactors(factors: MfaOptions['factors']): ResolvedMfaOptions['factors'] {
  if (factors === undefined) return [];
  const reserved = [TOTP_METHOD, RECOVERY_CODE_METHOD];
  const seen = new Set<string>();
  for (const factor of Array.isArray(factors) ? factors : [null]) {
    const method = (factor as { method?: unknown } | null)?.method;
    if (
      typeof method !== 'string' ||
      !/^[a-z][a-z0-9_-]{0,31}$/.test(method) ||
      typeof factor?.isEnrolled !== 'function' ||
      typeof factor.verify !== 'function'
    ) {
      throw new AuthConfigError(
        'mfa.factors must be a list of { method, isEnrolled(sub), verify(sub, proof) }.',
        'Give each factor a method name of lowercase letters, digits, - and _ (e.g. webauthn) and both functions.',
      );
    }
    if (reserved.includes(method) || seen.has(method)) {
      throw new AuthConfigError(
        `mfa.factors has the method ${JSON.stringify(method)}${seen.has(method) ? ' twice' : ', which is built in'}.`,
        `Give each factor its own method name, not ${reserved.join(' or ')}.`,
      );
    }
    seen.add(method);
  }
  return factors;
}

/** `mfa` with its defaults, validated; `null` when unset. */
export function resolveMfa(options: AuthModuleOptions): ResolvedMfaOptions | null {
  const mfa = options.mfa;
  if (mfa === undefined) return null;
  if (typeof mfa !== 'object' || mfa === null) {
    throw new AuthConfigError(
      'mfa must be an object.',
      'Pass { totp: { issuer } }, or leave it unset.',
    );
  }
  const totp = resolveTotp(mfa.totp, options.issuer);
  const factors = resolveFactors(mfa.factors);
  if (!totp && factors.length === 0) {
    throw new AuthConfigError(
      'mfa has no factor: totp is false and there are no factors.',
      'Enable totp or give factors, or remove mfa.',
    );
  }
  const store = options.store;
  const ownStores = typeof store === 'object' && store !== null && !('redis' in store);
  if (totp && !mfa.factorStore && ownStores) {
    throw new AuthConfigError(
      'mfa.totp needs a place to keep factors, and store: { denylist, sessions } has none.',
      'Give mfa.factorStore (an MfaFactorStore on your database).',
    );
  }
  const given = mfa.mfaTokenTtl;
  const ttl =
    given === undefined
      ? DEFAULTS.mfa.mfaTokenTtl
      : typeof given === 'number' || typeof given === 'string'
        ? toSeconds(given)
        : undefined;
  if (ttl === undefined || ttl > 3600) {
    throw new AuthConfigError(
      `mfa.mfaTokenTtl is ${JSON.stringify(mfa.mfaTokenTtl)}.`,
      "Give a duration of at most an hour, such as '5m'.",
    );
  }
  return {
    totp,
    factors,
    ...(mfa.factorStore ? { factorStore: mfa.factorStore } : {}),
    mfaTokenTtl: ttl,
    maxAttemptsPerMfaToken: positiveInteger(
      'maxAttemptsPerMfaToken',
      mfa.maxAttemptsPerMfaToken,
      DEFAULTS.mfa.maxAttemptsPerMfaToken,
    ),
    maxAttemptsPerUser: positiveInteger(
      'maxAttemptsPerUser',
      mfa.maxAttemptsPerUser,
      DEFAULTS.mfa.maxAttemptsPerUser,
    ),
    freshLoginSeconds: positiveInteger(
      'freshLoginSeconds',
      mfa.freshLoginSeconds,
      DEFAULTS.mfa.freshLoginSeconds,
    ),
  };
}
