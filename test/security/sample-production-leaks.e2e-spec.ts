// What the sample tells clients about itself in production (NODE_ENV=production), next to the
// same request in development, which may say more: each pair shows the production answer is a
// choice, not an accident of the test.
import { freePort } from '../support/redis-server.js';
import { HTTP_ADAPTER, type RunningSample, startSample } from '../support/sample-app.js';

/** What must never reach a client in production: server paths and stack frames. */
const SERVER_DETAILS = new RegExp(
  [process.cwd(), 'node_modules', String.raw`\bat \S+ \(`, 'ECONNREFUSED', '127\\.0\\.0\\.1'].join(
    '|',
  ),
);

describe('the sample in production', () => {
  let production: RunningSample;
  let development: RunningSample;

  beforeAll(async () => {
    // A port nothing listens on: Redis is unreachable, and the shared Redis is left alone.
    const redisUrl = `redis://127.0.0.1:${await freePort()}`;
    const config = { redisUrl, graphql: true };
    production = await startSample({ ...config, production: true });
    development = await startSample({ ...config, production: false });
  });
  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  it('sends no X-Powered-By (in development neither)', async () => {
    for (const sample of [production, development]) {
      const response = await sample.http().get('/public').expect(200);
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves no API docs (development does)', async () => {
    await production.http().get('/docs-json').expect(404);
    await production.http().get('/docs').expect(404);
    await development.http().get('/docs-json').expect(200);
  });

  it('answers /health with up or down only, while Redis is unreachable', async () => {
    const response = await production.http().get('/health').expect(503);
    expect(response.body).toEqual({
      status: 'error',
      info: {},
      error: { auth_store: { status: 'down' } },
      details: { auth_store: { status: 'down' } },
    });
    const inDevelopment = await development.http().get('/health').expect(503);
    expect(inDevelopment.body.error.auth_store.message).toEqual(expect.any(String));
  });

  if (HTTP_ADAPTER === 'fastify') {
    it('serves no /graphql on Fastify', async () => {
      await production.http().post('/graphql').send({ query: '{ hello }' }).expect(404);
    });
    return;
  }

  /** POSTs `query` to /graphql, without a token. */
  const graphql = (sample: RunningSample, query: string) =>
    sample.http().post('/graphql').send({ query });

  it('answers a GraphQL error without stack trace or server path', async () => {
    for (const query of ['{ nope }', '{ hello', '{ adminReport }']) {
      const response = await graphql(production, query);
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0].extensions.stacktrace).toBeUndefined();
      expect(response.text).not.toMatch(SERVER_DETAILS);
    }
    const inDevelopment = await graphql(development, '{ nope }').expect(400);
    expect(inDevelopment.body.errors[0].extensions.stacktrace).toEqual(
      expect.arrayContaining([expect.stringMatching(/node_modules/)]),
    );
  });

  it('suggests no field names', async () => {
    const response = await graphql(production, '{ helo }').expect(400);
    expect(response.body.errors[0].message).not.toMatch(/Did you mean|hello/);
    const inDevelopment = await graphql(development, '{ helo }').expect(400);
    expect(inDevelopment.body.errors[0].message).toMatch(/Did you mean "hello"\?/);
  });

  it('refuses introspection', async () => {
    const query = '{ __schema { queryType { fields { name } } } }';
    const response = await graphql(production, query).expect(400);
    expect(response.body.errors[0].message).toMatch(/introspection is not allowed/);
    expect(response.text).not.toMatch(/adminReport/);
    const inDevelopment = await graphql(development, query).expect(200);
    expect(inDevelopment.text).toMatch(/adminReport/);
  });

  it('serves no GraphiQL to a browser', async () => {
    const browser = (sample: RunningSample) =>
      sample.http().get('/graphql').set('Accept', 'text/html');
    const response = await browser(production);
    expect(response.headers['content-type']).not.toMatch(/text\/html/);
    expect(response.text).not.toMatch(/graphiql/i);
    const inDevelopment = await browser(development).expect(200);
    expect(inDevelopment.text).toMatch(/graphiql/i);
  });
});
