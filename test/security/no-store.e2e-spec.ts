// RFC 6749 §5.1: answers that carry tokens, sessions or a user are `Cache-Control: no-store`,
// and go without the ETag Express adds to every body; the app's other answers are left alone.
import 'reflect-metadata';
import { Controller, Get, Header, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AuthTestingModule, JwtAuthGuard, Public, TestTokens } from 'nest-jwt-auth';
import request, { type Response } from 'supertest';
import { createHttpApp } from '../support/http-app.js';
import { bearer, HTTP_ADAPTER, login } from '../support/sample-app.js';
import { sampleForSuite } from '../support/sample-for-suite.js';

function expectNoStore(response: Response): void {
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers.etag).toBeUndefined();
}

describe('the sample', () => {
  const { sample } = sampleForSuite('no-store');

  it('login and refresh: no-store, no ETag', async () => {
    const loggedIn = await sample
      .http()
      .post('/auth/login')
      .send({ username: 'alice', password: 'wonderland' })
      .expect(200);
    expectNoStore(loggedIn);
    const refreshed = await sample
      .http()
      .post('/auth/refresh')
      .send({ refreshToken: loggedIn.body.refreshToken })
      .expect(200);
    expectNoStore(refreshed);
  });

  it('GET /auth/sessions and the app’s GET /me: no-store, no ETag', async () => {
    const { accessToken } = await login(sample);
    expectNoStore(await sample.http().get('/auth/sessions').set(bearer(accessToken)).expect(200));
    expectNoStore(await sample.http().get('/me').set(bearer(accessToken)).expect(200));
  });

  it('a refusal of the app’s route: no-store, no ETag', async () => {
    expectNoStore(await sample.http().get('/me').expect(401));
  });

  it('leaves a public answer of the app alone', async () => {
    const response = await sample.http().get('/public').expect(200);
    expect(response.headers['cache-control']).toBeUndefined();
    if (HTTP_ADAPTER === 'express') expect(response.headers.etag).toBeDefined();
  });
});

@Controller()
class CachedController {
  @Get('catalogue')
  @Header('Cache-Control', 'private, max-age=60')
  catalogue() {
    return { items: ['a', 'b'] };
  }

  @Public()
  @Get('tagged')
  @Header('ETag', '"v1"')
  tagged() {
    return { items: ['a'] };
  }

  @Public()
  @Get('tagged-no-store')
  @Header('Cache-Control', 'private, no-store')
  @Header('ETag', '"v1"')
  taggedNoStore() {
    return { items: ['a'] };
  }
}

describe('a guarded route with its own Cache-Control', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot()],
      controllers: [CachedController],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
    }).compile();
    app = await createHttpApp(moduleRef);
  });
  afterAll(() => app?.close());

  it('keeps its policy, and on Express its ETag', async () => {
    const response = await request(app.getHttpServer())
      .get('/catalogue')
      .set(await app.get(TestTokens).bearer({ sub: 'ann' }))
      .expect(200);
    expect(response.headers['cache-control']).toBe('private, max-age=60');
    if (HTTP_ADAPTER === 'express') expect(response.headers.etag).toBeDefined();
  });

  it('drops the ETag of any no-store answer of the app, and only of those', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/tagged').expect(200)).headers.etag).toBe('"v1"');
    const noStore = await request(server).get('/tagged-no-store').expect(200);
    expect(noStore.headers['cache-control']).toBe('private, no-store');
    expect(noStore.headers.etag).toBeUndefined();
  });
});

describe('two AuthModule instances in one app', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot(), AuthTestingModule.forRoot()],
      controllers: [CachedController],
    }).compile();
    app = await createHttpApp(moduleRef);
  });
  afterAll(() => app?.close());

  it('hook the app once: its answers still go out, with or without their ETag', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/tagged').expect(200)).headers.etag).toBe('"v1"');
    expect(
      (await request(server).get('/tagged-no-store').expect(200)).headers.etag,
    ).toBeUndefined();
  });
});
