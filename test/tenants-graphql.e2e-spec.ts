// @CurrentTenant() and the tenant's keys on an Apollo resolver, driven by real requests to /graphql.
import { type TokenPair } from 'nest-jwt-auth';
import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import {
  AuthModule,
  type AuthModuleOptions,
  CurrentTenant,
  JwtAuthGuard,
  TenantContexts,
} from 'nest-jwt-auth';
import { TEST_SECRET } from './support/test-secret.js';

@Resolver()
class TenantResolver {
  @Query(() => String)
  tenant(@CurrentTenant() tenant: string): string {
    return tenant;
  }
}

let app: INestApplication;
let url: string;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        store: 'memory',
        controller: false,
        validateCredentials: (username: string) => Promise.resolve({ sub: username }),
        tenants: {
          resolve: { header: 'x-tenant-id' },
          tenants: {
            a: { issuer: 'https://a.example', secret: `${TEST_SECRET}-tenant-a` },
            b: { issuer: 'https://b.example', secret: `${TEST_SECRET}-tenant-b` },
          },
        },
      } as AuthModuleOptions),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        autoSchemaFile: true,
        graphiql: false,
      }),
    ],
    providers: [TenantResolver, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  url = `${await app.getUrl()}/graphql`;
});

afterAll(() => app?.close());

async function tenantQuery(token: string, tenant?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(tenant ? { 'x-tenant-id': tenant } : {}),
    },
    body: JSON.stringify({ query: '{ tenant }' }),
  });
  return (await response.json()) as {
    data?: { tenant: string } | null;
    errors?: { extensions: { code: string; authCode: string } }[];
  };
}

describe('a resolver of a tenant-enabled app', () => {
  it("reads the tenant whose keys verified the token, and refuses the other tenant's", async () => {
    const { accessToken } = (await app
      .get(TenantContexts)
      .get('a')!
      .auth.login('ann', 'pw')) as TokenPair;
    expect(await tenantQuery(accessToken, 'a')).toEqual({ data: { tenant: 'a' } });
    const atB = await tenantQuery(accessToken, 'b');
    expect(atB.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'UNAUTHENTICATED', authCode: 'token_invalid' }),
    ]);
    const nowhere = await tenantQuery(accessToken);
    expect(nowhere.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_REQUEST', authCode: 'tenant_unknown' }),
    ]);
  });
});
