import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  type AuthenticatedUser,
  AuthModule,
  type AuthModuleOptions,
  CurrentUser,
  JwtAuthGuard,
} from 'nest-jwt-auth';
import request from 'supertest';
import { createHttpApp } from './http-app.js';

export const RS_ISSUER = 'https://issuer.example';
export const RS_AUDIENCE = 'orders-api';

@Controller()
class MeController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }
}

export interface ResourceServer {
  app: INestApplication;
  /** `GET /me` with `token` as Bearer. */
  me(token: string): ReturnType<ReturnType<typeof request>['get']>;
  close(): Promise<void>;
}

/**
 * An app in resource-server mode trusting the JWKS at `jwksUrl`, with one guarded route,
 * `GET /me`, on this run's HTTP adapter. The memory store: nothing here revokes tokens.
 */
export async function startResourceServer(
  jwksUrl: string,
  options: Partial<AuthModuleOptions> = {},
): Promise<ResourceServer> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        jwksUrl,
        issuer: RS_ISSUER,
        audience: RS_AUDIENCE,
        store: 'memory',
        ...options,
      }),
    ],
    controllers: [MeController],
    providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
  }).compile();
  const app = await createHttpApp(moduleRef);
  return {
    app,
    me: (token) => request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`),
    close: () => app.close(),
  };
}
