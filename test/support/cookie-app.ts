import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type AuthEvent, AuthModule, type AuthModuleOptions, AuthService } from 'nest-jwt-auth';
import request from 'supertest';
import { HTTP_ADAPTER, initHttpApp } from './http-app.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './redis.js';
import { TEST_SECRET } from './test-secret.js';

/** The one user of a cookie app. */
export const USER = { username: 'alice', password: 'wonderland', sub: 'user-1' };

export interface CookieAppOptions {
  /** Module options over the cookie-mode defaults below. */
  module?: Partial<AuthModuleOptions>;
  /** `app.setGlobalPrefix()`. */
  globalPrefix?: string;
  /** `routePrefix` of the module. */
  routePrefix?: string;
  /** Express `trust proxy` / Fastify `trustProxy`. */
  trustProxy?: boolean;
}

export interface CookieApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  /** Every auth event, in order. */
  events: AuthEvent[];
  /** The user's live session ids, from the Redis store. */
  sessionIds: () => Promise<string[]>;
  close: () => Promise<void>;
}

/**
 * An app with nothing but AuthModule in cookie mode (`tokenLookup: ['header', 'cookie']`, the
 * library's cookie defaults, `secure: false` unless given) on Redis under a key prefix of its
 * own, on this run's adapter. `close()` deletes its keys.
 */
export async function startCookieApp(options: CookieAppOptions = {}): Promise<CookieApp> {
  const prefix = uniqueKeyPrefix('cookie-app');
  const events: AuthEvent[] = [];
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        store: { redis: REDIS_URL, keyPrefix: prefix },
        tokenLookup: ['header', 'cookie'],
        cookies: { secure: false },
        validateCredentials: async (username, password) =>
          username === USER.username && password === USER.password
            ? { sub: USER.sub, roles: ['user'] }
            : null,
        onAuthEvent: (event) => {
          events.push(event);
        },
        ...options.module,
        ...(options.routePrefix ? { routePrefix: options.routePrefix } : {}),
      }),
    ],
  }).compile();
  const app =
    HTTP_ADAPTER === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter({ trustProxy: options.trustProxy }), {
          logger: false,
        })
      : moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  if (HTTP_ADAPTER === 'express' && options.trustProxy) {
    (app as NestExpressApplication).set('trust proxy', true);
  }
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix);
  await initHttpApp(app);
  const auth = app.get(AuthService);
  return {
    app,
    http: () => request(app.getHttpServer()),
    events,
    sessionIds: async () => (await auth.listSessions(USER.sub)).map((session) => session.id),
    close: async () => {
      await app.close();
      await deleteKeys(prefix);
    },
  };
}

/** `name=value` pairs and attributes (lower case) of the Set-Cookie headers of a response. */
export function setCookiesOf(response: {
  headers: Record<string, unknown>;
}): Record<string, { value: string; attributes: string[] }> {
  const raw = response.headers['set-cookie'];
  const lines = (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
  return Object.fromEntries(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      return [
        pair.slice(0, at),
        { value: pair.slice(at + 1), attributes: attributes.map((a) => a.toLowerCase()) },
      ];
    }),
  );
}

/** What a same-origin page sends: supertest's Host replaced by one the Origin can name. */
export const SAME_ORIGIN = { Host: 'localhost', Origin: 'http://localhost' };

/** A browser's session after a same-origin login: its cookies, and the Cookie header of them. */
export interface BrowserSession {
  cookies: Record<string, string>;
  cookieHeader: string;
}

/** Logs the user in from the app's own page (JSON, same origin) and keeps the cookies. */
export async function browserLogin(app: CookieApp, prefix = ''): Promise<BrowserSession> {
  const response = await app
    .http()
    .post(`${prefix}/auth/login`)
    .set(SAME_ORIGIN)
    .send({ username: USER.username, password: USER.password })
    .expect(200);
  const cookies = Object.fromEntries(
    Object.entries(setCookiesOf(response)).map(([name, { value }]) => [name, value]),
  );
  return {
    cookies,
    cookieHeader: Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; '),
  };
}
