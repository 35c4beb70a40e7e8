import { existsSync, mkdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
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
});
