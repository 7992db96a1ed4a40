import { execute, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildGraphQLSchema } from '../../server/graphql/build-schema.js';
import { createRequestContext } from '../../server/graphql/request-context.js';
import { PUBLIC_VIEWER, SYSTEM_VIEWER, type Viewer } from '../../server/auth/viewer.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

/**
 * Meeting.agendaItems reads the items' sub-items and vedlegg ahead when the query selects them (readItemsAhead), so
 * AgendaItem.subItems and AgendaItem.attachments answer without a promise each; the same loaders and keys as those
 * fields (vedlegg only of items the read policy shows), nothing when they are not selected. The answers themselves
 * are checked by the meeting and security tests; here the promises, the keys and the statements.
 */
describe('reading the agenda items’ sub-items and vedlegg ahead', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let meetingId: string;
  const results: Record<string, unknown[]> = { subItems: [], attachments: [] };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    schema = await buildGraphQLSchema(server.app.events);
    const fields = (schema.getType('AgendaItem') as GraphQLObjectType).getFields();
    for (const name of ['subItems', 'attachments']) {
      const original = fields[name]!.resolve!;
      fields[name]!.resolve = (...a) => {
        const r = original(...a);
        results[name]!.push(r);
        return r;
      };
    }
    const seed = await seedMeeting(server);
    meetingId = seed.id;
    // A closed item: the public sees neither its details nor its vedlegg (the read policy), so they are not read.
    await server.ok(`mutation ($i: ID!) { updateAgendaItem(id: $i, input: { public: false, closedLegalBasis: "Offl. § 13" }) { id } }`, {
      i: seed.items[2]!.id,
    });
  });
  afterAll(() => server?.close());

  async function run(viewer: Viewer, query: string) {
    results.subItems = [];
    results.attachments = [];
    const ctx = createRequestContext(server.app.orm, server.app.events, {} as never, viewer);
    const loads = { subItems: [] as string[], attachments: [] as string[] };
    const sub = ctx.loaders.subItemsOfItem;
    const att = ctx.loaders.attachmentsOfItem;
    const subLoad = sub.load.bind(sub);
    const attLoad = att.load.bind(att);
    vi.spyOn(sub, 'load').mockImplementation((k) => {
      loads.subItems.push(k);
      return subLoad(k);
    });
    vi.spyOn(att, 'load').mockImplementation((k) => {
      loads.attachments.push(k);
      return attLoad(k);
    });
    const before = server.app.sqlStats.statements;
    const answer = await execute({ schema, document: parse(query), contextValue: ctx, variableValues: { id: meetingId } });
    expect(answer.errors).toBeUndefined();
    const items = await ctx.loaders.itemsOfMeeting.load(meetingId);
    return { answer: answer.data as any, loads, items, statements: server.app.sqlStats.statements - before };
  }

  const FULL = /* GraphQL */ `
    query ($id: ID!) { meeting(id: $id) { id agendaItems { id public attachments { id } subItems { id letter } } } }
  `;

  it.each([
    ['an administrator', SYSTEM_VIEWER],
    ['the public', PUBLIC_VIEWER],
  ])('sub-items and vedlegg answer without a promise, read with the keys the fields use, for %s', async (_who, viewer) => {
    const { answer, loads, items } = await run(viewer, FULL);
    expect(items.length).toBeGreaterThan(3);
    expect(results.subItems).toHaveLength(items.length);
    expect(results.attachments).toHaveLength(items.length);
    for (const r of [...results.subItems, ...results.attachments]) expect(r).not.toBeInstanceOf(Promise);
    expect(answer.meeting.agendaItems.some((i: { subItems: unknown[] }) => i.subItems.length > 0)).toBe(true);
    expect(answer.meeting.agendaItems.some((i: { attachments: unknown[] }) => i.attachments.length > 0)).toBe(true);
    expect(new Set(loads.subItems)).toEqual(new Set(items.map((i) => i.id)));
    // Vedlegg of closed items are not read for the public: the read policy's showsNoticeDetails, as in the field.
    const shown = viewer === SYSTEM_VIEWER ? items : items.filter((i) => i.public);
    if (viewer === PUBLIC_VIEWER) expect(shown.length).toBeLessThan(items.length);
    expect(new Set(loads.attachments)).toEqual(new Set(shown.map((i) => i.id)));
  });

  it('follows aliases, inline fragments and fragment spreads', async () => {
    const { answer } = await run(
      SYSTEM_VIEWER,
      /* GraphQL */ `
        query ($id: ID!) { meeting(id: $id) { agendaItems { id ... on AgendaItem { vedlegg: attachments { id } } ...Subs } } }
        fragment Subs on AgendaItem { parts: subItems { letter } }
      `,
    );
    expect(results.subItems.length).toBeGreaterThan(3);
    for (const r of [...results.subItems, ...results.attachments]) expect(r).not.toBeInstanceOf(Promise);
    expect(answer.meeting.agendaItems.some((i: { parts: unknown[] }) => i.parts.length > 0)).toBe(true);
  });

  it('reads nothing ahead that the query does not select', async () => {
    const { loads, statements } = await run(SYSTEM_VIEWER, `query ($id: ID!) { meeting(id: $id) { id agendaItems { id title } } }`);
    expect(loads).toEqual({ subItems: [], attachments: [] });
    const full = await run(SYSTEM_VIEWER, FULL);
    expect(full.statements).toBe(statements + 2);
  });
});
