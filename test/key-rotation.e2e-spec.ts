import { expectAuthError } from './support/expect-auth-error.js';
import { headerOf, privateJwk, publicOnly } from './support/keys.js';
import { bearer, login, type RunningSample, startSample } from './support/sample-app.js';

/**
 * The rotation procedure of docs/keys.md, one deployment per step. Each step is a fresh app (as a
 * rolling deploy would start one); access tokens need no server state to verify, so a token
 * issued by one step's app can be presented to the next.
 */
describe('rotating the signing key without downtime', () => {
  const oldKey = privateJwk('ES256', '2026-01');
  const newKey = privateJwk('EdDSA', '2026-02');
  const running: RunningSample[] = [];
  const deploy = async (keys: Parameters<typeof startSample>[0]['keys']) => {
    const sample = await startSample({ keys });
    running.push(sample);
    return sample;
  };
  const kidsPublished = async (sample: RunningSample) =>
    (
      (await sample.http().get('/.well-known/jwks.json').expect(200)).body.keys as { kid: string }[]
    ).map((key) => key.kid);
  const meStatus = async (sample: RunningSample, token: string) =>
    (await sample.http().get('/me').set(bearer(token))).status;

  afterAll(() => Promise.all(running.map((sample) => sample.close())));

  it('keeps old tokens working until the old key is dropped, then refuses them', async () => {
    const before = await deploy([oldKey]);
    const oldToken = (await login(before)).accessToken;
    expect(headerOf(oldToken).kid).toBe('2026-01');

    // Step 1: publish the new key beside the signing one, so verifiers cache it in advance.
    const step1 = await deploy([oldKey, publicOnly(newKey)]);
    expect(await kidsPublished(step1)).toEqual(['2026-01', '2026-02']);
    expect(headerOf((await login(step1)).accessToken).kid).toBe('2026-01');
    expect(await meStatus(step1, oldToken)).toBe(200);

    // Step 2: sign with the new key; the old one stays, public only, until its tokens expire.
    const step2 = await deploy([newKey, publicOnly(oldKey)]);
    const newToken = (await login(step2)).accessToken;
    expect(headerOf(newToken)).toMatchObject({ kid: '2026-02', alg: 'EdDSA' });
    expect(await meStatus(step2, oldToken)).toBe(200);
    expect(await meStatus(step2, newToken)).toBe(200);
    expect(await kidsPublished(step2)).toEqual(['2026-02', '2026-01']);

    // Step 3: drop the old key.
    const step3 = await deploy([newKey]);
    expect(await meStatus(step3, newToken)).toBe(200);
    expectAuthError(await step3.http().get('/me').set(bearer(oldToken)), 401, 'token_invalid');
    expect(await kidsPublished(step3)).toEqual(['2026-02']);
  });

  it('refuses to start with keys of which none can sign', async () => {
    await expect(startSample({ keys: [publicOnly(oldKey)] })).rejects.toThrow(
      /no key in 'keys' holds private material/,
    );
  });

  it('refuses to start with two keys of the same kid', async () => {
    await expect(startSample({ keys: [oldKey, { ...newKey, kid: oldKey.kid }] })).rejects.toThrow(
      /two keys have kid "2026-01"/,
    );
  });
});
