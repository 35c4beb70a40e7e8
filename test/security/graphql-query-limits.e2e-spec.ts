// The sample's GraphQL query limits (sample/graphql/query-limits.ts). Express only, like every
// suite of the sample's /graphql (jest.config.js).
import { jest } from '@jest/globals';
import { JwtAuthGuard } from 'nest-jwt-auth';
import { QUERY_LIMITS } from '../../sample/graphql/query-limits.js';
import { bearer, login } from '../support/sample-app.js';
import { sampleForSuite } from '../support/sample-for-suite.js';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: { code: string } }[];
}

/** `count` aliases of `me`, each asking for `sub`. */
const aliasesOfMe = (count: number) =>
  `{ ${Array.from({ length: count }, (_, index) => `me${index}: me { sub }`).join(' ')} }`;

/** A valid query `depth` fields deep: `__type`, `fields`, `type`, `ofType`s and `name`. */
function queryOfDepth(depth: number): string {
  const ofTypes = depth - 4;
  return `{ __type(name: "Viewer") { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } } }`;
}

describe('query limits of the sample /graphql', () => {
  // The sample's global guard runs before each resolver call: what it is not asked, never ran.
  const guard = jest.spyOn(JwtAuthGuard.prototype, 'canActivate');
  const { sample } = sampleForSuite('graphql-query-limits', { graphql: true });
  let accessToken: string;

  beforeAll(async () => {
    ({ accessToken } = await login(sample));
  });
  beforeEach(() => guard.mockClear());
  afterAll(() => guard.mockRestore());

  async function graphql(query: string): Promise<{ status: number; body: GraphQLBody }> {
    const response = await sample.http().post('/graphql').set(bearer(accessToken)).send({ query });
    return { status: response.status, body: response.body as GraphQLBody };
  }

  /** Asserts a 400 with one error of `code` whose message matches `message`, and no data. */
  function expectRefused(
    answer: { status: number; body: GraphQLBody },
    code: string,
    message: RegExp,
  ): void {
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0].extensions.code).toBe(code);
    expect(answer.body.errors![0].message).toMatch(message);
    expect(guard).not.toHaveBeenCalled();
  }

  it('refuses 5,000 aliases of `me` before any resolver (or guard) runs', async () => {
    expectRefused(
      await graphql(aliasesOfMe(5000)),
      'GRAPHQL_PARSE_FAILED',
      /more tha\w? 1000 tokens/,
    );
  });

  it(`refuses ${QUERY_LIMITS.maxAliases + 1} aliases, within the token limit`, async () => {
    expectRefused(
      await graphql(aliasesOfMe(QUERY_LIMITS.maxAliases + 1)),
      'GRAPHQL_VALIDATION_FAILED',
      /Aliases limit of 15 exceeded, found 16/,
    );
  });

  it(`answers ${QUERY_LIMITS.maxAliases} aliases, guarding and resolving each`, async () => {
    const { status, body } = await graphql(aliasesOfMe(QUERY_LIMITS.maxAliases));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!)).toEqual(
      Array.from({ length: QUERY_LIMITS.maxAliases }, () => ({ sub: 'user-1' })),
    );
    expect(guard).toHaveBeenCalledTimes(QUERY_LIMITS.maxAliases);
  });

  it('refuses a query 20 deep', async () => {
    expectRefused(
      await graphql(queryOfDepth(20)),
      'GRAPHQL_VALIDATION_FAILED',
      /depth limit of 10 exceeded, found 20/,
    );
  });

  it('answers the same query 10 deep, and a normal query', async () => {
    const deep = await graphql(queryOfDepth(QUERY_LIMITS.maxDepth));
    expect(deep.status).toBe(200);
    expect(deep.body.errors).toBeUndefined();
    const normal = await graphql('{ me { sub username roles } hello }');
    expect(normal).toEqual({
      status: 200,
      body: {
        data: {
          me: { sub: 'user-1', username: 'alice', roles: ['admin', 'user'] },
          hello: 'Hello, alice.',
        },
      },
    });
  });
});
