import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { EventBus } from '../pubsub.js';
import { resolvers } from './resolvers/index.js';

/** Builds the executable schema from the resolvers; the pubsub carries subscription events. */
export function buildGraphQLSchema(pubSub: EventBus): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    pubSub: pubSub as never,
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
}

/** The SDL committed as schema/schema.graphql, sorted so that it is stable. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
