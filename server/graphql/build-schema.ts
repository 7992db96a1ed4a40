import 'reflect-metadata';
import { assertValidSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, buildSchema } from 'type-graphql';
import type { EventBus } from '../pubsub.js';
import { resolvers } from './resolvers/index.js';
import { leanFieldResolvers } from './lean-field-resolvers.js';

/** As type-graphql's own validation with the options it was given (missing properties skipped, unknown values allowed). */
const VALIDATION: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true, validationError: { target: false, value: false } };
const validated = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Validates an input object (or a list of them) with class-validator, imported once. type-graphql's built-in path does
 * `await import('class-validator')` for every object argument of every request; under a module loader with hooks
 * (tsx) each such import is a round trip to the loader's thread: ≈ 12 % of the CPU of a page of meetings.
 */
async function validateArgument(value: unknown): Promise<void> {
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(validated).map((v) => validateOrReject(v, VALIDATION)));
    else if (validated(value)) await validateOrReject(value, VALIDATION);
  } catch (err) {
    throw new ArgumentValidationError(err as never);
  }
}

/**
 * Builds the executable schema from the resolvers; the pubsub carries subscription events. Checked with graphql's
 * assertValidSchema (what every execution asserts, here once at start, so a broken schema fails the start), not by
 * type-graphql's default check, which runs the whole introspection query over the schema: ≈ 30–40 ms of a 350 ms
 * start (issue 17, target 4). The introspection's own extra (every default value printable) is what
 * test/unit/schema-file.test.ts checks by printing the schema.
 */
export async function buildGraphQLSchema(pubSub: EventBus): Promise<GraphQLSchema> {
  const options = {
    resolvers: [...resolvers] as Parameters<typeof buildSchema>[0]['resolvers'],
    pubSub: pubSub as never,
    validateFn: validateArgument,
    skipCheck: true,
  };
  const schema = await buildSchema(options);
  assertValidSchema(schema);
  // Field resolvers with nothing for type-graphql to do per call are called directly (lean-field-resolvers.ts).
  leanFieldResolvers(schema, resolvers, options);
  return schema;
}

/** The SDL committed as schema/schema.graphql, sorted so that it is stable. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
