/**
 * Acceptance 2: a member of the body may follow the live referat but not change it. What a member's provider types
 * reaches nobody: not another client, not the stored log, not GraphQL, not a client joining later; the member is told
 * the document is read-only. A secretary of another body cannot write at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyCodeOf, ReadOnlyCode } from '../../collab/close-codes.js';
import { DocumentUpdate } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName, projectMinutes } from '../../schema/ydoc-layout.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { errorCodes } from '../helpers/graphql.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { userOf } from '../helpers/roles.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';

const MEMBER_TEXT = 'MEDLEMMET SKRIVER DETTE';

describe('live referat: a member is read-only', () => {
  let server: TestServer;
  let meetingId: string;
  let itemId: string;
  let notesItemId: string;
  let secretary: string;
  let member: string;
  let otherSecretary: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const seed = await seedMeeting(server);
    meetingId = seed.id;
    itemId = seed.item('26/2017').id;
    notesItemId = seed.item('24/2017').id;
    [secretary, member, otherSecretary] = await Promise.all([
      server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
      server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen'),
      server.tokenFor(BodyRole.SECRETARY, 'styringsgruppen'),
    ]);
  });

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
  });

  const docName = () => minutesDocName(meetingId);
  const rowsBy = (userId: string) => server.app.orm.em.fork().count(DocumentUpdate, { docName: docName(), userId });
  const allRows = () => server.app.orm.em.fork().count(DocumentUpdate, { docName: docName() });
  const gqlTexts = async () =>
    JSON.stringify(
      await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { id notes decision { text } subItems { letter notes decision { text } } } } }`, {
        id: meetingId,
      }),
    );

  it("a member's typing reaches no other client, no stored state and no later reader; the member is told", async () => {
    const sec = connectLive(server.url, meetingId, { token: secretary });
    const mem = connectLive(server.url, meetingId, { token: member });
    clients.push(sec, mem);
    await waitSynced([sec, mem], [itemId, notesItemId], 8_000);

    // The member is told at once that the document is read-only for them, and stays connected.
    await waitFor(() => mem.denials.length > 0, 'the permission-denied message', 3_000);
    expect(mem.denials[0]).toMatch(/read-only/i);
    expect(readOnlyCodeOf(mem.denials[0]!)).toBe(ReadOnlyCode.readOnlyAccess);

    // The member sees what the secretary types (reading works).
    const secText = sec.text(itemId, 'decision', 'B');
    secText.insert(secText.length, ' Sekretariatet følger opp.');
    await waitFor(() => mem.text(itemId, 'decision', 'B').toString().endsWith('Sekretariatet følger opp.'), 'the secretary edit to reach the member', 5_000);
    await server.app.live.binding.flush();
    await server.app.live.collab.flush();

    const memberUser = await userOf(server, member);
    const rowsBefore = await allRows();
    const gqlBefore = await gqlTexts();
    expect(await rowsBy(memberUser.id)).toBe(0);

    // The member types, keystroke by keystroke, into a decision and into notes.
    const decision = mem.text(itemId, 'decision', 'B');
    for (const ch of MEMBER_TEXT) {
      decision.insert(decision.length, ch);
      await sleep(5);
    }
    mem.text(notesItemId, 'notes').insert(0, `${MEMBER_TEXT} (notat) `);
    expect(decision.toString()).toContain(MEMBER_TEXT); // the member's own copy holds it …

    // … but once the server has handled every frame, and after the binding's quiet time, nobody else has it.
    await roundTrip(mem);
    await sleep(700);
    await server.app.live.binding.flush();
    await server.app.live.collab.flush();

    expect(JSON.stringify(projectMinutes(sec.doc))).not.toContain(MEMBER_TEXT);
    expect(JSON.stringify(projectMinutes(await server.app.live.collab.getDocument(docName())))).not.toContain(MEMBER_TEXT);
    expect(await gqlTexts()).toBe(gqlBefore);
    expect(await rowsBy(memberUser.id)).toBe(0);
    expect(await allRows()).toBe(rowsBefore);
    expect(mem.provider.wsconnected).toBe(true);
    expect(mem.denials.length).toBeGreaterThan(0);

    // A client joining later loads exactly what the server stored: no trace of the member's text.
    const fresh = connectLive(server.url, meetingId, { token: secretary });
    clients.push(fresh);
    await waitSynced([fresh], [itemId, notesItemId], 8_000);
    expect(fresh.text(itemId, 'decision', 'B').toString()).toBe(sec.text(itemId, 'decision', 'B').toString());
    expect(JSON.stringify(projectMinutes(fresh.doc))).not.toContain(MEMBER_TEXT);
    expect(fresh.denials).toEqual([]);

    // The secretary keeps writing normally and it is stored.
    secText.insert(secText.length, ' Enstemmig.');
    await waitFor(async () => (await gqlTexts()).includes('Sekretariatet følger opp. Enstemmig.'), 'the secretary edit to be stored', 5_000);
    expect(await gqlTexts()).not.toContain(MEMBER_TEXT);
  });

  it("a secretary of Styringsgruppen cannot write Rådmannsgruppen's referat: refused at the upgrade and by GraphQL", async () => {
    const outcome = await rawCollabUpgrade(server.url, docName(), otherSecretary);
    expect(outcome.opened).toBe(false);
    expect(outcome.status).toBe(403);
    expect(outcome.messages).toBe(0);
    // Nor does a ticket help: none is issued for another body's referat.
    const ticket = await server.gql(`mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket } }`, { m: meetingId }, otherSecretary);
    expect(errorCodes(ticket.errors)).toEqual(['FORBIDDEN']);
    // With y-websocket itself: never synced, never receives the document.
    const other = connectLive(server.url, meetingId, { token: otherSecretary });
    clients.push(other);
    await sleep(600);
    expect(other.provider.synced).toBe(false);
    expect(other.doc.getMap('items').size).toBe(0);
    other.provider.disconnect();

    const before = await gqlTexts();
    const res = await server.gql(
      `mutation ($i: ID!) { setMinutesText(input: { target: { agendaItemId: $i, subItemLetter: "B" }, field: DECISION, text: "Styringsgruppen overstyrer." }) { id } }`,
      { i: itemId },
      otherSecretary,
    );
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(await gqlTexts()).toBe(before);
    expect(JSON.stringify(projectMinutes(await server.app.live.collab.getDocument(docName())))).not.toContain('Styringsgruppen overstyrer');
  });
});
