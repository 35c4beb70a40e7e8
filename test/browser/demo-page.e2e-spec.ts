import { existsSync, mkdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HTTP_ADAPTER, type RunningSample, startSample } from '../support/sample-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(`SKIPPED the browser test: ${CHROMIUM} is missing (apt-get install chromium).`);
}

/** The sample's demo page in Debian's Chromium: cookies, CSRF and silent refresh for real. */
describeWithChromium('the demo page in a real browser', () => {
  let sample: RunningSample;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sample = await startSample({ accessTokenTtl: '2s' });
    await sample.app.listen(0, '127.0.0.1');
    const { port } = sample.app.getHttpServer().address() as AddressInfo;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    await page.goto(`http://localhost:${port}/`);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await sample?.close();
  });

  const output = () => page.locator('#output').textContent();

  it('logs in, refreshes silently across the expiry, lists sessions and logs out', async () => {
    await page.click('#login-alice');
    await page.locator('#who').filter({ hasText: 'alice' }).waitFor();
    expect(await page.locator('#roles').textContent()).toBe('(admin, user)');
    // The page never sees a token: the access and refresh cookies are HttpOnly.
    expect(await page.evaluate('document.cookie')).toMatch(/^csrf_token=[\w-]+$/);

    await page.click('#admin');
    await page.locator('#output').filter({ hasText: 'Welcome to the admin area' }).waitFor();

    // Cross the 2 s access-token expiry: the next call gets token_expired, refreshes, retries.
    await page.waitForTimeout(2200);
    await page.click('#me');
    await page.locator('#refreshes').filter({ hasText: '1' }).waitFor();
    // The counter moves when the refresh answers; the retried GET /me answers after it.
    await page.locator('#output').filter({ hasText: '"sub": "user-1"' }).waitFor();
    expect(await output()).toContain('"sub": "user-1"');

    await page.click('#sessions');
    await page.locator('#session-table tbody tr').first().waitFor();
    expect(await page.locator('#session-table tbody').textContent()).toContain('(this one)');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: join(ARTIFACTS, `demo-page-${HTTP_ADAPTER}.png`),
      fullPage: true,
    });

    await page.click('#logout');
    await page.locator('#login-box').waitFor({ state: 'visible' });
    // Refused afterwards: the cookies are gone and the session is revoked.
    const status = await page.evaluate(async () => (await fetch('/me')).status);
    expect(status).toBe(401);
  }, 30_000);

  it('enrols TOTP, then logs in with the password and a code', async () => {
    await page.click('#login-bob');
    await page.locator('#who').filter({ hasText: 'bob' }).waitFor();
    await page.click('#totp-enrol');
    await page.locator('#totp-secret').filter({ hasText: 'otpauth://totp/' }).waitFor();
    const shown = (await page.locator('#totp-secret').textContent())!;
    expect(shown).toContain('otpauth://totp/nest-jwt-auth%20sample:bob?');
    const secret = Secret.fromBase32(/Secret: ([A-Z2-7]+)/.exec(shown)![1]);
    // The previous step's code (still within the window) confirms, so that the current one,
    // later than it, is left for the login: each step's code works once.
    await page.fill('#totp-code', TOTP.generate({ secret, timestamp: Date.now() - 30_000 }));
    await page.click('#totp-confirm');
    await page.locator('#output').filter({ hasText: 'recoveryCodes' }).waitFor();

    await page.click('#logout');
    await page.click('#login-bob');
    await page.locator('#mfa-box').waitFor({ state: 'visible' });
    // Half a login sets no cookie: only the CSRF token is there, and /me is refused.
    expect(await page.evaluate(async () => (await fetch('/me')).status)).toBe(401);
    await page.fill('#mfa-code', TOTP.generate({ secret, timestamp: Date.now() }));
    await page.click('#mfa-submit');
    await page.locator('#who').filter({ hasText: 'bob' }).waitFor();
    expect(await page.locator('#mfa-box').isHidden()).toBe(true);
    await page.click('#me');
    await page.locator('#output').filter({ hasText: '"sub": "user-2"' }).waitFor();
  }, 30_000);
});
