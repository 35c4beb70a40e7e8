import 'reflect-metadata';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule } from './auth.module.js';
import { AuthService } from './auth.service.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { type AuthModuleOptions } from './options/auth-module-options.interface.js';
import { type AuthUser } from './interfaces/auth-user.interface.js';

const SECRET = `${'x'.repeat(32)}-auth-service-scopes-spec`;

const ANN: AuthUser = {
  sub: 'user-ann',
  roles: ['clerk'],
  scopes: ['orders:read', 'orders:write'],
};

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

async function serviceWith(options: Partial<AuthModuleOptions> = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: SECRET,
        store: 'memory',
        validateCredentials: async (username) => (username === 'ann' ? ANN : null),
        ...options,
      }),
    ],
  }).compile();
  await moduleRef.init();
  return { auth: moduleRef.get(AuthService), close: () => moduleRef.close() };
}

beforeAll(() => {
  // The memory store's start-up warning.
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});

afterAll(() => {
  jest.restoreAllMocks();
});

describe('AuthService: scopes', () => {
  it('signs the scopes validateCredentials grants as a space-delimited scope claim', async () => {
    const { auth, close } = await serviceWith();
    try {
      const { accessToken } = (await auth.login('ann', 'any')) as TokenPair;
      const claims = claimsOf(accessToken);
      expect(claims.scope).toBe('orders:read orders:write');
      expect(claims).not.toHaveProperty('scopes');
      expect((await auth.verifyAccessToken(accessToken)).scope).toBe('orders:read orders:write');
    } finally {
      await close();
    }
  });

  it('signs no scope claim for a user without scopes', async () => {
    const { auth, close } = await serviceWith();
    try {
      const { accessToken } = await auth.issueTokens({ sub: 'plain', scopes: [] });
      expect(claimsOf(accessToken)).not.toHaveProperty('scope');
    } finally {
      await close();
    }
  });

  it('keeps the scopes on refresh', async () => {
    const { auth, close } = await serviceWith();
    try {
      const first = (await auth.login('ann', 'any')) as TokenPair;
      const second = await auth.refresh(first.refreshToken);
      expect(claimsOf(second.accessToken).scope).toBe('orders:read orders:write');
    } finally {
      await close();
    }
  });

  it('gives refreshIdentity the scopes as a list, and signs those it returns', async () => {
    const asked: AuthUser[] = [];
    const { auth, close } = await serviceWith({
      refreshIdentity: async (user) => {
        asked.push(user);
        return { ...user, scopes: ['orders:read'] };
      },
    });
    try {
      const first = (await auth.login('ann', 'any')) as TokenPair;
      const second = await auth.refresh(first.refreshToken);
      expect(asked).toEqual([
        { sub: 'user-ann', roles: ['clerk'], scopes: ['orders:read', 'orders:write'] },
      ]);
      expect(claimsOf(second.accessToken).scope).toBe('orders:read');
    } finally {
      await close();
    }
  });

  it('never lets claims() set scope or scopes', async () => {
    const { auth, close } = await serviceWith({
      claims: () => ({ scope: 'admin:all', scopes: ['admin:all'] }),
    });
    try {
      const { accessToken } = await auth.issueTokens({ sub: 'plain' });
      expect(claimsOf(accessToken)).not.toHaveProperty('scope');
      expect(claimsOf(accessToken)).not.toHaveProperty('scopes');
    } finally {
      await close();
    }
  });

  it.each([
    ['a scope with a space', ['orders:read', 'orders write'], /scopes\[1\] is "orders write"/],
    ['an empty scope', [''], /scopes\[0\] is ""/],
    ['a scope that is no string', [42], /scopes\[0\] is 42/],
    ['a quote, which no challenge could carry', ['a"b'], /scopes\[0\]/],
    ['scopes that are no list', 'orders:read', /must be a list of strings; got string/],
  ])('refuses a login granting %s, loudly', async (_case, scopes, message) => {
    const { auth, close } = await serviceWith({
      validateCredentials: async () => ({ sub: 'bad', scopes }) as unknown as AuthUser,
    });
    try {
      await expect(auth.login('bad', 'any')).rejects.toThrow(message);
    } finally {
      await close();
    }
  });
});
