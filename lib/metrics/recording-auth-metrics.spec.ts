import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { recordMetrics, type RecordedMetrics } from '../../test/support/metric-reader.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { RecordingAuthMetrics } from './recording-auth-metrics.js';

const ok = { err: null, user: { sub: 'u1' } };
const refused = (code: AuthErrorCode) => ({ err: new AuthException(code), user: undefined });

describe('RecordingAuthMetrics', () => {
  let metrics: RecordedMetrics;
  let recorder: RecordingAuthMetrics;

  beforeEach(() => {
    metrics = recordMetrics();
    recorder = new RecordingAuthMetrics(metrics.meterProvider.getMeter('nest-jwt-auth'));
    recorder.onModuleInit();
  });

  afterEach(async () => {
    recorder.onModuleDestroy();
    await metrics.shutdown();
  });

  const authentications = (outcome: string) =>
    metrics.value('nest_jwt_auth.authentications', { outcome });

  it('counts authentications by outcome, settled or not, and times each', async () => {
    const pending = Promise.resolve(refused(AuthErrorCode.TokenRevoked));
    expect(recorder.authentication(ok, recorder.startTimer())).toBe(ok);
    recorder.authentication(ok, recorder.startTimer());
    recorder.authentication(refused(AuthErrorCode.TokenExpired), recorder.startTimer());
    await expect(recorder.authentication(pending, recorder.startTimer())).resolves.toEqual(
      await pending,
    );
    expect(await authentications('ok')).toBe(2);
    expect(await authentications('token_expired')).toBe(1);
    expect(await authentications('token_revoked')).toBe(1);
    expect(await authentications('token_invalid')).toBe(0);
    expect(await metrics.value('nest_jwt_auth.authentication.duration')).toBe(4);
  });

  it('names an outcome as the guard answers it', async () => {
    recorder.authentication({ err: null, user: false }, 0);
    recorder.authentication({ err: new Error('ECONNREFUSED'), user: undefined }, 0);
    expect(await authentications('token_missing')).toBe(1);
    expect(await authentications('auth_store_unavailable')).toBe(1);
  });

  it('reports only the outcomes that happened', async () => {
    recorder.authentication(ok, 0);
    expect(await metrics.attributes('nest_jwt_auth.authentications')).toEqual([{ outcome: 'ok' }]);
  });

  it('counts cache hits and misses', async () => {
    recorder.tokenCacheLookup(true);
    recorder.tokenCacheLookup(true);
    recorder.tokenCacheLookup(false);
    expect(await metrics.value('nest_jwt_auth.token_cache.hits')).toBe(2);
    expect(await metrics.value('nest_jwt_auth.token_cache.misses')).toBe(1);
  });

  it('counts each kind of auth event', async () => {
    for (const name of [
      'auth.login',
      'auth.login',
      'auth.login_failed',
      'auth.refresh',
      'auth.refresh_reused',
      'auth.logout',
      'auth.session_revoked',
    ] as const) {
      recorder.event(name);
    }
    expect(await metrics.value('nest_jwt_auth.logins', { outcome: 'ok' })).toBe(2);
    expect(await metrics.value('nest_jwt_auth.logins', { outcome: 'failed' })).toBe(1);
    expect(await metrics.value('nest_jwt_auth.refreshes')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.refresh_token.reuses')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.logouts')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.session.revocations')).toBe(1);
  });

  it('times store calls and counts their failures, not the answers they refuse with', async () => {
    const quiet = [
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined),
      jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined),
    ];
    await storeCall(async () => 'answer');
    await storeCall(() => Promise.reject(new Error('ECONNREFUSED'))).catch(() => undefined);
    await storeCall(() => Promise.reject(new AuthException(AuthErrorCode.Forbidden))).catch(
      () => undefined,
    );
    expect(await metrics.value('nest_jwt_auth.store.errors')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.store.duration', { outcome: 'ok' })).toBe(2);
    expect(await metrics.value('nest_jwt_auth.store.duration', { outcome: 'error' })).toBe(1);
    // Back to a store that answers, which storeCall logs, before the logger is restored.
    await storeCall(async () => 'answer');
    for (const spy of quiet) spy.mockRestore();
  });

  it('stops observing store calls and takes its callbacks back when the module stops', async () => {
    recorder.tokenCacheLookup(true);
    recorder.onModuleDestroy();
    await storeCall(async () => 'answer');
    expect(await metrics.value('nest_jwt_auth.store.duration')).toBe(0);
    expect(await metrics.value('nest_jwt_auth.token_cache.hits')).toBe(0);
  });
});
