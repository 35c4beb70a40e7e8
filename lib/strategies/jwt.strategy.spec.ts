import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import passport from 'passport';
import { startAuthContext } from '../../test/support/auth-context.js';
import { AuthService } from '../auth.service.js';
import { AuthException } from '../errors/auth.exception.js';
import { JwtStrategy } from './jwt.strategy.js';

let context: INestApplicationContext;
let strategy: JwtStrategy;

beforeAll(async () => {
  context = await startAuthContext({ secret: 'y'.repeat(40), store: 'memory' });
  strategy = context.get(JwtStrategy);
});

afterAll(() => context?.close());

type Answer = { err: unknown; user: unknown; info: unknown; status: unknown };

/** What `passport.authenticate(<the module's strategy name>)` reports for `headers`. */
function viaPassport(headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const authenticate = passport.authenticate(
      strategy.strategyName,
      { session: false },
      (err: unknown, user: unknown, info: unknown, status: unknown) =>
        resolve({ err, user, info, status }),
    ) as (request: unknown, response: unknown, next: () => void) => void;
    authenticate({ headers }, {}, () => undefined);
  });
}

describe('JwtStrategy through passport itself, for apps that call passport directly', () => {
  it('is registered under the module instance’s strategy name', () => {
    expect(strategy.strategyName).toMatch(/^nest-jwt-auth#\d+$/);
    expect(
      (passport as unknown as { _strategy(name: string): unknown })._strategy(
        strategy.strategyName,
      ),
    ).toBe(strategy);
  });

  it('reports the user and the claims of a valid token', async () => {
    const { accessToken } = await context
      .get(AuthService)
      .issueTokens({ sub: 'ann', roles: ['user'] });
    for (let i = 0; i < 2; i++) {
      const answer = await viaPassport({ authorization: `Bearer ${accessToken}` });
      expect(answer.err).toBeNull();
      expect(answer.user).toEqual({ sub: 'ann', sid: expect.any(String), roles: ['user'] });
      expect(answer.info).toMatchObject({
        sub: 'ann',
        jti: expect.any(String),
        exp: expect.any(Number),
      });
    }
  });

  it("fails with passport-jwt's 'No auth token' and 401 without a token", async () => {
    const answer = await viaPassport({});
    expect(answer).toMatchObject({ err: null, user: false, status: 401 });
    expect((answer.info as Error).message).toBe('No auth token');
  });

  it('errors with the AuthException of a refused token', async () => {
    const answer = await viaPassport({ authorization: 'Bearer not.a-token' });
    expect(answer.err).toBeInstanceOf(AuthException);
    expect((answer.err as AuthException).code).toBe('token_malformed');
  });
});
