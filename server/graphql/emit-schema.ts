/** Writes schema/schema.graphql from the code (npm run schema:emit); a test fails when the two differ. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEvents } from '../pubsub.js';
import { buildGraphQLSchema, printSortedSchema } from './build-schema.js';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
writeFileSync(target, printSortedSchema(await buildGraphQLSchema(createEvents())));
console.log(`wrote ${target}`);
