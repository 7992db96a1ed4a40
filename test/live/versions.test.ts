import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyCodeOf, ReadOnlyCode } from '../../collab/close-codes.js';
import { getMinutesText } from '../../schema/ydoc-layout.js';
import { dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { gqlProjection } from '../helpers/seed-meeting.js';
import { boundBytesContain, captureStatements, literalsOf } from '../helpers/sql-capture.js';
import { sleep, waitFor } from '../helpers/wait.js';

interface VersionText {
  itemNumber: string | null;
  subItemLetter: string | null;
  notes: string;
  decision: string;
}
interface Version {
  label: string;
  reason: string;
  texts: VersionText[];
}

const textOf = (v: Version, number: string, letter: string | null = null) =>
  v.texts.find((t) => t.itemNumber === number && t.subItemLetter === letter);

describe.each(dbKinds())('live: versions of the referat and its approval (%s)', (kind) => {
  let server: TestServer | null = null;
  let clients: LiveClient[] = [];

  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    await server?.close();
    server = null;
  });

  /** A new meeting of Rådmannsgruppen (not approving the seed meeting) with items 29/2017 and 30/2017 (sub-item A). */
  async function newMeeting() {
    server = await startTestServer(kind);
    const gql = gqlAt(server.url);
    const versions = async (id: string, fields = 'label reason texts { itemNumber subItemLetter notes decision }') =>
      (await gql.ok<{ minutesVersions: Version[] }>(`query ($id: ID!) { minutesVersions(meetingId: $id) { ${fields} } }`, { id })).minutesVersions;
    const { body } = await gql.ok(`{ body(slug: "radmannsgruppen") { id } }`);
    const { createMeeting: m1 } = await gql.ok(
      `mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-10-26T07:00:00.000Z", approvePreviousMinutes: false }) { id status } }`,
      { b: body.id },
    );
    const add = async (title: string) =>
      (await gql.ok(`mutation ($m: ID!, $t: String!) { addAgendaItem(input: { meetingId: $m, title: $t }) { id number } }`, { m: m1.id, t: title }))
        .addAgendaItem as { id: string; number: string };
    const budget = await add('Budsjett 2018');
    const status = await add('Statusrapport');
    expect([budget.number, status.number]).toEqual(['29/2017', '30/2017']);
    await gql.ok(`mutation ($i: ID!) { addSubItem(input: { agendaItemId: $i, title: "Økonomi" }) { letter } }`, { i: status.id });
    await gql.ok(
      `mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i }, field: NOTES, text: "Saksframlegg fra sekretariatet." }) { id } }`,
      { i: budget.id },
    );
    const p = connectLive(server.url, m1.id);
    clients.push(p);
    await waitSynced([p], [budget.id, status.id]);
    const { sendNotice } = await gql.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { status } }`, { m: m1.id });
    expect(sendNotice.status).toBe('NOTICE_SENT');
    return { gql, versions, bodyId: body.id as string, m1: m1.id as string, budget, status, p };
  }

  const decision29 = 'Budsjettet for 2018 vedtas som foreslått.';
  const notes30A = 'Økonomisjefen orienterte.';

  it('the notice version keeps the texts of the notice; a manual version holds what was typed', async () => {
    const { gql, versions, m1, budget, status, p } = await newMeeting();
    const [notice] = await versions(m1);
    expect(notice).toMatchObject({ label: 'Innkalling sendt', reason: 'NOTICE_SENT' });
    expect(textOf(notice!, '29/2017')).toEqual({ itemNumber: '29/2017', subItemLetter: null, notes: 'Saksframlegg fra sekretariatet.', decision: '' });
    expect(textOf(notice!, '30/2017', 'A')).toEqual({ itemNumber: '30/2017', subItemLetter: 'A', notes: '', decision: '' });

    // The meeting types its referat.
    p.text(budget.id, 'decision').insert(0, decision29);
    p.text(status.id, 'notes', 'A').insert(0, notes30A);
    await roundTrip(p);

    // The version's state goes to the database as a bound parameter, never as a hex literal in the SQL text.
    const statements = captureStatements(server!.app.orm);
    const { createMinutesVersion: manual } = await gql.ok(
      `mutation ($m: ID!) { createMinutesVersion(meetingId: $m, label: "Utkast etter møtet") { label reason texts { itemNumber subItemLetter notes decision } } }`,
      { m: m1 },
    );
    expect(manual).toMatchObject({ label: 'Utkast etter møtet', reason: 'MANUAL' });
    const typedHex = Buffer.from(decision29).toString('hex');
    expect(literalsOf(statements, typedHex)).toEqual([]);
    expect(boundBytesContain(statements, typedHex)).toBe(true);
    expect(textOf(manual, '29/2017')!.decision).toBe(decision29);
    expect(textOf(manual, '30/2017', 'A')!.notes).toBe(notes30A);

    const afterManual = await versions(m1);
    expect(afterManual.map((v) => v.reason)).toEqual(['NOTICE_SENT', 'MANUAL']);
    expect(afterManual[0]).toEqual(notice);
    expect(textOf(afterManual[0]!, '29/2017')!.decision).not.toBe(decision29);
    expect(afterManual[1]!.texts).toEqual(manual.texts);

    // Further edits change neither version.
    p.text(budget.id, 'decision').insert(decision29.length, ' Enstemmig.');
    await roundTrip(p);
    await waitFor(async () => (await gqlProjection(gql, m1))[budget.id]!.decision === `${decision29} Enstemmig.`, 'the edit to be stored', 4_000);
    expect(await versions(m1)).toEqual(afterManual);
  });

  it('adopting the next meeting’s approval item approves, versions and locks the referat', async () => {
    const { gql, versions, bodyId, m1, budget, status, p } = await newMeeting();
    p.text(budget.id, 'decision').insert(0, decision29);
    p.text(status.id, 'notes', 'A').insert(0, notes30A);
    await waitFor(async () => {
      const t = await gqlProjection(gql, m1);
      return t[budget.id]!.decision === decision29 && t[status.id]!.subItems.A!.notes === notes30A;
    }, 'the typed texts to be stored', 4_000);

    // The meeting is held; the next meeting's first item approves its minutes.
    await gql.ok(`mutation ($m: ID!) { markMeetingHeld(meetingId: $m) { status } }`, { m: m1 });
    const { createMeeting: m2 } = await gql.ok(
      `mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-11-30T08:00:00.000Z" }) { id agendaItems { id number approvesMinutesOf { id } } } }`,
      { b: bodyId },
    );
    const approval = m2.agendaItems[0];
    expect(approval.number).toBe('31/2017');
    expect(approval.approvesMinutesOf).toEqual({ id: m1 });
    await gql.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { status } }`, { m: m2.id });
    await gql.ok(
      `mutation ($i: ID!) { recordDecision(input: { target: { agendaItemId: $i }, text: "Framlagt forslag til referat godkjennes." }) { id } }`,
      { i: approval.id },
    );
    await gql.ok(`mutation ($i: ID!) { adoptDecision(target: { agendaItemId: $i }, vote: { outcome: UNANIMOUS }) { id } }`, { i: approval.id });

    const { meeting } = await gql.ok(`query ($m: ID!) { meeting(id: $m) { status minutesApprovedAt } }`, { m: m1 });
    expect(meeting.status).toBe('MINUTES_APPROVED');
    expect(meeting.minutesApprovedAt).not.toBeNull();
    expect(await versions(m1, 'label reason')).toEqual([
      { label: 'Innkalling sendt', reason: 'NOTICE_SENT' },
      { label: 'Godkjent', reason: 'APPROVED' },
    ]);
    const approvedTexts = await gqlProjection(gql, m1);
    expect(approvedTexts[budget.id]!.decision).toBe(decision29);
    expect(approvedTexts[status.id]!.subItems.A!.notes).toBe(notes30A);

    // The provider that is still connected keeps typing: none of it is stored or served.
    p.text(budget.id, 'decision').insert(0, 'ENDRET ETTER GODKJENNING: ');
    p.text(status.id, 'notes', 'A').insert(0, 'Også endret. ');
    if (p.provider.wsconnected) await roundTrip(p);
    await sleep(700); // longer than the binding's quiet time (250 ms)

    const q = connectLive(server!.url, m1);
    clients.push(q);
    await waitFor(() => q.provider.synced && getMinutesText(q.doc, budget.id, 'decision') !== null, 'a new provider to load the document', 5_000);
    expect(q.text(budget.id, 'decision').toString()).toBe(decision29);
    expect(q.text(status.id, 'notes', 'A').toString()).toBe(notes30A);
    expect(await gqlProjection(gql, m1)).toEqual(approvedTexts);
    expect(server!.app.live.collab.isReadOnly(`minutes:${m1}`)).toBe(true);
    // A provider is told why, with a code (not only words) a client can act on.
    await waitFor(() => q.denials.length > 0, 'the new provider to be told the minutes are locked', 5_000);
    expect(q.denials.map(readOnlyCodeOf)).toEqual([ReadOnlyCode.minutesLocked]);

    // The approved version holds the approved text.
    const approved = (await versions(m1)).find((v) => v.reason === 'APPROVED')!;
    expect(textOf(approved, '29/2017')!.decision).toBe(decision29);
    expect(textOf(approved, '30/2017', 'A')!.notes).toBe(notes30A);
  });
});
