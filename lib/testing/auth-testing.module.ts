import { randomBytes } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth.module.js';
import {
  type AuthModuleExtras,
  type AuthModuleOptions,
} from '../options/auth-module-options.interface.js';
import { TestClock } from './test-clock.js';
import { TestTokens } from './test-tokens.js';

/**
 * `AuthModule` for an app's own tests: a random secret, the memory store (denylist and
 * sessions), no login throttle, no auth routes, a {@link TestClock} as its clock and
 * {@link TestTokens} to mint tokens. Any option can still be overridden.
 *
 * @example
 * ```ts
 * const app = (await Test.createTestingModule({ imports: [AuthTestingModule.forRoot()], controllers: [OrdersController] }).compile()).createNestApplication();
 * await app.init();
 * await request(app.getHttpServer()).get('/orders').set(await app.get(TestTokens).bearer({ sub: 'u1' })).expect(200);
 * ```
 */
@Module({})
export class AuthTestingModule {
  static forRoot(options: Partial<AuthModuleOptions> & AuthModuleExtras = {}): DynamicModule {
    const clock = new TestClock();
    return {
      module: AuthTestingModule,
      global: true,
      imports: [
        AuthModule.forRoot({
          secret: randomBytes(32).toString('base64url'),
          store: 'memory',
          loginThrottle: false,
          controller: false,
          clock: clock.now,
          ...options,
        } as AuthModuleOptions & AuthModuleExtras),
      ],
      providers: [{ provide: TestClock, useValue: clock }, TestTokens],
      exports: [TestClock, TestTokens],
    };
  }
}
