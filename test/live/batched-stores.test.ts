/**
 * The live binding stores typed texts in batches: fields of several documents that fall due together are written in
 * ONE transaction, each with its own audit entry (via 'live', the connection's user) and decisionUpdated event; a
 * locked meeting's texts are never written; a text equal to what the database holds writes nothing.
 * Real server, real database (SQLite and PostgreSQL), real y-websocket providers and graphql-ws subscribers; the
 * transactions are told apart by knex's own transaction id on every statement it runs.
 */
import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Meeting } from '../../schema/entities/index.js';
import { MeetingStatus } from '../../schema/enums.js';
import { DECISION_KEY, NOTES_KEY, SUB_ITEMS_KEY, itemsMap } from '../../schema/ydoc-layout.js';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { gqlAt, type Gql } from '../helpers/graphql.js';
import { wsClient } from '../helpers/graphql-ws.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

interface Event {
  meetingId: string;
  itemNumber: string;
  subItemLetter: string | null;
  field: string;
  text: string;
}
interface Entry {
  action: string;
  entity: string;
  entityId: string;
  summary: string | null;
  userId: string | null;
  via: string | null;
}
interface Statement {
  sql: string;
  bindings?: unknown[];
  __knexTxId?: string;
}

const AUDIT = `query ($m: ID!) { auditLog(meetingId: $m) { action entity entityId summary userId via } }`;

describe.each(dbKinds())('live: typed texts are stored in batches (%s)', (kind) => {
  let server: TestServer | null = null;
  let clients: LiveClient[] = [];
  let ws: Client | null = null;
  let stopListening: (() => void) | null = null;

  afterEach(async () => {
    stopListening?.();
    stopListening = null;
    for (const c of clients) c.destroy();
    clients = [];
    await ws?.dispose();
    ws = null;
    await server?.close();
    server = null;
  });

  /** The seed meeting and a second meeting of Rådmannsgruppen with one item, a live provider on each, subscribers. */
  async function setUp() {
    server = await startTestServer(kind);
    const gql = gqlAt(server.url);
    const seed = await seedMeeting(gql);
    const { body } = await gql.ok(`{ body(slug: "radmannsgruppen") { id } }`);
    const { createMeeting: other } = await gql.ok(
      `mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-10-26T07:00:00.000Z", approvePreviousMinutes: false }) { id } }`,
      { b: body.id },
    );
    const { addAgendaItem: budget } = await gql.ok(
      `mutation ($m: ID!) { addAgendaItem(input: { meetingId: $m, title: "Budsjett 2018" }) { id number } }`,
      { m: other.id },
    );
    const a = connectLive(server.url, seed.id);
    const b = connectLive(server.url, other.id);
    clients = [a, b];
    await waitSynced([a], seed.items.map((i) => i.id));
    await waitSynced([b], [budget.id]);
    const events = await subscribe(gql, [seed.id, other.id], [seed.item('21/2017').id, budget.id]);
    const claims = await server.app.tokens.verify(server.adminToken);
    return { gql, seed, otherId: other.id as string, budget: budget as { id: string; number: string }, a, b, events, userId: claims!.userId };
  }

  /** decisionUpdated on every meeting, live once each has delivered a change made through the API (to the notes of `warmUpItems`). */
  async function subscribe(gql: Gql, meetingIds: string[], warmUpItems: string[]): Promise<Event[]> {
    ws = wsClient(server!.url);
    const events: Event[] = [];
    for (const id of meetingIds) {
      ws.subscribe<{ decisionUpdated: Event }>(
        { query: `subscription ($id: ID!) { decisionUpdated(meetingId: $id) { meetingId itemNumber subItemLetter field text } }`, variables: { id } },
        { next: (r) => r.data && events.push(r.data.decisionUpdated), error: () => undefined, complete: () => undefined },
      );
    }
    // A text equal to the stored one changes nothing and fires no event: each try writes a new one.
    let tries = 0;
    await waitFor(async () => {
      tries++;
      for (const item of warmUpItems) {
        await gql.ok(
          `mutation ($id: ID!, $text: String!) { setMinutesText(input: { target: { agendaItemId: $id }, field: NOTES, text: $text }) { id } }`,
          { id: item, text: `Oppvarming ${tries}.` },
        );
      }
      return meetingIds.every((m) => events.some((e) => e.meetingId === m && e.text.startsWith('Oppvarming')));
    }, 'the subscriptions to start', 5_000);
    await sleep(100);
    events.length = 0;
    return events;
  }

  /** Every statement knex runs from now on, with the id of the transaction it ran in. */
  function recordStatements(): Statement[] {
    const knex = (server!.app.orm.em.getConnection() as unknown as { getKnex(): NodeJS.EventEmitter }).getKnex();
    const statements: Statement[] = [];
    const listener = (q: Statement) => statements.push(q);
    knex.on('query', listener);
    stopListening = () => knex.off('query', listener);
    return statements;
  }

  const writes = (statements: Statement[]) =>
    statements.filter((s) => /^\s*(update\s+\S*(agenda_item|sub_item)|insert\s+into\s+\S*audit_entry)/i.test(s.sql));

  const audit = async (gql: Gql, meetingId: string) => (await gql.ok<{ auditLog: Entry[] }>(AUDIT, { m: meetingId })).auditLog;

  it('fields of two documents falling due together are stored in one transaction, each with its audit entry and event', async () => {
    const { gql, seed, otherId, budget, a, b, events, userId } = await setUp();
    const item24 = seed.item('24/2017');
    const item26 = seed.item('26/2017');
    const auditBefore = { seed: (await audit(gql, seed.id)).length, other: (await audit(gql, otherId)).length };
    const statements = recordStatements();

    a.text(item24.id, 'notes').insert(0, 'Saken ble drøftet.');
    a.text(item26.id, 'decision', 'B').insert(0, 'Vedtatt. ');
    b.text(budget.id, 'decision').insert(0, 'Budsjettet vedtas.');
    await Promise.all([roundTrip(a), roundTrip(b)]);
    await server!.app.live.binding.flush();

    // One transaction: three row updates and the audit entries, all with the same knex transaction id.
    const written = writes(statements);
    expect(written.filter((s) => /^\s*update/i.test(s.sql))).toHaveLength(3);
    expect(written.filter((s) => /audit_entry/i.test(s.sql))).toHaveLength(1);
    const transactions = new Set(written.map((s) => s.__knexTxId));
    expect(transactions.size).toBe(1);
    expect([...transactions][0]).toBeTruthy();

    // What GraphQL reads.
    const texts = (await gql.ok(`query ($m: ID!) { meeting(id: $m) { agendaItems { id notes decision { text } subItems { letter decision { text } } } } }`, { m: seed.id })).meeting.agendaItems;
    const seed24 = texts.find((i: { id: string }) => i.id === item24.id);
    const seed26 = texts.find((i: { id: string }) => i.id === item26.id);
    expect(seed24.notes).toBe(`Saken ble drøftet.${item24.notes ?? ''}`);
    expect(seed26.subItems.find((s: { letter: string }) => s.letter === 'B').decision.text).toBe(`Vedtatt. ${item26.subItems.find((s) => s.letter === 'B')!.decision?.text ?? ''}`);
    const other = (await gql.ok(`query ($m: ID!) { meeting(id: $m) { agendaItems { id decision { text } } } }`, { m: otherId })).meeting.agendaItems;
    expect(other[0].decision.text).toBe('Budsjettet vedtas.');

    // An audit entry per field, attributed to the connection's user, via the live referat.
    const seedAudit = await audit(gql, seed.id);
    const otherAudit = await audit(gql, otherId);
    const live = [...seedAudit.slice(0, seedAudit.length - auditBefore.seed), ...otherAudit.slice(0, otherAudit.length - auditBefore.other)];
    expect(live).toHaveLength(3);
    expect(live.every((e) => e.via === 'live' && e.userId === userId && e.action === 'TEXT_SET')).toBe(true);
    expect(live.map((e) => `${e.entity} ${e.summary}`).sort()).toEqual(
      ['AgendaItem 24/2017 referat', `AgendaItem ${budget.number} vedtak`, 'SubItem 26/2017 B vedtak'].sort(),
    );

    // A decisionUpdated per field, with the stored text.
    await waitFor(() => events.length >= 3, 'three decisionUpdated events', 2_000);
    await sleep(100);
    expect(events.map((e) => `${e.itemNumber} ${e.subItemLetter ?? '-'} ${e.field} ${e.text}`).sort()).toEqual(
      [
        `24/2017 - NOTES ${seed24.notes}`,
        `26/2017 B DECISION ${seed26.subItems.find((s: { letter: string }) => s.letter === 'B').decision.text}`,
        `${budget.number} - DECISION Budsjettet vedtas.`,
      ].sort(),
    );
  });

  it('a text equal to what is stored writes nothing; a locked meeting is never written, while the rest of its batch is', async () => {
    const { gql, seed, otherId, budget, a, b, events } = await setUp();
    const item24 = seed.item('24/2017');

    // Typed and then taken back: the key falls due, but the text is what the database holds.
    a.text(item24.id, 'decision').insert(0, 'Midlertidig ');
    await roundTrip(a);
    a.text(item24.id, 'decision').delete(0, 'Midlertidig '.length);
    // The other meeting's minutes are approved behind the live document's back (so its clients can still type).
    await server!.app.orm.em.fork().nativeUpdate(Meeting, { id: otherId }, { status: MeetingStatus.MINUTES_APPROVED });
    b.text(budget.id, 'decision').insert(0, 'Skal ikke lagres.');
    // A real change beside them, in the same batch.
    a.text(item24.id, 'notes').insert(0, 'Lagres. ');
    await Promise.all([roundTrip(a), roundTrip(b)]);

    const auditBefore = { seed: (await audit(gql, seed.id)).length, other: (await audit(gql, otherId)).length };
    const statements = recordStatements();
    await server!.app.live.binding.flush();

    const written = writes(statements);
    expect(written.filter((s) => /^\s*update/i.test(s.sql))).toHaveLength(1); // 24/2017's notes only
    expect(new Set(written.map((s) => s.__knexTxId)).size).toBe(1);
    expect(await audit(gql, otherId)).toHaveLength(auditBefore.other);
    const seedAudit = await audit(gql, seed.id);
    expect(seedAudit).toHaveLength(auditBefore.seed + 1);
    expect(seedAudit[0]).toMatchObject({ via: 'live', summary: '24/2017 referat' });

    const texts = (await gql.ok(`query ($m: ID!) { meeting(id: $m) { agendaItems { id notes decision { text } } } }`, { m: seed.id })).meeting.agendaItems;
    const seed24 = texts.find((i: { id: string }) => i.id === item24.id);
    expect(seed24.decision?.text ?? null).toBe(item24.decision?.text ?? null);
    expect(seed24.notes).toBe(`Lagres. ${item24.notes ?? ''}`);
    const other = (await gql.ok(`query ($m: ID!) { meeting(id: $m) { agendaItems { decision { text } } } }`, { m: otherId })).meeting.agendaItems;
    expect(other[0].decision).toBeNull();

    await sleep(200);
    expect(events.map((e) => `${e.itemNumber} ${e.field}`)).toEqual(['24/2017 NOTES']);

    // Typed again into the stored field and back: nothing more.
    a.text(item24.id, 'notes').insert(0, 'x');
    await roundTrip(a);
    a.text(item24.id, 'notes').delete(0, 1);
    await roundTrip(a);
    await server!.app.live.binding.flush();
    expect(await audit(gql, seed.id)).toHaveLength(auditBefore.seed + 1);
    await sleep(100);
    expect(events).toHaveLength(1);
  });

  it('an item of another meeting, made up in a document, is never written', async () => {
    const { gql, seed, otherId, budget, a, events } = await setUp();
    const auditBefore = (await audit(gql, otherId)).length;
    // A writer of the seed meeting adds the other meeting's item to its own document and types into it.
    const foreign = new Y.Map<unknown>();
    foreign.set(DECISION_KEY, new Y.Text());
    foreign.set(NOTES_KEY, new Y.Text());
    foreign.set(SUB_ITEMS_KEY, new Y.Map());
    itemsMap(a.doc).set(budget.id, foreign);
    (foreign.get(DECISION_KEY) as Y.Text).insert(0, 'Skrevet fra et annet møte.');
    a.text(seed.item('24/2017').id, 'notes').insert(0, 'Lagres. ');
    await roundTrip(a);
    await server!.app.live.binding.flush();

    const other = (await gql.ok(`query ($m: ID!) { meeting(id: $m) { agendaItems { decision { text } } } }`, { m: otherId })).meeting.agendaItems;
    expect(other[0].decision).toBeNull();
    expect(await audit(gql, otherId)).toHaveLength(auditBefore);
    await sleep(200);
    expect(events.map((e) => `${e.itemNumber} ${e.field}`)).toEqual(['24/2017 NOTES']);
  });
});
