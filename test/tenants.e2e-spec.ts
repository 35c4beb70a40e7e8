import { generateKeyPairSync } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  type AuthEvent,
  type AuthHookContext,
  type AuthModuleOptions,
  CurrentTenant,
  CurrentUser,
  type TenantsOptions,
} from 'nest-jwt-auth';
import { startAuthApp } from './support/auth-app.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { forgeToken, validClaims } from './support/forge-token.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { type RunningSample } from './support/sample-app.js';
import { claimsOf, sidOf } from './support/token-claims.js';

const SECRETS = {
  a: 'tenant-a-secret-0123456789abcdef-0123456789',
  b: 'tenant-b-secret-0123456789abcdef-0123456789',
};
const ISSUERS = { a: 'https://a.example.com', b: 'https://b.example.com' };
const TENANTS = {
  a: { issuer: ISSUERS.a, audience: 'api', secret: SECRETS.a },
  b: { issuer: ISSUERS.b, audience: 'api', secret: SECRETS.b },
};

/** What the tenant routes answer: the tenant @CurrentTenant() reads, and the user's `sub`. */
@Controller()
class TenantProbeController {
  @Get('tenant')
  tenant(@CurrentTenant() tenant: string | undefined, @CurrentUser('sub') sub: string) {
    return { tenant, sub };
  }
}

/** Every user's password is 'pw'; the token says which tenant's hook admitted the user. */
function tenantOptions(
  tenants: TenantsOptions,
  extra: Partial<AuthModuleOptions> = {},
): Partial<AuthModuleOptions> {
  return {
    tenants,
    validateCredentials: (username: string, password: string, context?: AuthHookContext) =>
      Promise.resolve(password === 'pw' ? { sub: username, org: context?.tenant } : null),
    claims: (user) => ({ org: user.org }),
    ...extra,
  };
}

type Http = RunningSample['http'];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('tenants: a header names the tenant (Redis)', () => {
  const prefix = uniqueKeyPrefix('tenants');
  const events: AuthEvent[] = [];
  let running: RunningSample;
  let http: Http;

  const options = tenantOptions(
    { resolve: { header: 'X-Tenant-Id' }, tenants: TENANTS },
    {
      store: { redis: REDIS_URL, keyPrefix: prefix },
      loginThrottle: { maxAttemptsPerUsernameAndIp: 3 },
      onAuthEvent: (event) => void events.push(event),
    },
  );

  beforeAll(async () => {
    running = await startAuthApp(options, [TenantProbeController]);
    http = running.http;
  });

  afterAll(async () => {
    await running?.close();
    await deleteKeys(prefix);
  });

  async function loginAt(tenant: string, username = 'alice') {
    const response = await http()
      .post('/auth/login')
      .set('X-Tenant-Id', tenant)
      .send({ username, password: 'pw' })
      .expect(200);
    return response.body as { accessToken: string; refreshToken: string };
  }

  it("signs with the tenant's issuer and key: the token works at its tenant only", async () => {
    const pair = await loginAt('a');
    expect(claimsOf(pair.accessToken)).toMatchObject({ iss: ISSUERS.a, aud: 'api', org: 'a' });
    const atA = await http().get('/tenant').set('X-Tenant-Id', 'a').set(bearer(pair.accessToken));
    expect(atA.status).toBe(200);
    expect(atA.body).toEqual({ tenant: 'a', sub: 'alice' });
    const atB = await http().get('/tenant').set('X-Tenant-Id', 'b').set(bearer(pair.accessToken));
    expectAuthError(atB, 401, 'token_invalid');
  });

  it("refuses a token naming b's issuer but signed with a's key, at both tenants", async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = forgeToken({
      secret: SECRETS.a,
      payload: validClaims({ iss: ISSUERS.b, aud: 'api', sub: 'alice', iat: now }),
    });
    for (const tenant of ['a', 'b']) {
      const response = await http().get('/me').set('X-Tenant-Id', tenant).set(bearer(forged));
      expectAuthError(response, 401, 'token_invalid');
    }
  });

  it("refuses a's refresh token at b, and still refreshes it at a", async () => {
    const pair = await loginAt('a');
    const atB = await http()
      .post('/auth/refresh')
      .set('X-Tenant-Id', 'b')
      .send({ refreshToken: pair.refreshToken });
    expectAuthError(atB, 401, 'refresh_token_invalid');
    await http()
      .post('/auth/refresh')
      .set('X-Tenant-Id', 'a')
      .send({ refreshToken: pair.refreshToken })
      .expect(200);
  });

  it('keeps the sessions of the same sub apart: logout-all at a leaves b signed in', async () => {
    const atA = await loginAt('a', 'carol');
    const atB = await loginAt('b', 'carol');
    await loginAt('b', 'carol');
    const listAt = (tenant: string, token: string) =>
      http().get('/auth/sessions').set('X-Tenant-Id', tenant).set(bearer(token)).expect(200);
    expect((await listAt('a', atA.accessToken)).body).toHaveLength(1);
    expect((await listAt('b', atB.accessToken)).body).toHaveLength(2);

    await http()
      .post('/auth/logout-all')
      .set('X-Tenant-Id', 'a')
      .set(bearer(atA.accessToken))
      .send({})
      .expect(204);
    const revoked = await http().get('/me').set('X-Tenant-Id', 'a').set(bearer(atA.accessToken));
    expectAuthError(revoked, 401, 'token_revoked');
    await http().get('/me').set('X-Tenant-Id', 'b').set(bearer(atB.accessToken)).expect(200);
    expect((await listAt('b', atB.accessToken)).body).toHaveLength(2);
  });

  it("cannot end another tenant's session by its id", async () => {
    const atA = await loginAt('a', 'dave');
    const atB = await loginAt('b', 'dave');
    const response = await http()
      .delete(`/auth/sessions/${sidOf(atA.accessToken)}`)
      .set('X-Tenant-Id', 'b')
      .set(bearer(atB.accessToken));
    expectAuthError(response, 404, 'session_not_found');
    await http().get('/me').set('X-Tenant-Id', 'a').set(bearer(atA.accessToken)).expect(200);
  });

  it('redeems a stream ticket at its own tenant only', async () => {
    const pair = await loginAt('a', 'ivan');
    const { body } = await http()
      .post('/auth/ticket')
      .set('X-Tenant-Id', 'a')
      .set(bearer(pair.accessToken))
      .send({ path: '/tenant' })
      .expect(200);
    const ticket = (body as { ticket: string }).ticket;
    const atB = await http().get(`/tenant?ticket=${ticket}`).set('X-Tenant-Id', 'b');
    expectAuthError(atB, 401, 'token_invalid');
    const atA = await http().get(`/tenant?ticket=${ticket}`).set('X-Tenant-Id', 'a').expect(200);
    expect(atA.body).toEqual({ tenant: 'a', sub: 'ivan' });
  });

  it('throttles a username at one tenant only', async () => {
    const attempt = (tenant: string) =>
      http()
        .post('/auth/login')
        .set('X-Tenant-Id', tenant)
        .send({ username: 'mallory', password: 'wrong' });
    const atA = await Promise.all([1, 2, 3, 4, 5].map(() => attempt('a')));
    expect(atA.map((response) => response.status).sort()).toEqual([401, 401, 401, 429, 429]);
    expectAuthError(await attempt('b'), 401, 'invalid_credentials');
  });

  it('keeps tokens of concurrent logins of one user at two tenants apart', async () => {
    const pairs = await Promise.all(
      ['a', 'b', 'a', 'b', 'a', 'b'].map(async (tenant) => ({
        tenant,
        ...(await loginAt(tenant, 'erin')),
      })),
    );
    for (const { tenant, accessToken } of pairs) {
      const other = tenant === 'a' ? 'b' : 'a';
      await http().get('/me').set('X-Tenant-Id', tenant).set(bearer(accessToken)).expect(200);
      const elsewhere = await http().get('/me').set('X-Tenant-Id', other).set(bearer(accessToken));
      expectAuthError(elsewhere, 401, 'token_invalid');
    }
  });

  it('answers 400 tenant_unknown for a missing or unknown tenant', async () => {
    const pair = await loginAt('a');
    const unknownLogin = await http()
      .post('/auth/login')
      .set('X-Tenant-Id', 'c')
      .send({ username: 'alice', password: 'pw' });
    expectAuthError(unknownLogin, 400, 'tenant_unknown');
    const noTenant = await http().post('/auth/login').send({ username: 'alice', password: 'pw' });
    expectAuthError(noTenant, 400, 'tenant_unknown');
    expectAuthError(await http().get('/me').set(bearer(pair.accessToken)), 400, 'tenant_unknown');
    const inherited = await http()
      .get('/me')
      .set('X-Tenant-Id', '__proto__')
      .set(bearer(pair.accessToken));
    expectAuthError(inherited, 400, 'tenant_unknown');
    // Without a token there is nothing to verify: the tenant does not matter yet.
    expectAuthError(await http().get('/me'), 401, 'token_missing');
  });

  it("keeps every tenant's keys under its own prefix", async () => {
    await loginAt('a', 'frank');
    await loginAt('b', 'frank');
    const client = new Redis(REDIS_URL);
    try {
      const keys: string[] = [];
      for await (const batch of client.scanStream({ match: `${prefix}*`, count: 500 })) {
        keys.push(...(batch as string[]));
      }
      const outside = keys.filter(
        (key) => !key.startsWith(`${prefix}t:a:`) && !key.startsWith(`${prefix}t:b:`),
      );
      expect(outside).toEqual([]);
      expect(keys.some((key) => key.startsWith(`${prefix}t:a:{frank}:session`))).toBe(true);
      expect(keys.some((key) => key.startsWith(`${prefix}t:b:{frank}:session`))).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it("follows each tenant's revocations on a subscription of its own", async () => {
    const client = new Redis(REDIS_URL);
    try {
      const channels = async () =>
        ((await client.pubsub('CHANNELS', `${prefix}*revocations`)) as string[]).sort();
      expect(await channels()).toEqual([
        `${prefix}revocations`,
        `${prefix}t:a:revocations`,
        `${prefix}t:b:revocations`,
      ]);
      // A second instance hears a's logout on a's channel, and refuses the token.
      const second = await startAuthApp(options, [TenantProbeController]);
      try {
        const pair = await loginAt('a', 'heidi');
        await second
          .http()
          .get('/me')
          .set('X-Tenant-Id', 'a')
          .set(bearer(pair.accessToken))
          .expect(200);
        await http()
          .post('/auth/logout')
          .set('X-Tenant-Id', 'a')
          .set(bearer(pair.accessToken))
          .send({})
          .expect(204);
        const refused = await second
          .http()
          .get('/me')
          .set('X-Tenant-Id', 'a')
          .set(bearer(pair.accessToken));
        expectAuthError(refused, 401, 'token_revoked');
      } finally {
        await second.close();
      }
    } finally {
      client.disconnect();
    }
  });

  it('stamps every event with its tenant', async () => {
    events.length = 0;
    await loginAt('b', 'grace');
    expect(events).toEqual([
      expect.objectContaining({ name: 'auth.login', sub: 'grace', tenant: 'b' }),
    ]);
  });
});

describe('tenants: a function of the request names the tenant (memory store)', () => {
  let running: RunningSample;
  let http: Http;

  beforeAll(async () => {
    running = await startAuthApp(
      tenantOptions(
        {
          resolve: (request) => {
            const org = request.headers['x-org'];
            return typeof org === 'string' ? org.toLowerCase() : undefined;
          },
          tenants: TENANTS,
        },
        { store: 'memory' },
      ),
      [TenantProbeController],
    );
    http = running.http;
  });

  afterAll(() => running?.close());

  it('logs in at the tenant the function names, whose token works there only', async () => {
    const { body } = await http()
      .post('/auth/login')
      .set('X-Org', 'B')
      .send({ username: 'alice', password: 'pw' })
      .expect(200);
    const token = (body as { accessToken: string }).accessToken;
    expect(claimsOf(token)).toMatchObject({ iss: ISSUERS.b, org: 'b' });
    const atB = await http().get('/tenant').set('X-Org', 'b').set(bearer(token)).expect(200);
    expect(atB.body).toEqual({ tenant: 'b', sub: 'alice' });
    expectAuthError(
      await http().get('/tenant').set('X-Org', 'a').set(bearer(token)),
      401,
      'token_invalid',
    );
    expectAuthError(await http().get('/tenant').set(bearer(token)), 400, 'tenant_unknown');
  });
});

describe('tenants: the Host names the tenant', () => {
  let running: RunningSample;

  beforeAll(async () => {
    running = await startAuthApp(
      tenantOptions(
        { resolve: { host: { 'a.example.com': 'a', 'B.example.com': 'b' } }, tenants: TENANTS },
        { store: 'memory' },
      ),
      [TenantProbeController],
    );
  });

  afterAll(() => running?.close());

  it('maps the host name, port and case aside, to its tenant', async () => {
    const { body } = await running
      .http()
      .post('/auth/login')
      .set('Host', 'b.example.com:8443')
      .send({ username: 'alice', password: 'pw' })
      .expect(200);
    const token = (body as { accessToken: string }).accessToken;
    const atB = await running
      .http()
      .get('/tenant')
      .set('Host', 'B.EXAMPLE.COM')
      .set(bearer(token))
      .expect(200);
    expect(atB.body).toEqual({ tenant: 'b', sub: 'alice' });
    const atA = await running.http().get('/tenant').set('Host', 'a.example.com').set(bearer(token));
    expectAuthError(atA, 401, 'token_invalid');
    const elsewhere = await running
      .http()
      .get('/tenant')
      .set('Host', 'c.example.com')
      .set(bearer(token));
    expectAuthError(elsewhere, 400, 'tenant_unknown');
  });
});

/** An app route under the tenant's path. */
@Controller('t/:tenant')
class TenantPathController {
  @Get('whoami')
  whoami(@CurrentTenant() tenant: string | undefined, @CurrentUser('sub') sub: string) {
    return { tenant, sub };
  }
}

describe('tenants: a route parameter names the tenant', () => {
  let running: RunningSample;

  beforeAll(async () => {
    running = await startAuthApp(
      tenantOptions({ resolve: { pathParameter: 'tenant' }, tenants: TENANTS }, {
        store: 'memory',
        routePrefix: 't/:tenant/auth',
      } as Partial<AuthModuleOptions>),
      [TenantPathController],
    );
  });

  afterAll(() => running?.close());

  it('serves the auth routes and the app routes under each tenant path', async () => {
    const { body } = await running
      .http()
      .post('/t/a/auth/login')
      .send({ username: 'alice', password: 'pw' })
      .expect(200);
    const pair = body as { accessToken: string; refreshToken: string };
    expect(claimsOf(pair.accessToken)).toMatchObject({ iss: ISSUERS.a, org: 'a' });
    const atA = await running.http().get('/t/a/whoami').set(bearer(pair.accessToken)).expect(200);
    expect(atA.body).toEqual({ tenant: 'a', sub: 'alice' });
    const atB = await running.http().get('/t/b/whoami').set(bearer(pair.accessToken));
    expectAuthError(atB, 401, 'token_invalid');
    const refreshAtB = await running
      .http()
      .post('/t/b/auth/refresh')
      .send({ refreshToken: pair.refreshToken });
    expectAuthError(refreshAtB, 401, 'refresh_token_invalid');
    const unknown = await running.http().get('/t/c/whoami').set(bearer(pair.accessToken));
    expectAuthError(unknown, 400, 'tenant_unknown');
    // Outside the tenant paths no route names a tenant.
    expectAuthError(
      await running.http().get('/me').set(bearer(pair.accessToken)),
      400,
      'tenant_unknown',
    );
  });
});

describe("tenants: each tenant's JWKS", () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'a-1' };
  let running: RunningSample;

  beforeAll(async () => {
    const tenants = { a: { issuer: ISSUERS.a, keys: [jwk] }, b: TENANTS.b };
    running = await startAuthApp(
      tenantOptions({ resolve: { header: 'x-tenant-id' }, tenants }, { store: 'memory' }),
    );
  });

  afterAll(() => running?.close());

  it("serves the request's tenant's public keys, varying on the tenant header", async () => {
    const atA = await running
      .http()
      .get('/.well-known/jwks.json')
      .set('X-Tenant-Id', 'a')
      .expect(200);
    expect(JSON.parse(atA.text)).toEqual({
      keys: [{ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: 'a-1', alg: 'ES256', use: 'sig' }],
    });
    expect(atA.headers.vary).toMatch(/x-tenant-id/i);
    expect(atA.headers['cache-control']).toBe('public, max-age=300');
    const atB = await running.http().get('/.well-known/jwks.json').set('X-Tenant-Id', 'b');
    expect(JSON.parse(atB.text)).toEqual({ keys: [] });
    const nowhere = await running.http().get('/.well-known/jwks.json');
    expect({ status: nowhere.status, code: (nowhere.body as { code?: string }).code }).toEqual({
      status: 400,
      code: 'tenant_unknown',
    });
    expect(nowhere.headers['cache-control']).toBe('no-store');
  });
});
