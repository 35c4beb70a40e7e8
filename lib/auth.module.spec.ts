import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthModule } from './auth.module.js';
import {
  type AuthModuleExtras,
  type AuthModuleOptions,
} from './options/auth-module-options.interface.js';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

async function boot(
  options: Partial<AuthModuleOptions>,
  extras: AuthModuleExtras = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: SECRET,
        store: 'memory',
        ...options,
        ...extras,
      } as AuthModuleOptions),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

async function bootAsync(options: Partial<AuthModuleOptions>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRootAsync({
        useFactory: async () =>
          ({ secret: SECRET, store: 'memory', ...options }) as AuthModuleOptions,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const validateCredentials = async (username: string) =>
  username === 'ann' ? { sub: 'ann' } : null;

describe.each([
  ['forRoot', boot],
  ['forRootAsync', bootAsync],
])('AuthModule.%s', (_style, start) => {
  it.each([
    ['no secret', { secret: undefined }, /no secret was given/],
    ['a 31-byte secret', { secret: 'x'.repeat(31) }, /31 bytes long.*at least 32/],
    ['no store', { store: undefined }, /'store' option is missing/],
    ['a bad TTL', { accessTokenTtl: 'soon' }, /accessTokenTtl .* not a duration/],
  ])('refuses to boot with %s, saying how to fix it', async (_case, options, message) => {
    await expect(start(options as Partial<AuthModuleOptions>)).rejects.toThrow(message);
  });

  it('mounts /auth/login when validateCredentials is set', async () => {
    const app = await start({ validateCredentials });
    try {
      await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'ann', password: 'x' })
        .expect(200);
    } finally {
      await app.close();
    }
  });
});

describe('AuthModule extras', () => {
  it('answers 404 on /auth/login without validateCredentials, while refresh stays', async () => {
    const app = await boot({});
    try {
      await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'a', password: 'b' })
        .expect(404);
      const refresh = await request(app.getHttpServer())
        .post('/auth/refresh')
        .send({ refreshToken: 'x' });
      expect(refresh.body.code).toBe('refresh_token_invalid');
    } finally {
      await app.close();
    }
  });

  it('mounts the controller under routePrefix', async () => {
    const app = await boot({ validateCredentials }, { routePrefix: 'session' });
    try {
      const http = request(app.getHttpServer());
      await http.post('/session/login').send({ username: 'ann', password: 'x' }).expect(200);
      await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'ann', password: 'x' })
        .expect(404);
    } finally {
      await app.close();
    }
  });

  it('mounts no controller with controller: false', async () => {
    const app = await boot({ validateCredentials }, { controller: false });
    try {
      await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'ann', password: 'x' })
        .expect(404);
      await request(app.getHttpServer())
        .post('/auth/refresh')
        .send({ refreshToken: 'x' })
        .expect(404);
    } finally {
      await app.close();
    }
  });
});

describe('two AuthModule instances in one process', () => {
  it('each verifies with its own strategy (passport registry is process-wide)', async () => {
    const first = await boot({ validateCredentials });
    const second = await boot({ validateCredentials, secret: `${SECRET}-other` });
    try {
      const token = (
        await request(first.getHttpServer())
          .post('/auth/login')
          .send({ username: 'ann', password: 'x' })
          .expect(200)
      ).body.accessToken;
      await request(first.getHttpServer())
        .post('/auth/logout')
        .set('Authorization', `Bearer ${token}`)
        .expect(204);
      const foreign = await request(second.getHttpServer())
        .post('/auth/logout')
        .set('Authorization', `Bearer ${token}`);
      expect(foreign.body.code).toBe('token_invalid');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
