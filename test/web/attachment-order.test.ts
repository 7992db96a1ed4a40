/**
 * Vedlegg numbers in the web editor (Chromium, the real server): on a planned meeting a secretary moves a vedlegg up
 * among the meeting's vedlegg and the table shows the new numbers; a vedlegg linked to sub-item A is listed after the
 * sub-item's title with a download link, and follows the renumbering; once the innkalling is sent the move buttons
 * are gone. A download link hovered by a signed-in user carries a link signed for that file in its href, so that a
 * middle-click or "open in new tab" gets the file too (the plain path is the public's, who may not see it).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { BROWSER_TESTS, buildWeb, launchBrowser, logIfBrowserSkipped, signIn } from '../helpers/browser.js';
import { makePdf, upload } from '../helpers/files.js';
import { addItem, bodyId, createMeeting, sendNotice } from '../helpers/meeting-api.js';
import { waitFor } from '../helpers/wait.js';

logIfBrowserSkipped('test/web/attachment-order.test.ts');

describe.runIf(BROWSER_TESTS)('vedlegg numbers in the web editor (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let meetingId: string;
  let itemNumber: string;
  let pdf: Buffer;
  const pageErrors: string[] = [];
  const sak = () => page.locator(`[data-item-number="${itemNumber}"]`);
  const listed = async () => (await sak().locator('.attachment-list tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(0, 2).join(' ').trim());

  beforeAll(async () => {
    browser = await launchBrowser();
    buildWeb();
    server = await startTestServer('sqlite');
    const secretary = await server.tokenFor('SECRETARY');
    meetingId = (await createMeeting(server, { bodyId: await bodyId(server, 'radmannsgruppen'), startsAt: '2031-10-07T08:00:00Z', approvePreviousMinutes: false })).id;
    const item = await addItem(server, { meetingId, title: 'Budsjett 2032' });
    itemNumber = item.number;
    await server.ok(`mutation ($input: AddSubItemInput!) { addSubItem(input: $input) { letter } }`, { input: { agendaItemId: item.id, title: 'Driftsbudsjett' } });
    for (const title of ['Budsjettforslag', 'Regnskap']) {
      await server.ok(`mutation ($input: AddAttachmentInput!) { addAttachment(input: $input) { id } }`, { input: { meetingId, title, agendaItemIds: [item.id] } });
    }
    pdf = await makePdf(['Driftsbudsjett 2032']);
    const up = await upload(server.url, meetingId, [{ name: 'Driftsbudsjett.pdf', bytes: pdf }], { agendaItemIds: item.id, title: 'Driftsbudsjett' }, secretary);
    await server.ok(`mutation ($input: AttachmentLinkInput!) { linkAttachment(input: $input) { id } }`, { input: { attachmentId: up.body.attachments[0].id, agendaItemId: item.id, subItemLetter: 'A' } });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, server.url, secretary, 'Kari Sekretær');
    await page.goto(`${server.url}/mote/${meetingId}`);
    await sak().locator('.attachment-list').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('moves a vedlegg up; the sub-item lists its vedlegg by the new number', async () => {
    expect(await listed()).toEqual(['1 Budsjettforslag', '2 Regnskap', '3 Driftsbudsjett']);
    const subItemVedlegg = sak().getByLabel('Vedlegg til underpunkt A');
    expect((await subItemVedlegg.textContent())!.trim()).toBe('· Vedlegg 3');
    await expect(subItemVedlegg.getByRole('link', { name: 'Last ned vedlegg 3, Driftsbudsjett.pdf' }).count()).resolves.toBe(1);
    expect(await sak().getByRole('button', { name: 'Flytt vedlegg 1 opp' }).isDisabled()).toBe(true);
    expect(await sak().getByRole('button', { name: 'Flytt vedlegg 3 ned' }).isDisabled()).toBe(true);

    await sak().getByRole('button', { name: 'Flytt vedlegg 3 opp' }).click();
    await waitFor(async () => (await listed()).join('|') === '1 Budsjettforslag|2 Driftsbudsjett|3 Regnskap', 'the new numbers in the table', 10_000);
    expect((await subItemVedlegg.textContent())!.trim()).toBe('· Vedlegg 2');
    expect(pageErrors).toEqual([]);
  });

  it('a hovered download link carries a signed link, which gives the file without a token; the plain path does not', async () => {
    const link = sak().getByRole('link', { name: 'Last ned vedlegg 2, Driftsbudsjett.pdf' }).first();
    const plain = new URL((await link.getAttribute('href'))!, server.url).href;
    await link.hover();
    await waitFor(async () => (await link.getAttribute('href'))!.includes('sig='), 'the href to be signed', 10_000);
    const signed = new URL((await link.getAttribute('href'))!, server.url).href;
    const got = await fetch(signed);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await fetch(plain)).status).toBe(404);
  });

  it('shows no move buttons once the innkalling is sent', async () => {
    await sendNotice(server, meetingId);
    await page.reload();
    await sak().locator('.attachment-list').waitFor();
    expect(await sak().getByRole('button', { name: /^Flytt vedlegg/ }).count()).toBe(0);
    expect(await listed()).toEqual(['1 Budsjettforslag', '2 Driftsbudsjett', '3 Regnskap']);
  });
});
