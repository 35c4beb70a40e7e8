import 'reflect-metadata';
import { jest } from '@jest/globals';
import { type INestApplication, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { type AuthEvent, type AuthModuleOptions } from 'nest-jwt-auth';
import request from 'supertest';
import { createAuthHttpApp } from './support/auth-app.js';

/** An app's audit listener, as docs/health-and-events.md shows it. */
@Injectable()
class AuditListener {
  readonly events: AuthEvent[] = [];

  @OnEvent('auth.login')
  @OnEvent('auth.login_failed')
  @OnEvent('auth.refresh')
  @OnEvent('auth.refresh_reused')
  @OnEvent('auth.logout')
  @OnEvent('auth.session_revoked')
  record(event: AuthEvent): void {
    this.events.push(event);
  }

  // Nest logs and swallows listener errors unless told not to: let this one reach the module.
  @OnEvent('auth.login', { suppressErrors: false })
  async failAsync(): Promise<void> {
    throw new Error('async listener bug');
  }
}

function startApp(options: Partial<AuthModuleOptions> = {}): Promise<INestApplication> {
  return createAuthHttpApp(
    {
      store: 'memory',
      validateCredentials: async (username, password) =>
        password === 'right' ? { sub: `id-${username}`, roles: [] } : null,
      ...options,
    },
    { imports: [EventEmitterModule.forRoot()], providers: [AuditListener] },
  );
}

const UA = { 'User-Agent': 'event-emitter-test/1.0' };
const sidOf = (refreshToken: string) => refreshToken.split('.')[0];

describe('events on @nestjs/event-emitter', () => {
  const callback: AuthEvent[] = [];
  let app: INestApplication;
  let listener: AuditListener;
  const http = () => request(app.getHttpServer());
  const names = () => listener.events.map((event) => event.name);
  const logErrors = jest.spyOn(Logger.prototype, 'error');

  beforeAll(async () => {
    app = await startApp({ onAuthEvent: (event) => void callback.push(event) });
    listener = app.get(AuditListener);
    // A listener that throws synchronously, registered the plain EventEmitter2 way.
    app.get(EventEmitter2).on('auth.login_failed', () => {
      throw new Error('sync listener bug');
    });
  });
  afterAll(async () => {
    await app.close();
    logErrors.mockRestore();
  });
  beforeEach(() => {
    listener.events.length = 0;
    callback.length = 0;
  });

  it('emits auth.login_failed and auth.login, and throwing listeners do not break the login', async () => {
    await http()
      .post('/auth/login')
      .set(UA)
      .send({ username: 'ann', password: 'wrong' })
      .expect(401);
    const { body } = await http()
      .post('/auth/login')
      .set(UA)
      .send({ username: 'ann', password: 'right' })
      .expect(200);
    expect(body.accessToken).toEqual(expect.any(String));

    expect(listener.events).toEqual([
      expect.objectContaining({
        name: 'auth.login_failed',
        username: 'ann',
        ip: expect.any(String),
        userAgent: 'event-emitter-test/1.0',
      }),
      expect.objectContaining({
        name: 'auth.login',
        sub: 'id-ann',
        sid: sidOf(body.refreshToken),
        ip: expect.any(String),
        userAgent: 'event-emitter-test/1.0',
        at: expect.any(Date),
      }),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    const logged = logErrors.mock.calls.map(([message]) => String(message));
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'EventEmitter2 failed for auth.login_failed: Error: sync listener bug',
        ),
        expect.stringContaining('EventEmitter2 failed for auth.login: Error: async listener bug'),
      ]),
    );
  });

  it('emits auth.refresh and auth.refresh_reused with user, session, IP and user agent', async () => {
    const { body: first } = await http()
      .post('/auth/login')
      .send({ username: 'bo', password: 'right' })
      .expect(200);
    await http()
      .post('/auth/refresh')
      .set(UA)
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    await http()
      .post('/auth/refresh')
      .set(UA)
      .send({ refreshToken: first.refreshToken })
      .expect(401);
    const where = { sub: 'id-bo', sid: sidOf(first.refreshToken), ip: expect.any(String) };
    expect(listener.events.slice(1)).toEqual([
      expect.objectContaining({ name: 'auth.refresh', ...where, userAgent: UA['User-Agent'] }),
      expect.objectContaining({
        name: 'auth.refresh_reused',
        ...where,
        userAgent: UA['User-Agent'],
      }),
    ]);
  });

  it('emits auth.logout and auth.session_revoked', async () => {
    const { body: mine } = await http()
      .post('/auth/login')
      .send({ username: 'cy', password: 'right' })
      .expect(200);
    const { body: other } = await http()
      .post('/auth/login')
      .send({ username: 'cy', password: 'right' })
      .expect(200);
    const auth = { Authorization: `Bearer ${mine.accessToken}`, ...UA };
    await http()
      .delete(`/auth/sessions/${sidOf(other.refreshToken)}`)
      .set(auth)
      .expect(204);
    await http().post('/auth/logout').set(auth).expect(204);

    expect(listener.events.slice(2)).toEqual([
      expect.objectContaining({
        name: 'auth.session_revoked',
        sub: 'id-cy',
        sid: sidOf(other.refreshToken),
        ip: expect.any(String),
        userAgent: UA['User-Agent'],
      }),
      expect.objectContaining({
        name: 'auth.logout',
        sub: 'id-cy',
        sid: sidOf(mine.refreshToken),
        ip: expect.any(String),
        userAgent: UA['User-Agent'],
      }),
    ]);
  });

  it('still calls onAuthEvent, with the same events', async () => {
    await http().post('/auth/login').send({ username: 'di', password: 'right' }).expect(200);
    expect(names()).toEqual(['auth.login']);
    expect(callback).toEqual(listener.events);
  });
});

describe('eventEmitter: false', () => {
  it('keeps events off EventEmitter2 and still calls onAuthEvent', async () => {
    const callback: AuthEvent[] = [];
    const app = await startApp({
      eventEmitter: false,
      onAuthEvent: (event) => void callback.push(event),
    });
    try {
      await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'ann', password: 'right' })
        .expect(200);
      expect(app.get(AuditListener).events).toEqual([]);
      expect(callback.map((event) => event.name)).toEqual(['auth.login']);
    } finally {
      await app.close();
    }
  });
});
