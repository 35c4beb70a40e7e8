// The sample without JWT_SECRET (sample/sample-config.ts): a random secret per start, never one
// written in its source, and none at all in production.
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { sampleConfigFromEnv } from '../../sample/sample-config.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken } from '../support/forge-token.js';
import { HTTP_ADAPTER, type RunningSample, bearer, startSample } from '../support/sample-app.js';

/** What the sample signed with when JWT_SECRET was unset, in 0.1.0: readable in its source. */
const PUBLISHED_DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdefghijklmnopqrstuvwxyz';

describe('the sample without JWT_SECRET', () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  afterAll(() => warn.mockRestore());

  it('signs with a new random secret at each start, and says its tokens die with the process', () => {
    const first = sampleConfigFromEnv({}).jwtSecret;
    const second = sampleConfigFromEnv({}).jwtSecret;
    expect(first).not.toBe(second);
    for (const secret of [first, second]) {
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
      expect(secret).not.toBe(PUBLISHED_DEV_SECRET);
    }
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/random secret of this process.*stop working when it stops/),
    );
  });

  describe('started', () => {
    let sample: RunningSample;
    let secret: string;

    beforeAll(async () => {
      const config = sampleConfigFromEnv({});
      secret = config.jwtSecret;
      sample = await startSample({ ...config, httpAdapter: HTTP_ADAPTER, graphql: false });
    });
    afterAll(() => sample?.close());

    it('refuses an admin token signed with the published development secret', async () => {
      const forged = forgeToken({ secret: PUBLISHED_DEV_SECRET });
      expectAuthError(await sample.http().get('/admin').set(bearer(forged)), 401, 'token_invalid');
    });

    it('accepts the same claims signed with the secret of this start', async () => {
      // The control: the forged token above is refused for its key, not for its claims.
      await sample
        .http()
        .get('/admin')
        .set(bearer(forgeToken({ secret })))
        .expect(200);
    });
  });

  it('refuses to start in production, saying what to set', () => {
    expect(() => sampleConfigFromEnv({ NODE_ENV: 'production' })).toThrow(
      /^JWT_SECRET is not set, and NODE_ENV=production needs one: set JWT_SECRET .*JWT_JWKS_FILE or JWT_JWKS_URL\.$/,
    );
  });

  it('uses JWT_SECRET when set, in production too', () => {
    const secret = 'a-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
    expect(sampleConfigFromEnv({ NODE_ENV: 'production', JWT_SECRET: secret }).jwtSecret).toBe(
      secret,
    );
  });

  it('needs no JWT_SECRET in production as a resource server, only the CSRF key it shares', () => {
    const env = {
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
    };
    expect(() => sampleConfigFromEnv(env)).toThrow(/set CSRF_SECRET/);
    const csrfSecret = 'the-issuer-csrf-secret-0123456789-abcdefghijklmn';
    const config = sampleConfigFromEnv({ ...env, CSRF_SECRET: csrfSecret });
    expect(config.jwksUrl).toBe('https://issuer.example/.well-known/jwks.json');
    expect(config.jwtSecret).toBe('');
    expect(config.csrfSecret).toBe(csrfSecret);
  });

  it('signs CSRF tokens with a random key of the process outside production, without secrets', () => {
    const env = { JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json' };
    const first = sampleConfigFromEnv(env).csrfSecret;
    expect(first).toHaveLength(43);
    expect(sampleConfigFromEnv(env).csrfSecret).not.toBe(first);
  });
});
