import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { type AuthEvent, AuthService } from 'nest-jwt-auth';
import request from 'supertest';
import { createAuthHttpApp } from './support/auth-app.js';

const events: AuthEvent[] = [];
let app: INestApplication;

beforeAll(async () => {
  app = await createAuthHttpApp({
    store: 'memory',
    validateCredentials: async (username, password) =>
      password === 'right' ? { sub: `id-${username}`, roles: [] } : null,
    onAuthEvent: (event) => {
      events.push(event);
      // A failing listener must not change any answer.
      if (event.name === 'auth.refresh') throw new Error('listener bug');
    },
  });
});

afterAll(() => app.close());

const http = () => request(app.getHttpServer());
const UA = { 'User-Agent': 'events-test/1.0' };
const last = () => events[events.length - 1];

describe('onAuthEvent', () => {
  it('reports logins and failed logins with user, session, IP and user agent', async () => {
    await http()
      .post('/auth/login')
      .set(UA)
      .send({ username: 'ann', password: 'wrong' })
      .expect(401);
    expect(last()).toMatchObject({
      name: 'auth.login_failed',
      username: 'ann',
      userAgent: 'events-test/1.0',
      ip: expect.any(String),
    });
    expect(last().sub).toBeUndefined();
    const { body } = await http()
      .post('/auth/login')
      .set(UA)
      .send({ username: 'ann', password: 'right' })
      .expect(200);
    expect(last()).toMatchObject({
      name: 'auth.login',
      sub: 'id-ann',
      sid: body.refreshToken.split('.')[0],
      userAgent: 'events-test/1.0',
    });
    expect(last().at).toBeInstanceOf(Date);
  });

  it('reports refresh (even when the listener throws), reuse and logout', async () => {
    const { body: first } = await http()
      .post('/auth/login')
      .send({ username: 'bo', password: 'right' })
      .expect(200);
    const sid = first.refreshToken.split('.')[0];
    const { body: second } = await http()
      .post('/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    expect(last()).toMatchObject({ name: 'auth.refresh', sub: 'id-bo', sid });
    await http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(last()).toMatchObject({ name: 'auth.refresh_reused', sub: 'id-bo', sid });
    expect(second.accessToken).toBeDefined();

    const { body: third } = await http()
      .post('/auth/login')
      .send({ username: 'bo', password: 'right' })
      .expect(200);
    await http()
      .post('/auth/logout')
      .set('Authorization', `Bearer ${third.accessToken}`)
      .expect(204);
    expect(last()).toMatchObject({
      name: 'auth.logout',
      sub: 'id-bo',
      sid: third.refreshToken.split('.')[0],
    });
  });

  it('reports each session ended by revokeAllSessions', async () => {
    for (let i = 0; i < 2; i++) {
      await http().post('/auth/login').send({ username: 'cy', password: 'right' }).expect(200);
    }
    const before = events.length;
    await app.get(AuthService).revokeAllSessions('id-cy');
    const revoked = events.slice(before);
    expect(revoked.map((event) => event.name)).toEqual([
      'auth.session_revoked',
      'auth.session_revoked',
    ]);
    expect(new Set(revoked.map((event) => event.sid)).size).toBe(2);
  });
});
