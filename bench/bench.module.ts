import {
  type CanActivate,
  Controller,
  type DynamicModule,
  Get,
  Module,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type AuthJwk, AuthModule, type AuthModuleOptions, JwtAuthGuard } from 'nest-jwt-auth';
import { BENCH_SECRET, type ServerConfig } from './bench-configs.js';
import { FloorGuard } from './floor.guard.js';
import { RecipeKeyObjectStrategy, RecipeStrategy } from './recipe.strategy.js';

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

/** Where a server's store lives and the private JWK it signs with (BENCH_SECRET when null). */
export interface BenchServerOptions {
  redisUrl: string;
  keyPrefix: string;
  key: AuthJwk | null;
}

type Setup = Pick<DynamicModule, 'imports' | 'providers'>;

/** One app per configuration: the same route and body, behind a different guard (or none). */
@Module({})
export class BenchModule {
  static forConfig(config: ServerConfig, server: BenchServerOptions): DynamicModule {
    const guard = (useClass: Type<CanActivate>): Provider => ({ provide: APP_GUARD, useClass });
    const auth = (options: Partial<AuthModuleOptions>, controller = false) =>
      AuthModule.forRoot({
        ...(server.key ? { keys: [server.key] } : { secret: BENCH_SECRET }),
        store: { redis: server.redisUrl, keyPrefix: server.keyPrefix },
        controller,
        ...options,
      });
    const ours = (options: Partial<AuthModuleOptions>): Setup => ({
      imports: [auth(options)],
      providers: [guard(JwtAuthGuard)],
    });
    const fast = ours({ revocationMirror: true });
    const setups: Record<ServerConfig, Setup> = {
      open: {},
      'open-unhooked': {},
      floor: { providers: [guard(FloorGuard)] },
      'recipe-naive': { providers: [RecipeStrategy, guard(AuthGuard('bench-recipe'))] },
      'recipe-keyobject': {
        providers: [RecipeKeyObjectStrategy, guard(AuthGuard('bench-recipe-keyobject'))],
      },
      'ours-strict': ours({ verifiedTokenCache: false, revocationMirror: false }),
      'ours-fast': fast,
      'ours-fast-es256': fast,
      'ours-fast-eddsa': fast,
      // No password hashing: login and refresh cost only what the module itself does.
      'auth-flow': {
        imports: [
          auth(
            {
              validateCredentials: async (username) => ({ sub: username, roles: ['user'] }),
              loginThrottle: false,
            },
            true,
          ),
        ],
      },
    };
    return { module: BenchModule, controllers: [HelloController], ...setups[config] };
  }
}
