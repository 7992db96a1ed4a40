import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, graphqlSync } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphQLSchema, printSortedSchema } from '../../server/graphql/build-schema.js';
import { createEvents } from '../../server/pubsub.js';

describe('schema/schema.graphql', () => {
  it('is what the code emits (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    const emitted = printSortedSchema(await buildGraphQLSchema(createEvents()));
    expect(emitted).toBe(committed);
  });

  it('answers the introspection query without errors (type-graphql\'s own check, skipped at start-up)', async () => {
    const result = graphqlSync({ schema: await buildGraphQLSchema(createEvents()), source: getIntrospectionQuery() });
    expect(result.errors).toBeUndefined();
    expect((result.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });

  it('exposes the names front-ends rely on', async () => {
    const sdl = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    for (const needle of [
      'meetings(filter: MeetingFilter): [Meeting!]!',
      'meeting(id: ID!): Meeting!',
      'agendaItems: [AgendaItem!]!',
      'number: String!',
      'subItems: [SubItem!]!',
      'proposedDecision: ProposedDecision',
      'decision: Decision',
      'attendance: [Attendance!]!',
      'decisionUpdated(meetingId: ID!): DecisionUpdate!',
      'agendaChanged(meetingId: ID!): AgendaChange!',
      'attendanceChanged(meetingId: ID!): AttendanceChange!',
    ]) {
      expect(sdl).toContain(needle);
    }
  });
});
