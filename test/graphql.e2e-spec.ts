// JwtAuthGuard, @CurrentUser(), @Roles(), @Scopes(), @Public() and @OptionalAuth() on Apollo resolvers,
// driven by real HTTP requests to /graphql.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { BadRequestException, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Field, GraphQLModule, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import {
  type AuthenticatedUser,
  AuthService,
  AuthTestingModule,
  CurrentUser,
  Denylist,
  JwtAuthGuard,
  OptionalAuth,
  Public,
  Roles,
  Scopes,
  TestClock,
  TestTokens,
} from 'nest-jwt-auth';
import { forgeToken } from './support/forge-token.js';

@ObjectType()
class Viewer {
  @Field()
  sub!: string;

  @Field({ nullable: true })
  sid?: string;

  @Field(() => [String])
  roles!: string[];
}

@Resolver()
class ViewerResolver {
  @Query(() => Viewer)
  me(@CurrentUser() user: AuthenticatedUser): Viewer {
    return user;
  }

  @Query(() => String)
  mySub(@CurrentUser('sub') sub: string): string {
    return sub;
  }

  @Roles('admin')
  @Query(() => String)
  adminReport(@CurrentUser('sub') sub: string): string {
    return `report for ${sub}`;
  }

  @Roles({ all: ['admin', 'auditor'] })
  @Scopes('orders:read', 'orders:write')
  @Query(() => String)
  orderAudit(@CurrentUser('sub') sub: string): string {
    return `orders audited by ${sub}`;
  }

  @Public()
  @Query(() => String)
  ping(): string {
    return 'pong';
  }

  @Public()
  @Query(() => String)
  invalidInput(): string {
    throw new BadRequestException('The input is invalid.');
  }

  @OptionalAuth()
  @Query(() => String)
  greeting(@CurrentUser() user?: AuthenticatedUser): string {
    return user ? `Hello, ${user.sub}.` : 'Hello, stranger.';
  }
}

interface GraphQLResponse {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
  };
}

let app: INestApplication;
let tokens: TestTokens;
let url: string;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthTestingModule.forRoot({ accessTokenTtl: '5m' }),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        autoSchemaFile: true,
        graphiql: false,
        // What Apollo does outside production: the errors below must still carry no stack.
        includeStacktraceInErrorResponses: true,
      }),
    ],
    providers: [ViewerResolver, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  url = `${await app.getUrl()}/graphql`;
  tokens = app.get(TestTokens);
});

afterAll(() => app?.close());

/** POSTs `query` to /graphql, with `token` as the Bearer credential when given. */
async function graphql(query: string, token?: string): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLResponse['body'] };
}

/** Asserts that the only error is `code`/`authCode` at `field`, with no stack trace anywhere. */
function expectAuthError(
  response: GraphQLResponse,
  field: string,
  expected: { code: string; authCode: string; statusCode: number },
): void {
  expect(response.status).toBe(200);
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error.path).toEqual([field]);
  expect(error.extensions).toEqual({ ...expected, stacktrace: [expect.any(String)] });
  expect(error.message).toEqual(expect.any(String));
  expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+|INTERNAL_SERVER_ERROR|originalError/);
}

const unauthenticated = (authCode: string) => ({
  code: 'UNAUTHENTICATED',
  authCode,
  statusCode: 401,
});

describe('a guarded resolver', () => {
  it('gets the user of a valid token from @CurrentUser()', async () => {
    const token = await tokens.accessToken({ sub: 'ann', roles: ['user'] });
    const response = await graphql('{ me { sub sid roles } mySub }', token);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      me: { sub: 'ann', sid: expect.any(String), roles: ['user'] },
      mySub: 'ann',
    });
  });

  it('refuses an operation without a token: UNAUTHENTICATED, token_missing', async () => {
    const response = await graphql('{ me { sub } }');
    expectAuthError(response, 'me', unauthenticated('token_missing'));
    expect(response.body.data).toBeNull();
  });

  it('refuses an expired token: token_expired', async () => {
    const token = await tokens.accessToken({ sub: 'ann' });
    app.get(TestClock).advance(5 * 60 * 1000 + 1000);
    try {
      expectAuthError(await graphql('{ mySub }', token), 'mySub', unauthenticated('token_expired'));
    } finally {
      app.get(TestClock).reset();
    }
  });

  it('refuses a token signed with another key: token_invalid', async () => {
    const forged = forgeToken({ secret: 'x'.repeat(40) });
    expectAuthError(await graphql('{ mySub }', forged), 'mySub', unauthenticated('token_invalid'));
  });

  it('refuses a token after logout: token_revoked', async () => {
    const pair = await tokens.pair({ sub: 'ann' });
    expect((await graphql('{ mySub }', pair.accessToken)).body.data).toEqual({ mySub: 'ann' });
    const auth = app.get(AuthService);
    await auth.logout(await auth.verifyAccessToken(pair.accessToken));
    expectAuthError(
      await graphql('{ mySub }', pair.accessToken),
      'mySub',
      unauthenticated('token_revoked'),
    );
  });

  it('refuses garbage in the Authorization header: token_malformed', async () => {
    expectAuthError(
      await graphql('{ mySub }', 'not-a-jwt'),
      'mySub',
      unauthenticated('token_malformed'),
    );
  });

  it('answers SERVICE_UNAVAILABLE, auth_store_unavailable, when revocations cannot be checked', async () => {
    const token = await tokens.accessToken({ sub: 'ann' });
    const has = jest
      .spyOn(app.get<Denylist>(Denylist), 'has')
      .mockRejectedValue(new Error('connection refused'));
    try {
      expectAuthError(await graphql('{ mySub }', token), 'mySub', {
        code: 'SERVICE_UNAVAILABLE',
        authCode: 'auth_store_unavailable',
        statusCode: 503,
      });
    } finally {
      has.mockRestore();
    }
    expect((await graphql('{ mySub }', token)).body.data).toEqual({ mySub: 'ann' });
  });
});

describe('@Roles() on a resolver', () => {
  it('refuses a user without the role: FORBIDDEN, forbidden', async () => {
    const token = await tokens.accessToken({ sub: 'ann', roles: ['user'] });
    const response = await graphql('{ adminReport }', token);
    expectAuthError(response, 'adminReport', {
      code: 'FORBIDDEN',
      authCode: 'forbidden',
      statusCode: 403,
    });
    expect(response.body.errors![0].message).toBe('This route requires one of the roles: admin.');
  });

  it('lets a user with the role through', async () => {
    const token = await tokens.accessToken({ sub: 'boss', roles: ['admin'] });
    expect((await graphql('{ adminReport }', token)).body).toEqual({
      data: { adminReport: 'report for boss' },
    });
  });
});

describe('@Scopes() and @Roles({ all }) on a resolver', () => {
  const auditor = { sub: 'ann', roles: ['admin', 'auditor'] };

  it('refuses a token lacking a scope: FORBIDDEN, insufficient_scope, naming the scopes', async () => {
    const token = await tokens.accessToken({ ...auditor, scopes: ['orders:read-all'] });
    const response = await graphql('{ orderAudit }', token);
    expectAuthError(response, 'orderAudit', {
      code: 'FORBIDDEN',
      authCode: 'insufficient_scope',
      statusCode: 403,
    });
    expect(response.body.errors![0].message).toBe(
      'This route requires the scopes: orders:read orders:write.',
    );
  });

  it('refuses a user holding one of the roles only: forbidden', async () => {
    const scopes = ['orders:read', 'orders:write'];
    const token = await tokens.accessToken({ sub: 'ann', roles: ['admin'], scopes });
    expectAuthError(await graphql('{ orderAudit }', token), 'orderAudit', {
      code: 'FORBIDDEN',
      authCode: 'forbidden',
      statusCode: 403,
    });
  });

  it('lets a user with every role and scope through', async () => {
    const token = await tokens.accessToken({ ...auditor, scopes: ['orders:write', 'orders:read'] });
    expect((await graphql('{ orderAudit }', token)).body).toEqual({
      data: { orderAudit: 'orders audited by ann' },
    });
  });
});

describe('@Public() and @OptionalAuth() resolvers', () => {
  it('answer without a token', async () => {
    expect((await graphql('{ ping greeting }')).body).toEqual({
      data: { ping: 'pong', greeting: 'Hello, stranger.' },
    });
  });

  it('see the user of a valid token under @OptionalAuth()', async () => {
    const token = await tokens.accessToken({ sub: 'ann' });
    expect((await graphql('{ greeting }', token)).body.data).toEqual({ greeting: 'Hello, ann.' });
  });

  it('still refuse a bad token under @OptionalAuth()', async () => {
    const forged = forgeToken({ secret: 'x'.repeat(40) });
    expectAuthError(
      await graphql('{ greeting }', forged),
      'greeting',
      unauthenticated('token_invalid'),
    );
  });
});

describe("the app's own exceptions", () => {
  it('are left to the driver, as without the module', async () => {
    const response = await graphql('{ invalidInput }');
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: 'The input is invalid.',
        extensions: expect.objectContaining({ code: 'BAD_REQUEST' }),
      }),
    ]);
  });
});
