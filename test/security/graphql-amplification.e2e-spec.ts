// One POST /graphql naming a guarded field 5,000 times (aliases) must not run the whole
// verification 5,000 times: Nest runs guards once per resolver, so the guard authenticates once
// per operation and every resolver reuses that answer, revocation included. @Roles() is still
// checked per resolver. Express only (see jest.config.js): Apollo on Fastify needs another package.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type INestApplication } from '@nestjs/common';
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
  Roles,
  TestTokens,
} from 'nest-jwt-auth';
import { AccessTokenVerifier } from '../../lib/tokens/access-token-verifier.js';
import { forgeToken } from '../support/forge-token.js';

@ObjectType()
class Viewer {
  @Field()
  sub!: string;
}

@Resolver()
class ViewerResolver {
  @Query(() => Viewer)
  me(@CurrentUser() user: AuthenticatedUser): Viewer {
    return user;
  }

  @Roles('admin')
  @Query(() => String)
  adminReport(@CurrentUser('sub') sub: string): string {
    return `report for ${sub}`;
  }
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { path?: string[]; extensions: Record<string, unknown> }[];
}

const ALIASES = 5000;
/** Fewer for refusals: graphql-js makes an error per refused alias, which costs seconds. */
const REFUSED_ALIASES = 1000;
let app: INestApplication;
let url: string;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthTestingModule.forRoot(),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        autoSchemaFile: true,
        graphiql: false,
      }),
    ],
    providers: [ViewerResolver, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  url = `${await app.getUrl()}/graphql`;
  // The first operation pays for warming up Apollo and the schema.
  await graphql('{ me { sub } }');
});

afterAll(() => app?.close());
afterEach(() => jest.restoreAllMocks());

/** `{ a0: me { sub } a1: me { sub } ... }`, `count` times. */
const aliasesOfMe = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: me { sub }`).join(' ')} }`;

async function graphql(query: string, token?: string): Promise<GraphQLBody> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as GraphQLBody;
  console.log(
    `${query.length} characters of query answered in ${(performance.now() - started).toFixed(0)} ms`,
  );
  return body;
}

/**
 * The distinct auth codes of the errors. A refused non-null field nulls the whole answer, so
 * graphql-js may report only the first of the refused aliases.
 */
const authCodes = (body: GraphQLBody) => [
  ...new Set(body.errors?.map((error) => error.extensions.authCode)),
];

/** Counts the verifications and denylist lookups of what follows. */
function countChecks() {
  const verifier = app.get(AccessTokenVerifier);
  return {
    verify: jest.spyOn(verifier, 'verify'),
    verifyJws: jest.spyOn(verifier, 'verifyJws'),
    denylist: jest.spyOn(app.get<Denylist>(Denylist), 'has'),
  };
}

describe(`a query with ${ALIASES} aliases of a guarded field`, () => {
  it('verifies the token and asks the denylist once', async () => {
    const token = await app.get(TestTokens).accessToken({ sub: 'ann' });
    const checks = countChecks();
    const body = await graphql(aliasesOfMe(ALIASES), token);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toHaveLength(ALIASES);
    expect(body.data!.a4999).toEqual({ sub: 'ann' });
    expect(checks.verify).toHaveBeenCalledTimes(1);
    expect(checks.verifyJws).toHaveBeenCalledTimes(1);
    expect(checks.denylist).toHaveBeenCalledTimes(1);
  });

  it(`refuses ${REFUSED_ALIASES} aliases of a revoked token after one denylist lookup`, async () => {
    const pair = await app.get(TestTokens).pair({ sub: 'bea' });
    const auth = app.get(AuthService);
    await auth.logout(await auth.verifyAccessToken(pair.accessToken));
    const checks = countChecks();
    const body = await graphql(aliasesOfMe(REFUSED_ALIASES), pair.accessToken);
    expect(authCodes(body)).toEqual(['token_revoked']);
    expect(checks.denylist).toHaveBeenCalledTimes(1);
  });

  it(`checks the signature of a forged token once, not once per alias (${REFUSED_ALIASES})`, async () => {
    const checks = countChecks();
    const forged = forgeToken({ secret: 'x'.repeat(40) });
    const body = await graphql(aliasesOfMe(REFUSED_ALIASES), forged);
    expect(authCodes(body)).toEqual(['token_invalid']);
    expect(checks.verifyJws).toHaveBeenCalledTimes(1);
    expect(checks.denylist).not.toHaveBeenCalled();
  });
});

describe('the answer reused within one operation', () => {
  it('still meets @Roles() per resolver', async () => {
    const token = await app.get(TestTokens).accessToken({ sub: 'cid', roles: ['user'] });
    const checks = countChecks();
    const body = await graphql('{ me { sub } adminReport }', token);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['adminReport'],
        extensions: expect.objectContaining({ authCode: 'forbidden' }),
      }),
    ]);
    expect(checks.verify).toHaveBeenCalledTimes(1);
    const admin = await app.get(TestTokens).accessToken({ sub: 'dee', roles: ['admin'] });
    expect((await graphql('{ me { sub } adminReport }', admin)).data).toEqual({
      me: { sub: 'dee' },
      adminReport: 'report for dee',
    });
  });

  it('is not carried over to the next request: each asks the denylist again', async () => {
    const pair = await app.get(TestTokens).pair({ sub: 'eve' });
    const checks = countChecks();
    expect((await graphql(aliasesOfMe(3), pair.accessToken)).errors).toBeUndefined();
    const auth = app.get(AuthService);
    await auth.logout(await auth.verifyAccessToken(pair.accessToken));
    const body = await graphql(aliasesOfMe(3), pair.accessToken);
    expect(authCodes(body)).toEqual(['token_revoked']);
    expect(checks.denylist).toHaveBeenCalledTimes(3);
  });
});
