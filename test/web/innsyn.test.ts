/**
 * Acceptance 4: the public innsyn pages (web/innsyn.html, web/src/public/) in Debian's Chromium, driven by
 * playwright-core, against the real server, with no token and a phone's screen: browse from the bodies to the seed
 * meeting's referat, search "tertialrapport", open the hit. Screenshots go to test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { BROWSER_TESTS, launchBrowser, logIfBrowserSkipped } from '../helpers/browser.js';
import { ROOT } from '../helpers/child-server.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The page fits the screen: nothing wider than the viewport (no sideways scrolling on a phone). */
const fitsScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

logIfBrowserSkipped('test/web/innsyn.test.ts');

describe.runIf(BROWSER_TESTS)('public innsyn pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const sentTokens: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser(); // first: a missing Chromium (required in CI) fails before any set-up
    if (!existsSync(join(ROOT, 'web', 'dist', 'innsyn.html'))) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer('sqlite'); // the embedded example: PUBLISH_DRAFT_MINUTES, so the held meeting's referat is public
    await server.app.search.flush();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (r.headers().authorization) sentTokens.push(r.url());
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is served at /innsyn and below, with the app\'s security headers', async () => {
    for (const path of ['/innsyn', '/innsyn/sok?q=x', '/innsyn/mote/abc/referat']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('Innsyn');
    }
    expect((await fetch(`${server.url}/innsynx`)).status).toBe(404);
  });

  it('browses from the bodies to the seed meeting\'s referat, searches "tertialrapport" and opens the hit', async () => {
    await page.goto(`${server.url}/innsyn`);
    await page.getByRole('heading', { level: 1, name: 'Innsyn i møtebøkene' }).waitFor();
    // Landmarks, one h1, a labelled search field
    for (const role of ['banner', 'main', 'contentinfo', 'search'] as const) expect(await page.getByRole(role).count(), role).toBeGreaterThan(0);
    expect(await page.locator('h1').count()).toBe(1);

    await page.getByRole('link', { name: 'Rådmannsgruppen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rådmannsgruppen' }).waitFor();
    await page.getByRole('link', { name: '2017' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rådmannsgruppen – møter 2017' }).waitFor();
    await page.getByRole('link', { name: /14\.09\.2017/ }).click();
    await page.getByRole('heading', { level: 1, name: /Referat fra møte i Rådmannsgruppen/ }).waitFor();
    const doc = page.getByRole('article');
    await expect.poll(() => doc.textContent()).toContain('Sak 25/2017');
    expect(await page.getByText('Referatet er et utkast').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Referat (PDF)' }).getAttribute('href')).toMatch(/\/meetings\/[^/]+\/referat\.pdf$/);
    expect(await page.getByRole('link', { name: 'Innkalling', exact: true }).count()).toBe(1);
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'innsyn-referat-phone.png') });
    const referatUrl = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Søk', exact: true }).click();
    await page.getByLabel('Søk i innkallinger, referater og vedtak').fill('tertialrapport');
    await page.getByLabel('Søk i innkallinger, referater og vedtak').press('Enter');
    await page.getByRole('status').filter({ hasText: 'treff' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'treff' }).textContent()).toBe('1 treff på «tertialrapport».');
    const hit = page.locator('.hit').first();
    expect(await hit.locator('mark').allTextContents()).toContain('Tertialrapport');
    expect(await hit.locator('.snippet mark').allTextContents()).toContain('tertialrapport');
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'innsyn-search-phone.png') });

    await hit.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Referat fra møte i Rådmannsgruppen/ }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe(referatUrl.replace(/\/referat$/, ''));
    expect(url.hash).toBe('#sak-25-2017');
    const target = page.locator('#sak-25-2017');
    await expect.poll(() => target.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await target.locator('h3').textContent()).toContain('Tertialrapport 2 – 2017');
    expect(await target.isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'innsyn-hit-phone.png') });

    expect(pageErrors).toEqual([]);
    expect(sentTokens).toEqual([]);
  }, 60_000);

  it('says so when a search finds nothing, and when a meeting is not public', async () => {
    await page.goto(`${server.url}/innsyn/sok?q=finnesikkeordet`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'treff' }).textContent()).toBe('Ingen treff på «finnesikkeordet».');
    await page.goto(`${server.url}/innsyn/mote/00000000-0000-0000-0000-000000000000`);
    await page.getByRole('heading', { level: 1, name: 'Fant ikke siden' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
