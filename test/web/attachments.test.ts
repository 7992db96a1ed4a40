/**
 * Vedlegg in the web editor (Chromium, playwright-core, the real server): secretary Kari drops a real PDF onto sak
 * 25/2017 of the example meeting; secretary Ola's open editor shows it without reloading (the agendaChanged
 * subscription, kind ATTACHMENT_ADDED), with its name and size; its download link (a link signed for that file)
 * gives the same bytes; a file of a refused type is explained in Norwegian; withholding asks for a legal basis;
 * the package links download. No request or websocket URL either page creates carries a token.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSize } from '../../web/src/format.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { BROWSER_TESTS, buildWeb, launchBrowser, logIfBrowserSkipped, signIn, TokenUrlWatch } from '../helpers/browser.js';
import { fakeExe, makePdf } from '../helpers/files.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

const PDF_NAME = 'Tertialrapport 2. tertial – Ås og Bærum.pdf';

/** Drops files onto `target` as a person dragging them from the desktop does: dragenter, dragover, drop. */
async function dropFiles(target: Locator, files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const dataTransfer = await target.page().evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })));
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

logIfBrowserSkipped('test/web/attachments.test.ts');

describe.runIf(BROWSER_TESTS)('vedlegg in the web editor (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let kari: BrowserContext;
  let ola: BrowserContext;
  let pageKari: Page;
  let pageOla: Page;
  let meetingId: string;
  let pdf: Buffer;
  const watch = new TokenUrlWatch();
  const pageErrors: string[] = [];
  const sak = (page: Page) => page.locator('[data-item-number="25/2017"]');
  const row = (page: Page, name: string) => sak(page).locator('.attachment-list tbody tr', { hasText: name });

  beforeAll(async () => {
    browser = await launchBrowser(); // first: a missing Chromium (required in CI) fails before any set-up
    buildWeb(); // always: a web/dist from before the vedlegg views would not have them
    server = await startTestServer('sqlite');
    meetingId = (await seedMeeting(server)).id;
    // A real PDF of some size, so that its upload has progress to show.
    pdf = await makePdf((k) => [`Tertialrapport side ${k}`, 'Økonomien i Vestregionen, særlig Ås og Bærum', 'x'.repeat(80)], 40);
    kari = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo', acceptDownloads: true });
    ola = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo', acceptDownloads: true });
    pageKari = await kari.newPage();
    pageOla = await ola.newPage();
    for (const [who, page] of [['kari', pageKari], ['ola', pageOla]] as const) {
      page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
      page.on('dialog', (d) => void d.accept());
      watch.watch(page);
    }
    await signIn(pageKari, server.url, watch.token(await server.tokenFor('SECRETARY')), 'Kari Sekretær');
    await signIn(pageOla, server.url, watch.token(await server.tokenFor('SECRETARY')), 'Ola Sekretær');
    for (const page of [pageKari, pageOla]) {
      // Through the UI: body → meeting (its saksliste).
      await page.getByRole('link', { name: 'Rådmannsgruppen' }).first().click();
      await page.locator(`a[href="/mote/${meetingId}"]`).click();
      await sak(page).getByRole('button', { name: 'Velg filer …' }).waitFor();
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("Kari drops a PDF onto sak 25/2017; Ola's editor shows it without reloading; the download is byte-identical", async () => {
    // Ola's page must not reload: a marker on its window would be gone.
    await pageOla.evaluate(() => Object.assign(window, { notReloaded: true }));
    // Kari's page records the progress rows the upload shows.
    await pageKari.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { progressRows: seen });
      new MutationObserver((records) => {
        for (const r of records) for (const n of Array.from(r.addedNodes)) if (n instanceof HTMLElement && n.dataset.fileName) seen.push(n.dataset.fileName);
      }).observe(document.body, { childList: true, subtree: true });
    });

    await dropFiles(sak(pageKari), [{ name: PDF_NAME, type: 'application/pdf', bytes: pdf }]);
    await sak(pageKari).getByText(`«${PDF_NAME}» er lagt ved sak 25/2017 som vedlegg`).waitFor({ timeout: 20_000 });
    expect(await pageKari.evaluate(() => (window as unknown as { progressRows: string[] }).progressRows)).toEqual([PDF_NAME]);

    // Ola sees it appear: number, title, file name, type and size.
    const olaRow = row(pageOla, PDF_NAME);
    await olaRow.waitFor({ timeout: 10_000 });
    const cells = await olaRow.locator('td').allTextContents();
    expect(cells.slice(1, 5)).toEqual(['Tertialrapport 2. tertial – Ås og Bærum', PDF_NAME, 'PDF', formatSize(pdf.length)]);
    expect(formatSize(pdf.length)).toMatch(/^\d+(,\d)? kB$/);
    expect(await pageOla.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The API has it on the sak, with the bytes' size and checksum.
    const data = await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { number attachments { id number name size public } } } }`, { id: meetingId });
    const attachment = data.meeting.agendaItems.find((i: { number: string }) => i.number === '25/2017').attachments.find((a: { name: string }) => a.name === PDF_NAME);
    expect(attachment).toMatchObject({ size: pdf.length, public: true });

    // Ola downloads it through a link signed for that file: the same bytes.
    const [download] = await Promise.all([
      pageOla.waitForEvent('download'),
      olaRow.getByRole('link', { name: `Last ned vedlegg ${attachment.number}, ${PDF_NAME}` }).click(),
    ]);
    const signed = new URL(download.url());
    expect(signed.pathname).toBe(`/attachments/${attachment.id}/file`);
    expect(signed.searchParams.get('sig')).toBeTruthy();
    watch.add(download.url()); // a download is not reported as a page request
    expect((await readFile((await download.path())!)).equals(pdf)).toBe(true);
  });

  it('explains a refused file in Norwegian and stores nothing', async () => {
    const before = (await row(pageKari, '').count());
    await sak(pageKari).locator('input[type="file"]').setInputFiles({ name: 'program.pdf', mimeType: 'application/pdf', buffer: fakeExe() });
    await sak(pageKari).getByText('«program.pdf» kan ikke legges ved: filtypen støttes ikke.').waitFor({ timeout: 10_000 });
    expect(await row(pageKari, '').count()).toBe(before);
  });

  it('withholds a vedlegg only with a legal basis, and the other editor shows it', async () => {
    const kariRow = row(pageKari, PDF_NAME);
    await kariRow.getByRole('checkbox', { name: /er offentlig/ }).uncheck();
    await kariRow.getByRole('button', { name: 'Lagre' }).click();
    await sak(pageKari).getByText('Skriv hjemmelen for unntaket fra offentlighet (offentleglova §).').waitFor();
    await kariRow.getByRole('textbox', { name: /Hjemmel/ }).fill('Offl. § 13, jf. fvl. § 13');
    await kariRow.getByRole('button', { name: 'Lagre' }).click();
    await row(pageOla, PDF_NAME).getByText('Unntatt: Offl. § 13, jf. fvl. § 13').waitFor({ timeout: 10_000 });
    expect(await row(pageOla, PDF_NAME).getByRole('checkbox', { name: /er offentlig/ }).isChecked()).toBe(false);
  });

  it('downloads the innkalling package by a signed link; Ola removes the vedlegg and Kari sees it go; no URL carried a token', async () => {
    const [pkg] = await Promise.all([
      pageKari.waitForEvent('download'),
      pageKari.getByRole('link', { name: 'Last ned innkallingspakke med vedlegg som PDF' }).click(),
    ]);
    expect(new URL(pkg.url()).pathname).toBe(`/meetings/${meetingId}/innkalling-package.pdf`);
    expect(new URL(pkg.url()).searchParams.get('sig')).toBeTruthy();
    watch.add(pkg.url());
    expect((await readFile((await pkg.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

    await row(pageOla, PDF_NAME).getByRole('button', { name: /Fjern vedlegg/ }).click();
    await waitFor(async () => (await row(pageKari, PDF_NAME).count()) === 0, 'the vedlegg to leave Kari’s list', 10_000);

    expect(watch.tokens.length).toBe(2);
    expect(watch.urls.some((u) => new URL(u).pathname === `/meetings/${meetingId}/attachments`)).toBe(true);
    expect(watch.leaks()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
