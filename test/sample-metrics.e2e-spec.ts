import { bearer, login, type RunningSample, startSample } from './support/sample-app.js';

let sample: RunningSample;

beforeAll(async () => {
  sample = await startSample({});
});

afterAll(() => sample?.close());

describe('the sample’s GET /metrics', () => {
  it('serves the module’s metrics in Prometheus’s text format, without a token', async () => {
    const { accessToken } = await login(sample);
    await sample.http().get('/me').set(bearer(accessToken)).expect(200);
    await sample.http().get('/me').expect(401);

    const response = await sample.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = response.text;
    expect(text).toMatch(/^nest_jwt_auth_logins_total\{outcome="ok",[^}]*\} 1$/m);
    expect(text).toMatch(/^nest_jwt_auth_authentications_total\{outcome="ok",[^}]*\} 1$/m);
    expect(text).toMatch(
      /^nest_jwt_auth_authentications_total\{outcome="token_missing",[^}]*\} 1$/m,
    );
    expect(text).toMatch(/^nest_jwt_auth_authentication_duration_count\{[^}]*\} 2$/m);
    expect(text).toMatch(/^nest_jwt_auth_authentication_duration_bucket\{[^}]*le="0.001"\} \d+$/m);
    expect(text).toMatch(/^nest_jwt_auth_token_cache_misses_total\{[^}]*\} 1$/m);
    expect(text).toContain('otel_scope_name="nest-jwt-auth"');
  });
});
