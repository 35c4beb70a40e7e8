// docs/testing.md's example of testing your own guarded controller with AuthTestingModule.
import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  type AuthenticatedUser,
  AuthService,
  CurrentUser,
  JwtAuthGuard,
  Roles,
} from 'nest-jwt-auth';
import { AuthTestingModule, TestClock, TestTokens } from 'nest-jwt-auth/testing';
import request from 'supertest';

/** An app's own controller, as it would be in production. */
@Controller('orders')
class OrdersController {
  @Get()
  mine(@CurrentUser('sub') userId: string) {
    return { userId, orders: [] };
  }

  @Roles('admin')
  @Get('all')
  all(@CurrentUser() user: AuthenticatedUser) {
    return { by: user.sub };
  }
}

describe('OrdersController, tested with AuthTestingModule', () => {
  let app: INestApplication;
  let tokens: TestTokens;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot({ accessTokenTtl: '5m' })],
      controllers: [OrdersController],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    tokens = app.get(TestTokens);
  });

  afterAll(() => app.close());

  it('serves the user their orders', async () => {
    const response = await request(app.getHttpServer())
      .get('/orders')
      .set(await tokens.bearer({ sub: 'u1' }))
      .expect(200);
    expect(response.body).toEqual({ userId: 'u1', orders: [] });
  });

  it('refuses requests without a token, and non-admins on /orders/all', async () => {
    await request(app.getHttpServer()).get('/orders').expect(401);
    await request(app.getHttpServer())
      .get('/orders/all')
      .set(await tokens.bearer({ sub: 'u1', roles: ['user'] }))
      .expect(403);
    await request(app.getHttpServer())
      .get('/orders/all')
      .set(await tokens.bearer({ sub: 'boss', roles: ['admin'] }))
      .expect(200);
  });

  it('sees a token expire when the test clock moves past it', async () => {
    const auth = await tokens.bearer({ sub: 'u1' });
    app.get(TestClock).advance(5 * 60 * 1000);
    const response = await request(app.getHttpServer()).get('/orders').set(auth).expect(401);
    expect(response.body.code).toBe('token_expired');
    app.get(TestClock).reset();
  });

  it('sees a logout at once (the memory denylist)', async () => {
    const pair = await tokens.pair({ sub: 'u2' });
    const claims = await app.get(AuthService).verifyAccessToken(pair.accessToken);
    await app.get(AuthService).logout(claims);
    const response = await request(app.getHttpServer())
      .get('/orders')
      .set('Authorization', `Bearer ${pair.accessToken}`)
      .expect(401);
    expect(response.body.code).toBe('token_revoked');
  });
});
