// The app docs/migrating-from-the-recipe.md ends with: the NestJS docs recipe's shape (a
// UsersService, a global guard, @Public(), a profile route) on nest-jwt-auth, and the recipe's
// end-to-end checks passing against it, on a real Redis.
import 'reflect-metadata';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Controller, Get, Injectable, type INestApplication, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  type AuthenticatedUser,
  type AuthUser,
  AuthModule,
  CurrentUser,
  JwtAuthGuard,
  Public,
} from 'nest-jwt-auth';
import request from 'supertest';
import { expectAuthError } from '../support/expect-auth-error.js';
import { createHttpApp } from '../support/http-app.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TEST_SECRET } from '../support/test-secret.js';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

interface User {
  userId: string;
  username: string;
  salt: Buffer;
  passwordHash: Buffer;
}

/** The recipe's UsersService, kept: it now checks a password hash and returns an AuthUser. */
@Injectable()
class UsersService {
  private readonly users: Promise<User[]> = Promise.all(
    [
      { userId: '1', username: 'alice', password: 'wonderland' },
      { userId: '2', username: 'bob', password: 'builder' },
    ].map(async ({ password, ...user }) => {
      const salt = randomBytes(16);
      return { ...user, salt, passwordHash: await scryptAsync(password, salt, 32) };
    }),
  );

  async findOne(username: string): Promise<User | undefined> {
    return (await this.users).find((user) => user.username === username);
  }

  async validateCredentials(username: string, password: string): Promise<AuthUser | null> {
    const user = await this.findOne(username);
    if (!user) return null;
    const hash = await scryptAsync(password, user.salt, user.passwordHash.length);
    if (!timingSafeEqual(hash, user.passwordHash)) return null;
    return { sub: user.userId, username: user.username };
  }
}

@Module({ providers: [UsersService], exports: [UsersService] })
class UsersModule {}

/** What is left of the recipe's AuthController: the profile route, at the same path. */
@Controller('auth')
class ProfileController {
  @Get('profile')
  profile(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }
}

@Controller()
class AppController {
  @Public()
  @Get()
  status() {
    return { status: 'ok' };
  }
}

function appModule(keyPrefix: string) {
  @Module({
    imports: [
      UsersModule,
      AuthModule.forRootAsync({
        imports: [UsersModule],
        inject: [UsersService],
        useFactory: (users: UsersService) => ({
          secret: TEST_SECRET,
          store: { redis: REDIS_URL, keyPrefix },
          validateCredentials: (username, password) =>
            users.validateCredentials(username, password),
          claims: (user) => ({ username: user.username }),
        }),
      }),
    ],
    controllers: [AppController, ProfileController],
    providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
  })
  class AppModule {}
  return AppModule;
}

describe('the recipe app, migrated to nest-jwt-auth', () => {
  const keyPrefix = uniqueKeyPrefix('migrated-from-recipe');
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const login = (username: string, password: string) =>
    http().post('/auth/login').send({ username, password });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [appModule(keyPrefix)],
    }).compile();
    app = await createHttpApp(moduleRef);
  });

  afterAll(async () => {
    await app?.close();
    await deleteKeys(keyPrefix);
  });

  it('logs in: 200 with an access token (and now a refresh token)', async () => {
    const response = await login('alice', 'wonderland').expect(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshExpiresIn: 604800,
    });
  });

  it('refuses a wrong password or an unknown user: 401 invalid_credentials', async () => {
    expectAuthError(await login('alice', 'guess'), 401, 'invalid_credentials');
    expectAuthError(await login('mallory', 'wonderland'), 401, 'invalid_credentials');
  });

  it('refuses the profile without a token: 401 token_missing', async () => {
    expectAuthError(await http().get('/auth/profile'), 401, 'token_missing');
  });

  it('serves the profile with the token: 200 and the user', async () => {
    const { body } = await login('alice', 'wonderland').expect(200);
    const response = await http()
      .get('/auth/profile')
      .set('Authorization', `Bearer ${body.accessToken}`)
      .expect(200);
    expect(response.body).toEqual({
      sub: '1',
      username: 'alice',
      roles: [],
      sid: body.refreshToken.split('.')[0],
    });
  });

  it('serves the @Public() route without a token', async () => {
    const response = await http().get('/').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('refuses the token after logout, which the recipe could not do', async () => {
    const { body } = await login('bob', 'builder').expect(200);
    const auth = { Authorization: `Bearer ${body.accessToken}` };
    await http().get('/auth/profile').set(auth).expect(200);
    await http().post('/auth/logout').set(auth).expect(204);
    expectAuthError(await http().get('/auth/profile').set(auth), 401, 'token_revoked');
  });
});
