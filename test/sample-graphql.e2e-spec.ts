// The sample's GraphQL endpoint (Express only, see jest.config.js): its global JwtAuthGuard on
// Apollo resolvers, with tokens from the sample's own /auth routes.
import { sampleForSuite } from './support/sample-for-suite.js';
import { bearer, login } from './support/sample-app.js';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
}

describe('GraphQL in the sample (POST /graphql)', () => {
  const { sample } = sampleForSuite('sample-graphql', { graphql: true });

  /** POSTs `query` to /graphql, with `token` as the Bearer credential when given. */
  async function graphql(query: string, token?: string): Promise<GraphQLBody> {
    const call = sample.http().post('/graphql').send({ query });
    const response = await (token ? call.set(bearer(token)) : call).expect(200);
    return response.body as GraphQLBody;
  }

  /** Asserts that the answer is one auth error at `field`, with no data. */
  function expectRefusal(body: GraphQLBody, field: string, code: string, authCode: string): void {
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: [field], extensions: { code, authCode } });
  }

  it('answers `me` with the user of a token from POST /auth/login', async () => {
    const { accessToken } = await login(sample);
    expect(await graphql('{ me { sub username roles } }', accessToken)).toEqual({
      data: { me: { sub: 'user-1', username: 'alice', roles: ['admin', 'user'] } },
    });
  });

  it('refuses `me` without a token: UNAUTHENTICATED, token_missing', async () => {
    expectRefusal(await graphql('{ me { sub } }'), 'me', 'UNAUTHENTICATED', 'token_missing');
  });

  it('refuses `adminReport` to bob (no admin role): FORBIDDEN, forbidden', async () => {
    const { accessToken } = await login(sample, 'bob');
    const body = await graphql('{ adminReport }', accessToken);
    expectRefusal(body, 'adminReport', 'FORBIDDEN', 'forbidden');
    expect(body.errors![0].extensions.statusCode).toBe(403);
  });

  it('answers `adminReport` to alice', async () => {
    const { accessToken } = await login(sample);
    expect(await graphql('{ adminReport }', accessToken)).toEqual({
      data: { adminReport: 'Admin report for alice.' },
    });
  });

  it('refuses the same token after POST /auth/logout: token_revoked', async () => {
    const { accessToken } = await login(sample);
    expect((await graphql('{ me { username } }', accessToken)).data).toEqual({
      me: { username: 'alice' },
    });
    await sample.http().post('/auth/logout').set(bearer(accessToken)).expect(204);
    expectRefusal(
      await graphql('{ me { username } }', accessToken),
      'me',
      'UNAUTHENTICATED',
      'token_revoked',
    );
  });

  it('answers `hello` without a token, and greets the user of a valid one', async () => {
    expect(await graphql('{ hello }')).toEqual({ data: { hello: 'Hello, stranger.' } });
    const { accessToken } = await login(sample, 'bob');
    expect(await graphql('{ hello }', accessToken)).toEqual({ data: { hello: 'Hello, bob.' } });
  });
});
