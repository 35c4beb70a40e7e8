// COOKIE_DOMAIN: the sample's `cookies.domain`, for an app split across subdomains, checked by the
// module when the app starts.
import { sampleConfigFromEnv } from '../sample/sample-config.js';
import { HTTP_ADAPTER, startSample } from './support/sample-app.js';
import { TEST_SECRET } from './support/test-secret.js';

/** The sample's configuration from `env`, on this run's adapter, with the test secret. */
const configOf = (env: NodeJS.ProcessEnv) => ({
  ...sampleConfigFromEnv({ JWT_SECRET: TEST_SECRET, ...env }),
  httpAdapter: HTTP_ADAPTER,
  graphql: false,
});

/** The Set-Cookie headers of a login to the sample started with `env`. */
async function loginCookies(env: NodeJS.ProcessEnv): Promise<string[]> {
  const sample = await startSample(configOf(env));
  try {
    const response = await sample
      .http()
      .post('/auth/login')
      .send({ username: 'alice', password: 'wonderland' })
      .expect(200);
    return response.headers['set-cookie'] as unknown as string[];
  } finally {
    await sample.close();
  }
}

describe('COOKIE_DOMAIN', () => {
  it('sets the Domain of the three cookies', async () => {
    const cookies = await loginCookies({ COOKIE_DOMAIN: 'example.com' });
    expect(cookies).toHaveLength(3);
    for (const cookie of cookies) expect(cookie).toMatch(/; Domain=example\.com(;|$)/i);
  });

  it('leaves the cookies host-only when unset', async () => {
    const cookies = await loginCookies({});
    expect(cookies).toHaveLength(3);
    for (const cookie of cookies) expect(cookie).not.toMatch(/Domain=/i);
  });

  it.each(['example.com; Path=/', 'evil.example\r\nSet-Cookie: x=1', '*.example.com', 'a b'])(
    'refuses %j: the sample does not start',
    async (domain) => {
      await expect(startSample(configOf({ COOKIE_DOMAIN: domain }))).rejects.toThrow(
        /cookies\.domain .* is not a domain/,
      );
    },
  );
});
