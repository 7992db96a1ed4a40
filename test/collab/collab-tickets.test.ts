/**
 * Tickets for the live referat's websocket (GraphQL collabTicket, `?ticket=`): what a browser uses, since it cannot
 * set headers on a WebSocket. A ticket opens one meeting's document, once, within a minute; the upgrade asks the read
 * policy as for a header. A bearer token in the URL is refused. With several instances, a ticket used on one cannot
 * be used again on another (the use is recorded in Redis).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { CLUSTER_TESTS, logIfSkipped, startCluster, type Cluster } from '../helpers/cluster.js';
import { gqlAt } from '../helpers/graphql.js';
import { connectLive, waitSynced } from '../helpers/live-docs.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

const TICKET = `mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket docName expiresAt } }`;
type Ticket = { ticket: string; docName: string; expiresAt: string };

describe('collab tickets', () => {
  let server: TestServer;
  let meetingId: string;
  let otherMeetingId: string;
  let secretary: string;

  const ticketFor = async (m = meetingId, as = secretary) => (await server.ok<{ collabTicket: Ticket }>(TICKET, { m }, as)).collabTicket;
  const upgrade = (docName: string, query: Record<string, string>) => rawCollabUpgrade(server.url, docName, null, { query, listenMs: 100 });

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    meetingId = (await seedMeeting(server)).id;
    const { meetings } = await server.ok(`{ meetings(filter: { bodySlug: "radmannsgruppen" }) { id } }`);
    otherMeetingId = meetings.map((m: { id: string }) => m.id).find((id: string) => id !== meetingId);
    secretary = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
  });
  afterAll(() => server?.close());

  it('opens its meeting once: a y-websocket provider syncs with it, a second use is refused', async () => {
    const t = await ticketFor();
    expect(t.docName).toBe(minutesDocName(meetingId));
    expect(new Date(t.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const live = connectLive(server.url, meetingId, { token: null, params: { ticket: t.ticket } });
    try {
      await waitSynced([live], [], 8_000);
      expect(live.doc.getMap('items').size).toBeGreaterThan(0);
    } finally {
      live.destroy();
    }
    const again = await upgrade(t.docName, { ticket: t.ticket });
    expect(again.opened).toBe(false);
    expect(again.status).toBe(403);
    expect(again.messages).toBe(0);
  });

  it("is good for one meeting's document only", async () => {
    const t = await ticketFor();
    expect((await upgrade(minutesDocName(otherMeetingId), { ticket: t.ticket })).status).toBe(403);
    // Refused elsewhere, so still unused: it opens its own document.
    expect((await upgrade(t.docName, { ticket: t.ticket })).status).toBe(101);
  });

  it('expires after a minute', async () => {
    const t = await ticketFor();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect((await upgrade(t.docName, { ticket: t.ticket })).status).toBe(403);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a forged ticket, and a bearer token in the URL even when it is valid', async () => {
    const t = await ticketFor();
    expect((await upgrade(t.docName, { ticket: `${t.ticket.slice(0, -3)}abc` })).status).toBe(403);
    expect((await upgrade(t.docName, { ticket: secretary })).status).toBe(403); // a sign-in token is no ticket
    expect((await upgrade(t.docName, { token: server.adminToken })).status).toBe(403);
    expect((await upgrade(t.docName, { token: server.adminToken, ticket: t.ticket })).status).toBe(403);
    // The header still works for clients that can send one.
    expect((await rawCollabUpgrade(server.url, t.docName, secretary, { listenMs: 50 })).status).toBe(101);
  });

  it("asks the read policy when used: a member's ticket opens read-only, and nobody gets one for a meeting they cannot see", async () => {
    const member = await server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen');
    const t = await ticketFor(meetingId, member);
    const live = connectLive(server.url, meetingId, { token: null, params: { ticket: t.ticket } });
    try {
      await waitSynced([live], [], 8_000);
      live.doc.getMap('items').set('x', 1 as never); // refused by the server, which says why
      await vi.waitFor(() => expect(live.denials.length).toBeGreaterThan(0), { timeout: 5_000 });
    } finally {
      live.destroy();
    }
    const sg = await server.tokenFor(BodyRole.SECRETARY, 'styringsgruppen');
    expect((await server.gql(TICKET, { m: meetingId }, sg)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(TICKET, { m: meetingId }, 'public')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

logIfSkipped('test/collab/collab-tickets.test.ts (the several-instances part)');

describe.runIf(CLUSTER_TESTS)('collab tickets with several instances', () => {
  let cluster: Cluster;
  let meetingId: string;

  beforeAll(async () => {
    cluster = await startCluster(2);
    meetingId = (await seedMeeting(gqlAt(cluster.instances[0]!.url))).id;
  }, 180_000);
  afterAll(() => cluster?.stop());

  it('a ticket issued on one instance opens the document on another, once across all of them', async () => {
    const [a, b] = cluster.instances;
    const { collabTicket } = await gqlAt(a!.url).ok<{ collabTicket: Ticket }>(TICKET, { m: meetingId });
    const on = (url: string) => rawCollabUpgrade(url, collabTicket.docName, null, { query: { ticket: collabTicket.ticket }, listenMs: 50 });
    expect((await on(b!.url)).status).toBe(101);
    expect((await on(a!.url)).status).toBe(403);
    expect((await on(b!.url)).status).toBe(403);
  });
});
