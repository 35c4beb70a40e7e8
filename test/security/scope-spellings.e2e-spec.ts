// What insufficient-scope.e2e-spec.ts leaves out: spellings of a scope outside ASCII or made of
// spaces only, and @OptionalAuth() on a route that requires a scope.
import 'reflect-metadata';
import { Controller, Get } from '@nestjs/common';
import { CurrentUser, OptionalAuth, Scopes } from 'nest-jwt-auth';
import { startAuthApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken, validClaims } from '../support/forge-token.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../support/redis.js';
import { bearer, type RunningSample } from '../support/sample-app.js';

@Controller('reports')
class ReportsController {
  @Scopes('reports:read')
  @OptionalAuth()
  @Get()
  read(@CurrentUser('sub') sub: string | undefined) {
    return { sub: sub ?? null };
  }
}

const tokenWith = (extra: Record<string, unknown>) =>
  forgeToken({ payload: validClaims({ iss: undefined, aud: undefined, ...extra }) });

describe('scope spellings and @OptionalAuth', () => {
  const prefix = uniqueKeyPrefix('scope-spellings');
  let app: RunningSample;

  beforeAll(async () => {
    app = await startAuthApp({ store: { redis: REDIS_URL, keyPrefix: prefix } }, [
      ReportsController,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await deleteKeys(prefix);
  });

  it.each([
    ['a Cyrillic homoglyph', 'reports:r\u0435ad'],
    ['a fullwidth colon', 'reports\uFF1Aread'],
    ['a no-break space around it', '\u00A0reports:read\u00A0'],
    ['a zero-width space inside', 'reports:\u200Bread'],
    ['fullwidth letters (equal under NFKC)', 'reports:\uFF52\uFF45\uFF41\uFF44'],
    ['spaces only', '   '],
  ])('grants nothing for %s: 403 insufficient_scope', async (_case, scope) => {
    const response = await app
      .http()
      .get('/reports')
      .set(bearer(tokenWith({ scope })));
    expectAuthError(response, 403, 'insufficient_scope');
  });

  it('lets the scope through with runs of spaces around it', async () => {
    await app
      .http()
      .get('/reports')
      .set(bearer(tokenWith({ scope: '  reports:read   x  ' })))
      .expect(200);
  });

  it('refuses an anonymous request on an @OptionalAuth() route requiring a scope: 401', async () => {
    expectAuthError(await app.http().get('/reports'), 401, 'token_missing');
  });
});
