/**
 * End-to-end test of the secretariat's web editor (web/): Debian's Chromium, driven by playwright-core, against the
 * real server on an ephemeral port. Two secretaries co-edit the referat of the example meeting of 14.09.2017, one of
 * them goes offline and comes back, and a member opens the same meeting read-only; no request or websocket URL the
 * pages create carries a token (downloads use signed links, the live referat tickets). Screenshots of the meeting room
 * with both cursors are saved under test-artifacts/ (referenced in the README).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { BROWSER_TESTS, launchBrowser, buildWeb, logIfBrowserSkipped, signIn, TokenUrlWatch } from '../helpers/browser.js';
import { ROOT } from '../helpers/child-server.js';
import { waitFor } from '../helpers/wait.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const KARI = 'Kari Sekretær';
const OLA = 'Ola Sekretær';

const MEETING = /* GraphQL */ `
  query ($id: ID!) { meeting(id: $id) { agendaItems { id number decision { text } notes subItems { letter notes decision { text } } } } }
`;

interface Item {
  id: string;
  number: string;
  notes: string | null;
  decision: { text: string } | null;
  subItems: Array<{ letter: string; notes: string | null; decision: { text: string } | null }>;
}

/** The text of a live field as the editor holds it (without the remote carets' name labels). */
async function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((content) => {
    const copy = content.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer, .cm-placeholder').forEach((n) => n.remove());
    return Array.from(copy.querySelectorAll('.cm-line')).map((l) => l.textContent ?? '').join('\n').replace(/\u2060/g, '');
  });
}

/** The text box of a field: "Vedtak, sak 24/2017", "Referat, sak 26/2017 B" (its accessible name). */
const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

async function openRoom(page: Page, baseUrl: string, meetingId: string): Promise<void> {
  // Through the UI: body → meeting → the meeting room tab.
  await page.getByRole('link', { name: 'Rådmannsgruppen' }).first().click();
  await page.getByRole('heading', { level: 2, name: 'Møter 2017' }).waitFor();
  await page.locator(`a[href="/mote/${meetingId}"]`).click();
  await page.getByRole('link', { name: 'Møterom og referat' }).click();
  expect(new URL(page.url()).pathname).toBe(`/mote/${meetingId}/referat`);
  expect(baseUrl).toBeTruthy();
  await field(page, 'Vedtak, sak 24/2017').waitFor();
}

/** Saves a screenshot of the viewport with `selector` near the top (below the sticky status bar). */
async function screenshot(page: Page, selector: string, file: string): Promise<void> {
  await page.locator(selector).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 130));
  await page.screenshot({ path: join(ARTIFACTS, file) });
}

const status = (page: Page) => page.locator('#status-line');

async function statusIs(page: Page, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  await waitFor(async () => pattern.test((await status(page).textContent()) ?? ''), `status ${pattern}`, timeoutMs).catch(async (e) => {
    throw new Error(`${(e as Error).message}; the status line says: ${await status(page).textContent()}`);
  });
}

/** Types into a field at its start or end, a key at a time like a person. */
async function typeInto(page: Page, name: string, text: string, at: 'start' | 'end'): Promise<void> {
  const editor = field(page, name);
  await editor.click();
  await page.keyboard.press(at === 'start' ? 'Control+Home' : 'Control+End');
  await editor.pressSequentially(text, { delay: 15 });
}

logIfBrowserSkipped('test/web/editor.test.ts');

describe.runIf(BROWSER_TESTS)('web editor (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let kari: BrowserContext;
  let ola: BrowserContext;
  let pageKari: Page;
  let pageOla: Page;
  let meetingId: string;
  const pageErrors: string[] = [];
  // Every token a page signs in with, and every request and websocket URL the pages create: none may carry a token.
  const watch = new TokenUrlWatch();
  const tokenFor = async (role: 'SECRETARY' | 'MEMBER') => watch.token(await server.tokenFor(role));

  const items = async () => (await server.ok<{ meeting: { agendaItems: Item[] } }>(MEETING, { id: meetingId })).meeting.agendaItems;
  const item = async (number: string) => (await items()).find((i) => i.number === number)!;

  beforeAll(async () => {
    browser = await launchBrowser(); // first: a missing Chromium (required in CI) fails before any set-up
    buildWeb({ ifMissing: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer('sqlite');
    const data = await server.ok<{ meetings: Array<{ id: string; startsAt: string }> }>(
      `{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt } }`,
    );
    meetingId = data.meetings.find((m) => m.startsAt.startsWith('2017-09-14'))!.id;

    // Two secretaries in two contexts: separate storage, separate connections.
    kari = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    ola = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    pageKari = await kari.newPage();
    pageOla = await ola.newPage();
    for (const [who, page] of [['kari', pageKari], ['ola', pageOla]] as const) {
      page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
      watch.watch(page);
    }
    await signIn(pageKari, server.url, await tokenFor('SECRETARY'), KARI);
    await signIn(pageOla, server.url, await tokenFor('SECRETARY'), OLA);
    await openRoom(pageKari, server.url, meetingId);
    await openRoom(pageOla, server.url, meetingId);
    await statusIs(pageKari, /Tilkoblet og synkronisert/);
    await statusIs(pageOla, /Tilkoblet og synkronisert/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two secretaries type into the same vedtak and into different sub-items at once; both see text and cursor; the API has the merge', async () => {
    const before24 = (await item('24/2017')).decision?.text ?? '';
    await Promise.all([
      typeInto(pageKari, 'Vedtak, sak 24/2017', 'Kari først. ', 'start'),
      typeInto(pageOla, 'Vedtak, sak 24/2017', ' Ola sist.', 'end'),
    ]);
    const expected24 = `Kari først. ${before24} Ola sist.`;
    for (const page of [pageKari, pageOla]) {
      await waitFor(async () => (await editorText(field(page, 'Vedtak, sak 24/2017'))) === expected24, 'merged 24/2017 vedtak', 10_000);
    }
    // Each page shows the other's caret in that field, with their name.
    await pageKari.locator('.live-field', { has: field(pageKari, 'Vedtak, sak 24/2017') }).locator('.cm-ySelectionCaret .cm-ySelectionInfo', { hasText: OLA }).waitFor();
    await pageOla.locator('.live-field', { has: field(pageOla, 'Vedtak, sak 24/2017') }).locator('.cm-ySelectionCaret .cm-ySelectionInfo', { hasText: KARI }).waitFor();
    // Screenshots of the meeting room with both cursors in the same vedtak, for the README.
    await screenshot(pageKari, '[data-item-number="24/2017"]', 'web-editor-meeting-room-kari.png');
    await screenshot(pageOla, '[data-item-number="24/2017"]', 'web-editor-meeting-room-ola.png');

    // Different sub-items of 26/2017 at the same time.
    await Promise.all([
      typeInto(pageKari, 'Vedtak, sak 26/2017 A', 'Vedtak A fra Kari.', 'end'),
      typeInto(pageOla, 'Vedtak, sak 26/2017 B', ' Tillegg B fra Ola.', 'end'),
    ]);
    await waitFor(async () => (await editorText(field(pageOla, 'Vedtak, sak 26/2017 A'))).includes('Vedtak A fra Kari.'), 'A on Ola', 10_000);
    await waitFor(async () => (await editorText(field(pageKari, 'Vedtak, sak 26/2017 B'))).endsWith(' Tillegg B fra Ola.'), 'B on Kari', 10_000);
    await pageKari.locator('.live-field', { has: field(pageKari, 'Vedtak, sak 26/2017 B') }).locator('.cm-ySelectionInfo', { hasText: OLA }).waitFor();
    await pageOla.locator('.live-field', { has: field(pageOla, 'Vedtak, sak 26/2017 A') }).locator('.cm-ySelectionInfo', { hasText: KARI }).waitFor();
    await expect(pageKari.locator('.presence').textContent()).resolves.toContain(OLA);

    // Saved: the status line says so, and GraphQL returns the merged texts.
    await statusIs(pageKari, /Alle endringer lagret/);
    await statusIs(pageOla, /Alle endringer lagret/);
    await waitFor(async () => {
      const i24 = await item('24/2017');
      const i26 = await item('26/2017');
      expect(i24.decision?.text).toBe(expected24);
      expect(i26.subItems.find((s) => s.letter === 'A')?.decision?.text).toContain('Vedtak A fra Kari.');
      expect(i26.subItems.find((s) => s.letter === 'B')?.decision?.text).toMatch(/ Tillegg B fra Ola\.$/);
      return true;
    }, 'GraphQL to return the merged texts', 10_000);

    await screenshot(pageOla, '[data-item-number="26/2017"] [data-letter="A"]', 'web-editor-sub-items.png');
  });

  it('one secretary goes offline, both type, the texts merge when she is back', async () => {
    const name = 'Referat, sak 26/2017 C';
    const initial = await editorText(field(pageOla, name));
    await typeInto(pageOla, name, 'Før brudd.', 'end');
    await waitFor(async () => (await editorText(field(pageKari, name))).includes('Før brudd.'), 'text before going offline', 10_000);

    await ola.setOffline(true);
    await statusIs(pageOla, /kobler til på nytt/i);
    await typeInto(pageOla, name, ' Skrevet frakoblet.', 'end');
    await typeInto(pageKari, name, 'Skrevet tilkoblet. ', 'start');
    await statusIs(pageOla, /kobler til på nytt.*lagres/i);
    await waitFor(async () => (await editorText(field(pageOla, name))).endsWith(' Skrevet frakoblet.'), 'offline text locally', 5_000);
    // While offline, neither side sees the other's new text.
    await new Promise((r) => setTimeout(r, 700));
    expect(await editorText(field(pageKari, name))).not.toContain('Skrevet frakoblet.');
    expect(await editorText(field(pageOla, name))).not.toContain('Skrevet tilkoblet.');

    await ola.setOffline(false);
    const merged = `Skrevet tilkoblet. ${initial}Før brudd. Skrevet frakoblet.`;
    for (const page of [pageKari, pageOla]) {
      await waitFor(async () => (await editorText(field(page, name))) === merged, 'merged after reconnecting', 15_000);
    }
    await statusIs(pageOla, /Alle endringer lagret/, 15_000);
    await waitFor(async () => (await item('26/2017')).subItems.find((s) => s.letter === 'C')?.notes === merged, 'GraphQL to return the merged notes', 10_000);
  });

  it("a member's token opens the same meeting read-only and says why", async () => {
    const member = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    try {
      const page = await member.newPage();
      page.on('pageerror', (e) => pageErrors.push(`member: ${e.message}`));
      watch.watch(page);
      await signIn(page, server.url, await tokenFor('MEMBER'), 'Mona Medlem');
      await openRoom(page, server.url, meetingId);
      await statusIs(page, /Skrivebeskyttet: .*lesetilgang/);
      const name = 'Vedtak, sak 24/2017';
      const editor = field(page, name);
      await waitFor(async () => (await editorText(editor)).includes('Kari først.'), 'the member to see the referat', 10_000);
      expect(await editor.getAttribute('contenteditable')).toBe('false');
      expect(await editor.getAttribute('aria-readonly')).toBe('true');
      const before = await editorText(editor);
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('Medlemmet prøver å skrive.', { delay: 5 });
      await new Promise((r) => setTimeout(r, 500));
      expect(await editorText(editor)).toBe(before);
      expect(await editorText(field(pageKari, name))).toBe(before);
      expect((await item('24/2017')).decision?.text).toBe(before);
      // Nothing to change: no adopt buttons and no attendance form.
      expect(await page.getByRole('button', { name: 'Vedta' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Lagre oppmøte' }).count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'web-editor-read-only.png') });
    } finally {
      await member.close();
    }
    expect(pageErrors).toEqual([]);
  });

  it('downloads through a link signed for that document, and no URL the editor created carries a token', async () => {
    const [download] = await Promise.all([
      pageKari.waitForEvent('download'),
      pageKari.getByRole('link', { name: 'Last ned innkalling som PDF' }).click(),
    ]);
    const signed = new URL(download.url());
    expect(signed.pathname).toBe(`/meetings/${meetingId}/innkalling.pdf`);
    expect(signed.searchParams.get('sig')).toBeTruthy();
    expect((await readFile((await download.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

    expect(watch.tokens.length).toBe(3);
    expect(watch.urls.some((u) => u.includes('/collab/minutes:') && u.includes('ticket='))).toBe(true);
    watch.add(download.url()); // a download is not reported as a page request
    expect(watch.leaks()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
