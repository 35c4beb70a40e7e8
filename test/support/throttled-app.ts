import { setTimeout as sleep } from 'node:timers/promises';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  AuthModule,
  type AuthModuleOptions,
  type AuthStoreOptions,
  type LoginThrottleOptions,
  normalizeUsername,
} from 'nest-jwt-auth';
import request from 'supertest';
import { createHttpApp } from './http-app.js';
import { TEST_SECRET } from './test-secret.js';

/**
 * A `validateCredentials` that counts its calls: every call is a password check an attacker
 * got. It accepts the password `right` for any spelling of a username, after a pause like a
 * password hash's, so that a burst's requests are all in flight while the first are checked.
 */
export class PasswordChecks {
  /** Every call. */
  count = 0;
  /** Calls with a wrong password. */
  failed = 0;

  readonly validate = async (username: string, password: string) => {
    this.count++;
    if (password !== 'right') this.failed++;
    await sleep(20);
    return password === 'right' ? { sub: normalizeUsername(username) } : null;
  };
}

/**
 * An app whose login is throttled by `loginThrottle`, checking passwords with `checks`, and
 * trusting `X-Forwarded-For` so that tests can log in from many addresses.
 */
export async function bootThrottledApp(
  store: AuthStoreOptions,
  loginThrottle: LoginThrottleOptions | false,
  checks = new PasswordChecks(),
  options: Partial<AuthModuleOptions> = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        store,
        validateCredentials: checks.validate,
        loginThrottle,
        ...options,
      }),
    ],
  }).compile();
  return createHttpApp(moduleRef, { trustProxy: true });
}

/** `POST /auth/login`, from `ip` when given. */
export function loginFrom(app: INestApplication, username: string, password: string, ip?: string) {
  const call = request(app.getHttpServer()).post('/auth/login');
  if (ip) call.set('X-Forwarded-For', ip);
  return call.send({ username, password });
}

/** How many responses had each status, e.g. `{ 401: 5, 429: 25 }`. */
export const statusTally = (responses: { status: number }[]) =>
  responses.reduce<Record<number, number>>((tally, { status }) => {
    tally[status] = (tally[status] ?? 0) + 1;
    return tally;
  }, {});
