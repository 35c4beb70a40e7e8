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
import { AuthModule, JwtAuthGuard } from 'nest-jwt-auth';
import { BENCH_SECRET, type BenchConfig } from './bench-configs.js';
import { FloorGuard } from './floor.guard.js';
import { RecipeKeyObjectStrategy, RecipeStrategy } from './recipe.strategy.js';

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

/** One app per configuration: the same route and body, behind a different guard (or none). */
@Module({})
export class BenchModule {
  static forConfig(config: BenchConfig, redisUrl: string, keyPrefix: string): DynamicModule {
    const guard = (useClass: Type<CanActivate>): Provider => ({ provide: APP_GUARD, useClass });
    const setups: Record<BenchConfig, Pick<DynamicModule, 'imports' | 'providers'>> = {
      open: {},
      floor: { providers: [guard(FloorGuard)] },
      'recipe-naive': { providers: [RecipeStrategy, guard(AuthGuard('bench-recipe'))] },
      'recipe-keyobject': {
        providers: [RecipeKeyObjectStrategy, guard(AuthGuard('bench-recipe-keyobject'))],
      },
      'ours-strict': {
        imports: [
          AuthModule.forRoot({
            secret: BENCH_SECRET,
            store: { redis: redisUrl, keyPrefix },
            controller: false,
          }),
        ],
        providers: [guard(JwtAuthGuard)],
      },
    };
    return { module: BenchModule, controllers: [HelloController], ...setups[config] };
  }
}
