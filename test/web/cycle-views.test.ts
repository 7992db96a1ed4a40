/**
 * The meeting cycle in the web editor (issue 16, acceptance 4), in Debian's Chromium driven by playwright-core against
 * the real server: a secretary opens the year's plan from the body page, cancels a meeting (it stays, marked), and
 * marks an overdue action point of 25/2017 done on the follow-up list; the API shows both changes.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { BROWSER_TESTS, launchBrowser, buildWeb, logIfBrowserSkipped, signIn } from '../helpers/browser.js';
import { seedMeeting } from '../helpers/seed-meeting.js';


logIfBrowserSkipped('test/web/cycle-views.test.ts');

describe.runIf(BROWSER_TESTS)('the plan and follow-up views (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let series: Array<{ id: string }>;
  let pointId: string;

  beforeAll(async () => {
    browser = await launchBrowser(); // first: a missing Chromium (required in CI) fails before any set-up
    // Always build: a web/dist from before these views would not have them.
    buildWeb();
    server = await startTestServer('sqlite');
    const bodyId = (await server.ok(`{ body(slug: "radmannsgruppen") { id } }`)).body.id;
    series = (await server.ok(`mutation ($b: ID!) { createMeetingSeries(input: { bodyId: $b, dates: ["2018-01-18", "2018-03-15", "2018-05-24"], startTime: "10:00" }) { id } }`, { b: bodyId })).createMeetingSeries;
    const item25 = (await seedMeeting(server)).item('25/2017').id;
    pointId = (await server.ok(`mutation ($i: ID!) { addActionPoint(input: { agendaItemId: $i, description: "Tertialrapporten sendes styringsgruppen", responsible: "Sekretariatet", dueDate: "2017-10-01" }) { id } }`, { i: item25 })).addActionPoint.id;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => void d.dismiss());
    await signIn(page, server.url, await server.tokenFor('SECRETARY'), 'Kari Sekretær');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the plan, cancels a meeting (kept, marked) and marks an overdue action point done', async () => {
    await page.getByRole('link', { name: 'Rådmannsgruppen' }).first().click();
    await page.getByRole('link', { name: 'Møteplan og oppfølging' }).click();
    await page.getByRole('heading', { level: 2, name: `Møteplan ${new Date().getFullYear()}` }).waitFor();
    // The plan of another year by its address (a client route the server answers with the app).
    await page.goto(`${server.url}/utvalg/radmannsgruppen/plan/2018`);
    await page.getByRole('heading', { level: 2, name: 'Møteplan 2018' }).waitFor();
    const rows = page.locator('tr[data-meeting]');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('18.01.2018 kl. 10:00');

    const third = page.locator(`tr[data-meeting="${series[2]!.id}"]`);
    await third.getByRole('button', { name: 'Avlys' }).click();
    await third.getByText('Avlyst').waitFor();
    expect(await page.locator('tr[data-meeting]').count()).toBe(3);
    const { meeting } = await server.ok(`query ($m: ID!) { meeting(id: $m) { cancelledAt } }`, { m: series[2]!.id });
    expect(meeting.cancelledAt).not.toBeNull();

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Oppfølgingsliste' }).waitFor();
    const point = page.locator(`tr[data-point="${pointId}"]`);
    expect(await point.textContent()).toContain('25/2017');
    await point.getByText('Forfalt').waitFor();
    await point.getByRole('button', { name: 'Marker utført' }).click();
    // Exact: the button "Marker utført" contains the word too.
    await point.getByText('Utført', { exact: true }).waitFor();
    await point.getByText('Forfalt').waitFor({ state: 'detached', timeout: 5_000 });
    expect(await point.getByText('Forfalt').count()).toBe(0);
    const { followUpReport } = await server.ok(`{ followUpReport(bodyId: "${(await server.ok(`{ body(slug: "radmannsgruppen") { id } }`)).body.id}") { id status } }`);
    expect(followUpReport).toEqual([{ id: pointId, status: 'DONE' }]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
