import {
  HTTP_ADAPTER,
  login,
  bearer,
  type RunningSample,
  startSample,
} from './support/sample-app.js';

describe(`the sample on ${HTTP_ADAPTER}`, () => {
  let sample: RunningSample;
  beforeAll(async () => {
    sample = await startSample({});
  });
  afterAll(() => sample.close());

  it('runs on the adapter of this Jest project', () => {
    expect(sample.app.getHttpAdapter().getType()).toBe(HTTP_ADAPTER);
  });

  it('declares request.user and request.authInfo up front on Fastify (decorateRequest)', async () => {
    const instance = sample.app.getHttpAdapter().getInstance() as {
      hasRequestDecorator?: (name: string) => boolean;
    };
    const declared = ['user', 'authInfo'].map((name) => instance.hasRequestDecorator?.(name));
    expect(declared).toEqual(HTTP_ADAPTER === 'fastify' ? [true, true] : [undefined, undefined]);
    // And the guard still fills them in.
    const { accessToken } = await login(sample);
    expect((await sample.http().get('/me').set(bearer(accessToken)).expect(200)).body.sub).toBe(
      'user-1',
    );
  });
});
