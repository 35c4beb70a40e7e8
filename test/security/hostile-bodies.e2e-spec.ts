import { expectAuthError } from '../support/expect-auth-error.js';
import { type RunningSample, login, startSample } from '../support/sample-app.js';

let sample: RunningSample;

beforeAll(async () => {
  sample = await startSample({});
});

afterAll(async () => {
  await sample.close();
});

const raw = (path: string, body: string) =>
  sample.http().post(path).set('Content-Type', 'application/json').send(body);

describe.each([
  ['/auth/login', { username: 'alice', password: 'wonderland' }],
  [
    '/auth/refresh',
    { refreshToken: `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'A'.repeat(43)}` },
  ],
])('hostile bodies on POST %s', (path, good) => {
  const field = Object.keys(good)[0];

  it.each<[string, unknown]>([
    ['a NoSQL operator object where a string is expected', { ...good, [field]: { $ne: null } }],
    ['an array where a string is expected', { ...good, [field]: ['a', 'b'] }],
    ['a 10k-character string', { ...good, [field]: 'x'.repeat(10_000) }],
    ['a missing field', {}],
    ['an unknown field', { ...good, role: 'admin' }],
    ['a __proto__ field', JSON.parse(`{"__proto__": {"admin": true}, "${field}": "x"}`)],
    ['a body that is an array', [good]],
    ['a number', 42],
  ])('%s: 400 validation_failed', async (_case, body) => {
    const response = await raw(path, JSON.stringify(body));
    expectAuthError(response, 400, 'validation_failed');
  });

  it.each([
    ['broken JSON', '{"username":'],
    ['JSON null', 'null'],
    ['a JSON string', '"alice"'],
    ['trailing garbage', `${JSON.stringify(good)}xyz`],
  ])('%s: 400 validation_failed', async (_case, body) => {
    expectAuthError(await raw(path, body), 400, 'validation_failed');
  });

  it('a 2 MB body: 413, never 5xx', async () => {
    const response = await raw(path, JSON.stringify({ ...good, [field]: 'x'.repeat(2_000_000) }));
    expect(response.status).toBe(413);
    expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });
});

describe('hostile bodies elsewhere', () => {
  it('POST /auth/logout with fields: 400 validation_failed', async () => {
    const { accessToken } = await login(sample);
    const response = await sample
      .http()
      .post('/auth/logout')
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ sid: 'someone-else' });
    expectAuthError(response, 400, 'validation_failed');
  });

  it('leaves the app’s own routes to Nest’s default handling of broken JSON', async () => {
    const response = await sample
      .http()
      .post('/public')
      .set('Content-Type', 'application/json')
      .send('{');
    expect(response.status).toBe(400);
    expect(response.body.code).toBeUndefined();
  });
});
