/**
 * Acceptance 1, the authorisation matrix: every mutation of schema/schema.graphql for every role (see
 * authorization-matrix.ts). A denied cell proves that nothing changed by re-reading its targets from the database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { errorCodes } from '../helpers/graphql.js';
import { ROLES, type Tokens } from '../helpers/roles.js';
import { snapshot, startMatrixServer, type Fixtures } from './authorization-fixtures.js';
import { cellOf, MUTATIONS, rowTitle, SUBSCRIPTIONS } from './authorization-matrix.js';
import { CASES } from './authorization-mutation-cases.js';

describe('the matrix covers the whole API', () => {
  it('lists every mutation of schema/schema.graphql, and nothing else', () => {
    const sdl = readFileSync(fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), 'utf8');
    const mutations = Object.keys(buildSchema(sdl).getMutationType()!.getFields()).sort();
    expect([...new Set(MUTATIONS.map((r) => r[0].split(' ')[0]!))].sort()).toEqual(mutations);
    expect(Object.keys(CASES).sort()).toEqual(MUTATIONS.map((r) => r[0]).sort());
    const subscriptions = Object.keys(buildSchema(sdl).getSubscriptionType()!.getFields()).sort();
    expect([...new Set(SUBSCRIPTIONS.map((r) => r[0].split(' ')[0]!))].sort()).toEqual(subscriptions);
  });
});

describe.each(dbKinds())('authorisation matrix (%s)', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  let f: Fixtures;
  let gql: TestServer['gql'];

  beforeAll(async () => {
    ({ server, tokens, f, gql } = await startMatrixServer(kind));
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('mutations', () => {
    for (const row of MUTATIONS) {
      const op = row[0].split(' ')[0]!;
      it(rowTitle(row), async () => {
        const c = CASES[row[0]]!;
        const fresh = async () => {
          const fx = f.next();
          const vars = await c.setup(f, fx);
          return { fx, vars, before: await snapshot(server, fx) };
        };
        // Every allowed cell gets targets of its own; the denied cells of the row share one set, which each of them
        // must leave exactly as it was (a set a cell did change is replaced before the next cell).
        let shared: Awaited<ReturnType<typeof fresh>> | null = null;
        for (const role of ROLES) {
          const expected = cellOf(row, role);
          const target = expected === 'allow' ? await fresh() : (shared ??= await fresh());
          const res = await gql(c.mutation, target.vars, tokens[role]);
          const after = await snapshot(server, target.fx);
          const where = `${row[0]} as ${role}`;
          if (expected === 'allow') {
            expect.soft(res.errors, where).toBeUndefined();
            expect.soft(res.data?.[op], where).toBeTruthy();
            if (c.changesNothing) expect.soft(after, `${where}: a dry run changes nothing`).toEqual(target.before);
            else expect.soft(after, `${where}: the change is stored`).not.toEqual(target.before);
          } else {
            expect.soft(errorCodes(res.errors), where).toEqual([expected.slice('deny:'.length)]);
            expect.soft(res.data?.[op] ?? null, where).toBeNull();
            expect.soft(after, `${where}: nothing changed`).toEqual(target.before);
            if (JSON.stringify(after) !== JSON.stringify(target.before)) shared = null;
          }
        }
      });
    }
  });
});
