/**
 * Cursor connections (meetingsConnection, auditLogConnection): pages walked with first/after hold every row once,
 * in a stable order (newest first, id as tie-break), with totalCount; the public's pages hold exactly what it may
 * read; rows added between two pages neither repeat nor go missing; a bad cursor or size is BAD_USER_INPUT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { expectCode } from '../helpers/graphql.js';
import { bodyId, createMeeting, sendNotice } from '../helpers/meeting-api.js';

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: MeetingFilter) {
    meetingsConnection(first: $first, after: $after, filter: $filter) {
      totalCount
      edges { cursor node { id startsAt status } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const AUDIT_PAGE = /* GraphQL */ `
  query Audit($m: ID!, $first: Int, $after: String) {
    auditLogConnection(meetingId: $m, first: $first, after: $after) {
      totalCount
      edges { cursor node { id action summary at } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface Node {
  id: string;
  startsAt: string;
  status: string;
}

/** Every page of a connection, following endCursor; checks each page's shape on the way. */
async function walk(server: TestServer, query: string, field: string, vars: Record<string, unknown>, first: number, as?: string) {
  const nodes: any[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const data: any = await server.ok(query, { ...vars, first, after }, as);
    const page = data[field];
    totals.push(page.totalCount);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    nodes.push(...page.edges.map((e: { node: unknown }) => e.node));
    if (page.edges.length) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
    if (!page.pageInfo.hasNextPage) return { nodes, totals };
    expect(page.edges.length).toBe(first);
    after = page.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

const newestFirst = (a: Node, b: Node) => (a.startsAt === b.startsAt ? (a.id < b.id ? 1 : -1) : a.startsAt < b.startsAt ? 1 : -1);

describe.each(dbKinds())('cursor connections (%s)', (kind) => {
  let server: TestServer;
  let rg: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    rg = await bodyId(server, 'radmannsgruppen');
    // 24 meetings over two years, pairs sharing a start (the id must break the tie), every third one notified.
    for (let i = 0; i < 24; i++) {
      const startsAt = new Date(Date.UTC(2018, Math.floor(i / 2), 10, 8)).toISOString();
      const m = await createMeeting(server, { bodyId: rg, startsAt, approvePreviousMinutes: false });
      if (i % 3 === 0) await sendNotice(server, m.id);
    }
  });
  afterAll(() => server?.close());

  it('holds every meeting once, newest first with the id as tie-break, and totalCount', async () => {
    const { meetings } = await server.ok(`{ meetings { id startsAt status } }`);
    const { nodes, totals } = await walk(server, PAGE, 'meetingsConnection', {}, 7);
    expect(nodes.map((n) => n.id)).toEqual([...meetings].sort(newestFirst).map((m: Node) => m.id));
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    expect(new Set(totals)).toEqual(new Set([meetings.length]));
    expect(meetings.length).toBeGreaterThan(24);
  });

  it('gives the public exactly the meetings it may read, and the same filters as meetings', async () => {
    const { meetings } = await server.ok(`{ meetings { id startsAt status } }`, {}, 'public');
    const { nodes, totals } = await walk(server, PAGE, 'meetingsConnection', {}, 5, 'public');
    expect(nodes.map((n) => n.id)).toEqual([...meetings].sort(newestFirst).map((m: Node) => m.id));
    expect(totals[0]).toBe(meetings.length);
    expect(nodes.some((n) => n.status === 'PLANNED')).toBe(false);

    const filter = { bodySlug: 'radmannsgruppen', year: 2018 };
    const listed = (await server.ok(`query ($f: MeetingFilter) { meetings(filter: $f) { id startsAt status } }`, { f: filter })).meetings;
    const paged = await walk(server, PAGE, 'meetingsConnection', { filter }, 10);
    expect(paged.nodes.map((n) => n.id)).toEqual([...listed].sort(newestFirst).map((m: Node) => m.id));
    expect(paged.totals[0]).toBe(24);
  });

  it('neither repeats nor loses a meeting when one is added between two pages', async () => {
    const first = (await server.ok(PAGE, { first: 10 })).meetingsConnection;
    await createMeeting(server, { bodyId: rg, startsAt: '2030-01-01T08:00:00.000Z', approvePreviousMinutes: false });
    const second = (await server.ok(PAGE, { first: 10, after: first.pageInfo.endCursor })).meetingsConnection;
    const { meetings } = await server.ok(`{ meetings { id startsAt status } }`);
    const sorted = [...meetings].sort(newestFirst).map((m: Node) => m.id);
    const seen = [...first.edges, ...second.edges].map((e: { node: Node }) => e.node.id);
    // The new meeting is the newest, so it sorts before the first page: the second page goes on where the first ended.
    expect(seen).toEqual(sorted.slice(1, 21));
    expect(second.totalCount).toBe(first.totalCount + 1);
  });

  it('refuses a malformed or foreign cursor and a page size out of range with BAD_USER_INPUT', async () => {
    const { meetings } = await server.ok(`{ meetings { id } }`);
    const audit = (await server.ok(AUDIT_PAGE, { m: meetings[0].id, first: 1 })).auditLogConnection;
    const foreign = audit.pageInfo.endCursor ?? Buffer.from('["audit:x","2020-01-01T00:00:00.000Z","1"]').toString('base64url');
    const forged = Buffer.from(JSON.stringify(['meetings', '2020-01-01T00:00:00.000Z', "1' or 1=1 --"])).toString('base64url');
    for (const vars of [{ after: 'not-a-cursor' }, { after: foreign }, { after: forged }, { after: '' + 'e30' }, { first: -1 }, { first: 101 }]) {
      const err = expectCode(await server.gql(PAGE, vars), 'BAD_USER_INPUT');
      expect(err.message).toMatch(/cursor|first/);
    }
    const empty = (await server.ok(PAGE, { first: 0 })).meetingsConnection;
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo.hasNextPage).toBe(true);
  });

  it('pages the audit trail newest first, for the secretariat only', async () => {
    const m = await createMeeting(server, { bodyId: rg, startsAt: '2019-03-01T08:00:00.000Z', approvePreviousMinutes: false });
    for (let i = 0; i < 11; i++) {
      await server.ok(`mutation ($id: ID!, $l: String) { updateMeeting(id: $id, input: { location: $l }) { id } }`, { id: m.id, l: `Rom ${i}` });
    }
    const { auditLog } = await server.ok(`query ($m: ID!) { auditLog(meetingId: $m) { id action at } }`, { m: m.id });
    const { nodes, totals } = await walk(server, AUDIT_PAGE, 'auditLogConnection', { m: m.id }, 4);
    expect(nodes.map((n) => n.id)).toEqual(auditLog.map((e: { id: string }) => e.id));
    expect(nodes.filter((n) => n.action === 'MEETING_UPDATED')).toHaveLength(11);
    expect(totals[0]).toBe(auditLog.length);
    expectCode(await server.gql(AUDIT_PAGE, { m: m.id }, 'public'), 'UNAUTHENTICATED');
    const other = (await server.ok(`{ meetings { id } }`)).meetings.find((x: { id: string }) => x.id !== m.id).id;
    const cursor = (await server.ok(AUDIT_PAGE, { m: m.id, first: 2 })).auditLogConnection.pageInfo.endCursor;
    expectCode(await server.gql(AUDIT_PAGE, { m: other, after: cursor }), 'BAD_USER_INPUT');
  });
});
