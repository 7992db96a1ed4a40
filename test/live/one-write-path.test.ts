/**
 * Issue 12, "one write path": every path that changes a text of the referat — each mutation, an import, live
 * typing — goes through the services' one text command, so each leaves exactly one audit entry per changed field and
 * one decisionUpdated event, and GraphQL, every open live document and a fresh reader hold the same text. An import
 * into an open referat reaches the editor before the next keystroke can undo it.
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { gqlAt } from '../helpers/graphql.js';
import { wsClient } from '../helpers/graphql-ws.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { meetingItems, seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

const REFERAT = readFileSync(new URL('../fixtures/referat-radmannsgruppen-2017-09-14.txt', import.meta.url), 'utf8');
const SEED_VEDTAK_25 = 'Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport inkl. resultatregnskap pr 30.07.2017.';

const IMPORT = `mutation ($text: String!) { importDocument(text: $text, apply: true) { created updated } }`;
const AUDIT = `query ($id: ID!) { auditLog(meetingId: $id, limit: 1000) { action summary via } }`;
const SET_TEXT = `mutation ($id: ID!, $letter: String, $field: MinutesField!, $text: String!) {
  setMinutesText(input: { target: { agendaItemId: $id, subItemLetter: $letter }, field: $field, text: $text }) { id } }`;
const UPDATE_ITEM = `mutation ($id: ID!, $notes: String) { updateAgendaItem(id: $id, input: { notes: $notes }) { id } }`;
const RECORD = `mutation ($id: ID!, $text: String!) { recordDecision(input: { target: { agendaItemId: $id }, text: $text, vote: { outcome: UNANIMOUS } }) { id } }`;

interface TextEvent {
  itemNumber: string;
  subItemLetter: string | null;
  field: 'NOTES' | 'DECISION';
  text: string;
}

/** The seed referat with the vedtak of 25/2017 changed: what a secretary re-imports after correcting it elsewhere. */
function referatWithVedtak25(vedtak: string): string {
  expect(REFERAT).toContain(SEED_VEDTAK_25);
  return REFERAT.replace(SEED_VEDTAK_25, vedtak);
}

describe.each(dbKinds())('one write path for the texts of the referat (%s)', (kind) => {
  let server: TestServer | null = null;
  let clients: LiveClient[] = [];
  let ws: Client | null = null;

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await ws?.dispose();
    ws = null;
    await server?.close();
    server = null;
  });

  async function setUp() {
    server = await startTestServer(kind);
    const gql = gqlAt(server.url);
    const meeting = await seedMeeting(gql);
    const editor = connectLive(server.url, meeting.id);
    clients.push(editor);
    await waitSynced([editor], meeting.items.map((i) => i.id));
    const events = await subscribe(server, meeting);
    return { server, gql, meeting, editor, events };
  }

  /** decisionUpdated of the meeting, live once a change made through the API has come back (then forgotten). */
  async function subscribe(s: TestServer, meeting: SeedMeeting): Promise<TextEvent[]> {
    ws = wsClient(s.url);
    const events: TextEvent[] = [];
    ws.subscribe<{ decisionUpdated: TextEvent }>(
      { query: `subscription ($id: ID!) { decisionUpdated(meetingId: $id) { itemNumber subItemLetter field text } }`, variables: { id: meeting.id } },
      { next: (r) => void (r.data && events.push(r.data.decisionUpdated)), error: () => undefined, complete: () => undefined },
    );
    const warm = meeting.item('21/2017');
    let tries = 0;
    await waitFor(async () => {
      await s.ok(SET_TEXT, { id: warm.id, field: 'NOTES', text: `Oppvarming ${++tries}.` });
      return events.some((e) => e.text.startsWith('Oppvarming'));
    }, 'the subscription to start', 5_000);
    await s.ok(SET_TEXT, { id: warm.id, field: 'NOTES', text: warm.notes ?? '' });
    await waitFor(() => events.some((e) => e.itemNumber === '21/2017' && e.text === (warm.notes ?? '')), 'the warm-up to be undone', 2_000);
    events.length = 0;
    return events;
  }

  async function textSets(s: TestServer, meetingId: string, summary: string): Promise<Array<{ via: string }>> {
    const data = await s.ok<{ auditLog: Array<{ action: string; summary: string; via: string }> }>(AUDIT, { id: meetingId });
    return data.auditLog.filter((a) => a.action === 'TEXT_SET' && a.summary === summary);
  }

  it('an import into an open referat reaches the editor within 500 ms, typing after it keeps it, with one audit entry and one event', async () => {
    const { server: s, gql, meeting, editor, events } = await setUp();
    const item = meeting.item('25/2017');
    const vedtak = 'Rådmannsgruppen anbefaler styringsgruppen å godkjenne tertialrapporten med merknadene fra møtet.';
    expect(editor.text(item.id, 'decision').toString()).toBe(SEED_VEDTAK_25);

    const report = await s.ok<{ importDocument: { updated: string[] } }>(IMPORT, { text: referatWithVedtak25(vedtak) });
    const answeredAt = Date.now();
    expect(report.importDocument.updated).toEqual([`sak 25/2017: decision → "${vedtak.slice(0, 59)}…"`]);
    await waitFor(() => editor.text(item.id, 'decision').toString() === vedtak, 'the imported vedtak in the open document', 500);
    console.log(`[one write path ${kind}] import → editor: ${Date.now() - answeredAt} ms after the answer`);

    // Typing after the import keeps it: the document's text (import + keystroke) is what gets stored.
    const ytext = editor.text(item.id, 'decision');
    ytext.insert(ytext.length, ' Enstemmig.');
    await roundTrip(editor);
    await s.app.live.binding.flush();
    const stored = (await meetingItems(gql, meeting.id)).find((i) => i.id === item.id)!;
    expect(stored.decision?.text).toBe(`${vedtak} Enstemmig.`);

    // The audit log lists the newest first.
    expect((await textSets(s, meeting.id, '25/2017 vedtak')).map((a) => a.via)).toEqual(['live', 'import']);
    expect(events.filter((e) => e.itemNumber === '25/2017')).toEqual([
      { itemNumber: '25/2017', subItemLetter: null, field: 'DECISION', text: vedtak },
      { itemNumber: '25/2017', subItemLetter: null, field: 'DECISION', text: `${vedtak} Enstemmig.` },
    ]);
  });

  it('every path that changes a text leaves one audit entry and one event per changed field, and the same text everywhere', async () => {
    const { server: s, gql, meeting, editor, events } = await setUp();
    type Path = { name: string; via: string; item: string; letter: string | null; field: 'notes' | 'decision'; text: string; change(): Promise<unknown> };
    const id = (n: string) => meeting.item(n).id;
    // The import first: it writes every text the referat holds (so it would undo the API's changes after it).
    const paths: Path[] = [
      { name: 'importDocument', via: 'import', item: '25/2017', letter: null, field: 'decision', text: 'Tertialrapporten godkjennes.',
        change: () => s.ok(IMPORT, { text: referatWithVedtak25('Tertialrapporten godkjennes.') }) },
      { name: 'setMinutesText notes', via: 'api', item: '24/2017', letter: null, field: 'notes', text: 'Drøftet i møtet.',
        change: () => s.ok(SET_TEXT, { id: id('24/2017'), field: 'NOTES', text: 'Drøftet i møtet.' }) },
      { name: 'setMinutesText sub-item vedtak', via: 'api', item: '26/2017', letter: 'B', field: 'decision', text: 'Tatt til orientering.',
        change: () => s.ok(SET_TEXT, { id: id('26/2017'), letter: 'B', field: 'DECISION', text: 'Tatt til orientering.' }) },
      { name: 'updateAgendaItem notes', via: 'api', item: '27/2017', letter: null, field: 'notes', text: 'Orientering ved sekretariatet.',
        change: () => s.ok(UPDATE_ITEM, { id: id('27/2017'), notes: 'Orientering ved sekretariatet.' }) },
      { name: 'recordDecision', via: 'api', item: '28/2017', letter: null, field: 'decision', text: 'Ingen saker under eventuelt.',
        change: () => s.ok(RECORD, { id: id('28/2017'), text: 'Ingen saker under eventuelt.' }) },
      { name: 'live typing', via: 'live', item: '22/2017', letter: null, field: 'decision', text: 'Framlagt forslag til referat tas til orientering. Ferdig.',
        change: async () => {
          const t = editor.text(id('22/2017'), 'decision');
          t.insert(t.length, ' Ferdig.');
          await roundTrip(editor);
          await s.app.live.binding.flush();
        } },
    ];

    for (const p of paths) {
      const summary = `${p.item}${p.letter ? ` ${p.letter}` : ''} ${p.field === 'notes' ? 'referat' : 'vedtak'}`;
      const auditBefore = (await textSets(s, meeting.id, summary)).length;
      const eventsBefore = events.length;
      await p.change();
      await waitFor(() => events.length > eventsBefore, `the event of ${p.name}`, 2_000);

      const audits = await textSets(s, meeting.id, summary);
      expect({ path: p.name, audits: audits.slice(auditBefore).map((a) => a.via) }).toEqual({ path: p.name, audits: [p.via] });
      const field = p.field === 'notes' ? 'NOTES' : 'DECISION';
      expect({ path: p.name, events: events.slice(eventsBefore) }).toEqual({
        path: p.name,
        events: [{ itemNumber: p.item, subItemLetter: p.letter, field, text: p.text }],
      });

      const item = (await meetingItems(gql, meeting.id)).find((i) => i.number === p.item)!;
      const holder = p.letter ? item.subItems.find((x) => x.letter === p.letter)! : item;
      const inGraphql = p.field === 'notes' ? holder.notes : holder.decision?.text;
      expect({ path: p.name, text: inGraphql }).toEqual({ path: p.name, text: p.text });
      await waitFor(() => editor.text(item.id, p.field, p.letter ?? undefined).toString() === p.text, `${p.name} in the open document`, 1_000);
      const reader = connectLive(s.url, meeting.id);
      clients.push(reader);
      await waitSynced([reader], [item.id]);
      expect({ path: p.name, text: reader.text(item.id, p.field, p.letter ?? undefined).toString() }).toEqual({ path: p.name, text: p.text });
    }
    // Nothing else was audited or announced along the way: one event per path.
    expect(events).toHaveLength(paths.length);
  });
});
