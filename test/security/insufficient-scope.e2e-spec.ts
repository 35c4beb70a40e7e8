// A scope is granted by the token's `scope` claim alone, entry by entry and whole: no prefix,
// substring, spelling or other claim grants it, and a `scope` claim of another type is refused.
// A route it does not grant answers 403 insufficient_scope with the RFC 6750 §3.1 challenge.
import { startAuthApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken, validClaims } from '../support/forge-token.js';
import { insufficientScope, OrdersController } from '../support/orders-controller.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../support/redis.js';
import { bearer, type RunningSample } from '../support/sample-app.js';

/** A token of ours (signed with the tests' secret) whose claims carry `extra`. */
const tokenWith = (extra: Record<string, unknown>) =>
  forgeToken({ payload: validClaims({ iss: undefined, aud: undefined, ...extra }) });

describe('insufficient scope', () => {
  const prefix = uniqueKeyPrefix('insufficient-scope');
  let app: RunningSample;

  const create = (token: string) => app.http().post('/orders').set(bearer(token));

  beforeAll(async () => {
    app = await startAuthApp({ store: { redis: REDIS_URL, keyPrefix: prefix } }, [
      OrdersController,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await deleteKeys(prefix);
  });

  it('lets the exact scopes through, in any order, with others beside them', async () => {
    await create(tokenWith({ scope: 'orders:read orders:write' })).expect(201);
    await create(tokenWith({ scope: 'profile orders:write  orders:read' })).expect(201);
  });

  it.each([
    ['a longer scope starting with it', 'orders:read-all orders:write-all'],
    ['a prefix of it', 'orders:rea orders:writ'],
    ['a scope it is a prefix of', 'orders orders:write'],
    ['it inside a longer scope', 'xorders:read orders:write'],
    ['another case', 'ORDERS:READ orders:write'],
    ['a comma instead of a space', 'orders:read,orders:write'],
    ['a tab instead of a space', 'orders:read\torders:write'],
    ['one of the two', 'orders:write'],
    ['nothing', ''],
  ])('answers %s 403 insufficient_scope with the challenge', async (_case, scope) => {
    const response = await create(tokenWith({ scope }));
    expectAuthError(response, 403, 'insufficient_scope');
    expect(response.headers['www-authenticate']).toBe(
      insufficientScope('orders:read orders:write'),
    );
  });

  it.each([
    ['a scopes claim of its own', { scopes: ['orders:read', 'orders:write'] }],
    ['the scopes as roles', { roles: ['orders:read', 'orders:write'] }],
    ['no scope claim at all', {}],
  ])('grants nothing for %s', async (_case, extra) => {
    const response = await create(tokenWith(extra));
    expectAuthError(response, 403, 'insufficient_scope');
  });

  it.each([
    ['a list', ['orders:read', 'orders:write']],
    ['a number', 1],
    ['an object', { 'orders:read': true }],
    ['null', null],
    ['true', true],
  ])('refuses a scope claim that is %s: 401 token_invalid', async (_case, scope) => {
    const response = await create(tokenWith({ scope }));
    expectAuthError(response, 401, 'token_invalid');
    expect(response.body.message).toBe('The token scope claim is not a space-delimited string.');
  });

  it('refuses a scope claim of another type even on a route requiring no scope', async () => {
    const response = await app
      .http()
      .get('/me')
      .set(bearer(tokenWith({ scope: ['admin'] })));
    expectAuthError(response, 401, 'token_invalid');
  });
});
