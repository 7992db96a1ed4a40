/**
 * The web editor's body page reads meetings a page at a time (meetingsConnection): with 55 meetings it shows the
 * newest 50 and "Viser 50 av 55 møter"; "Vis eldre møter" fetches the rest. Debian's Chromium via playwright-core.
 */
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { BROWSER_TESTS, launchBrowser, buildWeb, logIfBrowserSkipped, signIn } from '../helpers/browser.js';
import { bodyId, createMeeting } from '../helpers/meeting-api.js';


logIfBrowserSkipped('test/web/body-pages.test.ts');

describe.runIf(BROWSER_TESTS)('the body page pages its meetings', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser(); // first: a missing Chromium (required in CI) fails before any set-up
    buildWeb({ ifMissing: true });
    server = await startTestServer('sqlite');
    const sg = await bodyId(server, 'styringsgruppen');
    const existing = (await server.ok(`{ meetings(filter: { bodySlug: "styringsgruppen" }) { id } }`)).meetings.length;
    for (let i = existing; i < 55; i++) {
      await createMeeting(server, { bodyId: sg, startsAt: new Date(Date.UTC(2019, 0, 7 + i * 7, 8)).toISOString(), approvePreviousMinutes: false });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the newest 50, then the rest on request', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    await signIn(page, server.url, await server.tokenFor('SECRETARY', 'styringsgruppen'));
    await page.getByRole('link', { name: 'Styringsgruppen' }).first().click();
    await page.getByText('Viser 50 av 55 møter.').waitFor();
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(50);
    // Newest first: the oldest meetings (2017, the example data) are on the second page.
    expect(await page.getByRole('heading', { level: 2, name: 'Møter 2017' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Vis eldre møter' }).click();
    await page.getByRole('heading', { level: 2, name: 'Møter 2017' }).waitFor();
    expect(await rows.count()).toBe(55);
    expect(await page.getByRole('button', { name: 'Vis eldre møter' }).count()).toBe(0);
    await context.close();
  });
});
