import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, JwtAuthGuard } from 'nest-jwt-auth';
import { AppController } from './app.controller.js';
import { type SampleConfig } from './sample-config.js';
import { UsersService } from './users.service.js';

/** The sample app: AuthModule with a global guard, as in the NestJS docs' auth recipe. */
@Module({})
export class AppModule {
  static forConfig(config: SampleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule.forRootAsync({
          imports: [UsersModule],
          inject: [UsersService],
          useFactory: (users: UsersService) => ({
            secret: config.jwtSecret,
            issuer: 'nest-jwt-auth-sample',
            audience: 'sample-api',
            accessTokenTtl: config.accessTokenTtl ?? '15m',
            store: config.redisUrl
              ? { redis: config.redisUrl, keyPrefix: config.redisKeyPrefix }
              : 'memory',
            validateCredentials: (username, password) =>
              users.validateCredentials(username, password),
            claims: (user) => ({ username: user.username }),
          }),
        }),
      ],
      controllers: [AppController],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
    };
  }
}

@Module({ providers: [UsersService], exports: [UsersService] })
class UsersModule {}
