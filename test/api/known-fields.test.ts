import type { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildGraphQLSchema } from '../../server/graphql/build-schema.js';
import { createRequestContext } from '../../server/graphql/request-context.js';
import { PUBLIC_VIEWER, SYSTEM_VIEWER } from '../../server/auth/viewer.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

/**
 * The nested meeting query's fields answer what the request has already read without a promise (known-loader.ts),
 * and the field resolvers that take only root, context and info are called without type-graphql's per-call
 * parameter work (lean-field-resolvers.ts), which sorts the parameter list on every call. Both are about cost: the
 * answers are checked elsewhere (meeting-query, security); here that a promise or a sort does not come back.
 */
describe('fields of rows the request has read', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let meetingId: string;
  const info = {} as GraphQLResolveInfo;
  const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name]!.resolve!;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    schema = await buildGraphQLSchema(server.app.events);
    meetingId = (await seedMeeting(server)).id;
  });
  afterAll(() => server?.close());

  it.each([
    ['an administrator', SYSTEM_VIEWER],
    ['the public', PUBLIC_VIEWER],
  ])('are answered without a promise and without sorting parameters, for %s', async (_who, viewer) => {
    const ctx = createRequestContext(server.app.orm, server.app.events, {} as never, viewer);
    const meeting = (await ctx.loaders.meeting.load(meetingId))!;
    const attendance = await ctx.loaders.attendanceOfMeeting.load(meetingId);
    const items = await ctx.loaders.itemsOfMeeting.load(meetingId);
    expect(attendance.length).toBeGreaterThan(5);
    expect(attendance.some((a) => a.substituteFor)).toBe(true);
    const sort = vi.spyOn(Array.prototype, 'sort');
    try {
      const body = field('Meeting', 'body')(meeting, {}, ctx, info) as { id: string };
      expect(body).not.toBeInstanceOf(Promise);
      expect(body.id).toBe(meeting.body.id);
      for (const a of attendance) {
        const person = field('Attendance', 'person')(a, {}, ctx, info) as { id: string };
        expect(person).not.toBeInstanceOf(Promise);
        expect(person.id).toBe(a.person.id);
        const substitute = field('Attendance', 'substituteFor')(a, {}, ctx, info) as { id: string } | null;
        expect(substitute).not.toBeInstanceOf(Promise);
        expect(substitute?.id ?? null).toBe(a.substituteFor?.id ?? null);
        const municipality = field('Attendance', 'municipality')(a, {}, ctx, info);
        expect(municipality === null || typeof municipality === 'string').toBe(true);
      }
      // Known: the items and their meeting; the sub-items are read on first asking (a promise), then known.
      const first = items[0]!;
      expect(field('AgendaItem', 'meeting')(first, {}, ctx, info)).not.toBeInstanceOf(Promise);
      expect(field('Meeting', 'agendaItems')(meeting, {}, ctx, info)).toHaveLength(items.length);
      expect(sort).not.toHaveBeenCalled();
      expect(field('AgendaItem', 'subItems')(first, {}, ctx, info)).toBeInstanceOf(Promise);
      await ctx.loaders.subItemsOfItem.load(first.id);
      expect(field('AgendaItem', 'subItems')(first, {}, ctx, info)).toBeInstanceOf(Array);
    } finally {
      sort.mockRestore();
    }
  });
});
