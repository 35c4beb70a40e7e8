import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule } from '../auth.module.js';
import { AuthService } from '../auth.service.js';
import { AuthException } from '../errors/auth.exception.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { type AuthModuleOptions } from '../options/auth-module-options.interface.js';
import { tenantOf } from '../request/request-tenant.js';
import { SocketRequest } from '../request/socket-request.js';
import { TenantContexts } from './tenant-contexts.js';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const TENANTS = {
  resolve: { header: 'x-tenant' },
  tenants: {
    a: { issuer: 'https://a.example', secret: 'tenant-a-secret-0123456789abcdef-0123456789' },
    b: { issuer: 'https://b.example', secret: 'tenant-b-secret-0123456789abcdef-0123456789' },
  },
};

async function contextsOf(options: Partial<AuthModuleOptions>) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: SECRET,
        store: 'memory',
        controller: false,
        validateCredentials: (username: string, password: string) =>
          Promise.resolve(password === 'pw' ? { sub: username } : null),
        ...options,
      } as AuthModuleOptions),
    ],
  }).compile();
  const context: INestApplicationContext = await moduleRef.init();
  return { context, contexts: context.get(TenantContexts) };
}

describe('TenantContexts', () => {
  it("hands out the module's own services without tenants, and records no tenant", async () => {
    const { context, contexts } = await contextsOf({});
    const request = { headers: { 'x-tenant': 'a' } };
    expect(contexts.enabled).toBe(false);
    expect(contexts.ids).toEqual([]);
    expect(contexts.scopeOf(request).auth).toBe(context.get(AuthService));
    expect(contexts.scopeOf(request).id).toBeUndefined();
    expect(tenantOf(request)).toBeUndefined();
    await context.close();
  });

  it("picks the request's tenant, records it, and refuses any other id", async () => {
    const { context, contexts } = await contextsOf({ tenants: TENANTS });
    expect(contexts.ids).toEqual(['a', 'b']);
    const request: { headers: Record<string, string>; tenant?: string } = {
      headers: { 'x-tenant': 'b' },
    };
    const scope = contexts.scopeOf(request);
    expect(scope).toBe(contexts.get('b'));
    expect(scope.auth).not.toBe(context.get(AuthService));
    expect([tenantOf(request), request.tenant]).toEqual(['b', 'b']);
    for (const unknown of [{}, { 'x-tenant': 'c' }, { 'x-tenant': 'constructor' }]) {
      expect(() => contexts.scopeOf({ headers: unknown })).toThrow(AuthException);
    }
    // A socket's message has no headers to name a tenant by.
    expect(() => contexts.scopeOf(new SocketRequest({}))).toThrow(AuthException);
    await context.close();
  });

  it("refuses to create an API key through a tenant's AuthService: keys are not tenant-scoped", async () => {
    const { context, contexts } = await contextsOf({ tenants: TENANTS });
    await expect(contexts.get('a')!.auth.createApiKey('alice', { name: 'ci' })).rejects.toThrow(
      /not tenant-scoped/,
    );
    await context.close();
  });

  it("signs each tenant's tokens for its issuer, which the other tenant refuses", async () => {
    const { context, contexts } = await contextsOf({ tenants: TENANTS });
    const [a, b] = [contexts.get('a')!, contexts.get('b')!];
    const { accessToken } = (await a.auth.login('alice', 'pw')) as TokenPair;
    await expect(a.auth.verifyAccessToken(accessToken)).resolves.toMatchObject({
      sub: 'alice',
      iss: 'https://a.example',
    });
    await expect(b.verifier.verify(accessToken)).rejects.toMatchObject({ code: 'token_invalid' });
    expect(await b.auth.listSessions('alice')).toEqual([]);
    expect(await a.auth.listSessions('alice')).toHaveLength(1);
    await context.close();
  });
});
