// AuthModule builds an Express app's requests and responses with Express's prototypes from the
// start (docs/performance.md), unless told not to; on Fastify it leaves the server alone.
import 'reflect-metadata';
import { IncomingMessage, type Server } from 'node:http';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AuthTestingModule, CurrentUser, JwtAuthGuard, TestTokens } from 'nest-jwt-auth';
import request from 'supertest';
import { createHttpApp } from './support/http-app.js';
import { bearer, HTTP_ADAPTER, login, startSample } from './support/sample-app.js';
import { sampleForSuite } from './support/sample-for-suite.js';
import { sampleConfigFromEnv } from '../sample/sample-config.js';

/** The prototype of the next request as the server built it, before any framework ran. */
function prototypeOnArrival(server: Server): Promise<object> {
  return new Promise((resolve) => {
    server.prependOnceListener('request', (incoming: IncomingMessage) =>
      resolve(Object.getPrototypeOf(incoming) as object),
    );
  });
}

const expressRequestOf = (app: INestApplication) =>
  (app.getHttpAdapter().getInstance() as { request?: object }).request;

describe('the sample', () => {
  const { sample } = sampleForSuite('express-prototypes');

  it('gets requests built with Express’s prototype on Express, Node’s on Fastify', async () => {
    const arrived = prototypeOnArrival(sample.app.getHttpServer() as Server);
    const { accessToken } = await login(sample);
    const expected =
      HTTP_ADAPTER === 'express' ? expressRequestOf(sample.app) : IncomingMessage.prototype;
    expect(await arrived).toBe(expected);
    const me = await sample.http().get('/me').set(bearer(accessToken)).expect(200);
    expect(me.body).toMatchObject({ sub: 'user-1', username: 'alice' });
  });
});

describe('the sample’s PRESET_EXPRESS_PROTOTYPES', () => {
  it('is on unless set to false', () => {
    const config = (value?: string) =>
      sampleConfigFromEnv({ JWT_SECRET: 'x'.repeat(32), PRESET_EXPRESS_PROTOTYPES: value });
    expect(config().presetExpressPrototypes).toBe(true);
    expect(config('true').presetExpressPrototypes).toBe(true);
    expect(config('false').presetExpressPrototypes).toBe(false);
  });

  it('leaves the server’s classes as Node made them when false', async () => {
    const sample = await startSample({ presetExpressPrototypes: false });
    try {
      const arrived = prototypeOnArrival(sample.app.getHttpServer() as Server);
      await sample.http().get('/public').expect(200);
      expect(await arrived).toBe(IncomingMessage.prototype);
    } finally {
      await sample.close();
    }
  });
});

@Controller()
class MeController {
  @Get('me')
  me(@CurrentUser('sub') sub: string) {
    return { sub };
  }
}

describe('presetExpressPrototypes: false', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot({ presetExpressPrototypes: false })],
      controllers: [MeController],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
    }).compile();
    app = await createHttpApp(moduleRef);
  });
  afterAll(() => app?.close());

  it('leaves the server’s classes as Node made them; the guard works the same', async () => {
    const server = app.getHttpServer() as Server;
    const arrived = prototypeOnArrival(server);
    const token = await app.get(TestTokens).bearer({ sub: 'ann' });
    expect((await request(server).get('/me').set(token).expect(200)).body).toEqual({ sub: 'ann' });
    expect(await arrived).toBe(IncomingMessage.prototype);
    await request(server).get('/me').expect(401);
  });
});
