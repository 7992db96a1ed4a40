/**
 * The P4 ceiling: the same nested meeting query answered by graphql-js default resolvers over plain in-memory
 * objects (a copy of what motebok answered), served through the same HTTP stack as motebok (Express 5 +
 * @as-integrations/express5 + Apollo Server 5, JSON body parser), so the difference is motebok's data access only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema } from 'graphql';

/** Same field names and nesting as motebok's schema for every field the P4 query selects (scalars as String). */
export const CEILING_SDL = /* GraphQL */ `
  type Query { meeting(id: ID!): Meeting! }
  type Meeting {
    id: ID! title: String status: String! startsAt: String! endsAt: String location: String year: Int!
    body: Body!
    attendance: [Attendance!]!
    agendaItems: [AgendaItem!]!
  }
  type Body { id: ID! slug: String! name: String! }
  type Person { id: ID! name: String! municipality: String }
  type Attendance { id: ID! role: String! status: String! municipality: String person: Person! substituteFor: Person }
  type Attachment { id: ID! number: Int! title: String! }
  type ProposedDecision { text: String! }
  type Decision { text: String! adoptedAt: String voteOutcome: String }
  type AgendaItem {
    id: ID! number: String! title: String! kind: String! public: Boolean!
    proposedDecision: ProposedDecision decision: Decision
    attachments: [Attachment!]!
    subItems: [SubItem!]!
  }
  type SubItem { id: ID! letter: String! title: String! proposedDecision: ProposedDecision decision: Decision }
`;

export async function startCeilingServer(meeting: unknown): Promise<{ url: string; stop(): Promise<void> }> {
  const schema = buildSchema(CEILING_SDL);
  const rootValue = { meeting: () => meeting };
  const apollo = new ApolloServer({ schema, rootValue: () => rootValue, plugins: [ApolloServerPluginLandingPageDisabled()] });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: async () => ({}) }));
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
