import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AuthException } from './auth.exception.js';
import { storeCall } from './store-call.js';

describe('storeCall', () => {
  const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);

  afterAll(() => {
    error.mockRestore();
    log.mockRestore();
  });

  const fail = () => storeCall(() => Promise.reject(new Error('connect ECONNREFUSED')));

  it('passes results through', async () => {
    await expect(storeCall(async () => 42)).resolves.toBe(42);
  });

  it('turns store failures into 503 auth_store_unavailable, keeping the cause', async () => {
    const thrown = (await fail().catch((caught: unknown) => caught)) as AuthException;
    expect(thrown).toBeInstanceOf(AuthException);
    expect({ code: thrown.code, status: thrown.getStatus() }).toEqual({
      code: 'auth_store_unavailable',
      status: 503,
    });
    expect((thrown.cause as Error).message).toBe('connect ECONNREFUSED');
  });

  it('logs one line when an outage starts and one when it ends, not one per request', async () => {
    await storeCall(async () => 'healthy');
    error.mockClear();
    log.mockClear();
    for (let i = 0; i < 100; i++) await fail().catch(() => undefined);
    expect(error).toHaveBeenCalledTimes(1);
    await storeCall(async () => 'healthy');
    await storeCall(async () => 'healthy');
    expect(log).toHaveBeenCalledTimes(1);
    await fail().catch(() => undefined);
    expect(error).toHaveBeenCalledTimes(2);
  });

  it('lets AuthExceptions through untouched', async () => {
    const original = new AuthException('token_revoked');
    await expect(storeCall(() => Promise.reject(original))).rejects.toBe(original);
  });
});
