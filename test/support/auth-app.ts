import 'reflect-metadata';
import {
  Controller,
  Get,
  type INestApplication,
  type ModuleMetadata,
  type Type,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  type AuthenticatedUser,
  type AuthModuleOptions,
  AuthModule,
  CurrentUser,
  JwtAuthGuard,
  Roles,
} from 'nest-jwt-auth';
import request from 'supertest';
import { type TestAuthOptions } from './auth-context.js';
import { createHttpApp } from './http-app.js';
import { type RunningSample } from './sample-app.js';
import { TEST_SECRET } from './test-secret.js';

/** Two guarded routes to probe tokens with: `/me` (any user) and `/admin` (role `admin`). */
@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Roles('admin')
  @Get('admin')
  admin(@CurrentUser('sub') sub: string) {
    return { admin: sub };
  }
}

/**
 * An initialised HTTP app of `AuthModule.forRoot(options)`, signing with the tests' secret, and of
 * what `module` adds (imported before the AuthModule), on this run's adapter.
 */
export async function createAuthHttpApp(
  options: TestAuthOptions,
  module: ModuleMetadata = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    ...module,
    imports: [
      ...(module.imports ?? []),
      AuthModule.forRoot({ secret: TEST_SECRET, ...options } as AuthModuleOptions),
    ],
  }).compile();
  return createHttpApp(moduleRef);
}

/**
 * An app of `AuthModule.forRoot(options)` (signing with the tests' secret, no login throttle) with
 * the auth routes, {@link ProbeController} and the suite's own `controllers` behind a global
 * `JwtAuthGuard`, on this run's HTTP adapter: for suites that need options, stores or routes the
 * sample does not have.
 */
export async function startAuthApp(
  options: Partial<AuthModuleOptions>,
  controllers: Type[] = [],
): Promise<RunningSample> {
  const app = await createAuthHttpApp({ loginThrottle: false, ...options } as TestAuthOptions, {
    controllers: [ProbeController, ...controllers],
    providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
  });
  return { app, http: () => request(app.getHttpServer()), close: () => app.close() };
}
