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
  Roles,
} from 'nest-jwt-auth';
import request from 'supertest';
import { createHttpApp } from './http-app.js';
import { privateJwk } from './keys.js';

/** The app's own `iss` and `aud`. */
export const OUR_ISSUER = 'https://shop.example';
export const OUR_AUDIENCE = 'shop-api';

@Controller()
class ShopController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Get('admin')
  @Roles('admin')
  admin(@CurrentUser('sub') sub: string) {
    return { sub };
  }
}

export interface MultiIssuerApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  /** `GET path` with `token` as Bearer. */
  get(path: string, token: string): ReturnType<ReturnType<typeof request>['get']>;
  close(): Promise<void>;
}

/**
 * An app that issues its own tokens (an ES256 key, kid `k1`; alice is `user-1` with role
 * `admin`, bob is `user-2`) and trusts the issuers of `options.issuers`, with `GET /me`,
 * `GET /admin` (`@Roles('admin')`) and the /auth routes, on this run's HTTP adapter.
 */
export async function startMultiIssuerApp(
  options: Partial<AuthModuleOptions>,
): Promise<MultiIssuerApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        keys: [privateJwk('ES256', 'k1')],
        issuer: OUR_ISSUER,
        audience: OUR_AUDIENCE,
        store: 'memory',
        loginThrottle: false,
        validateCredentials: async (username, password) => {
          if (username === 'alice' && password === 'wonderland') {
            return { sub: 'user-1', roles: ['admin'] };
          }
          return username === 'bob' && password === 'builder' ? { sub: 'user-2' } : null;
        },
        ...options,
      }),
    ],
    controllers: [ShopController],
    providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
  }).compile();
  const app = await createHttpApp(moduleRef);
  const http = () => request(app.getHttpServer());
  return {
    app,
    http,
    get: (path, token) => http().get(path).set('Authorization', `Bearer ${token}`),
    close: () => app.close(),
  };
}
