/**
 * Acceptance 1, the authorisation matrix: every mutation of schema/schema.graphql for every role (see
 * authorization-matrix.ts; the meeting cycle's in cycle-authorization.test.ts). A denied cell proves that nothing changed by re-reading its targets from the database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../helpers/graphql.js';
import { ROLES } from '../helpers/roles.js';
import { describeMatrix, snapshot } from './authorization-fixtures.js';
import { cellOf, MUTATIONS, rowTitle, SUBSCRIPTIONS } from './authorization-matrix.js';
import { CASES } from './authorization-mutation-cases.js';
import { CYCLE_MUTATIONS } from './cycle-operations.js';

describe('the matrix covers the whole API', () => {
  it('lists every mutation of schema/schema.graphql, and nothing else', () => {
    const sdl = readFileSync(fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), 'utf8');
    const mutations = Object.keys(buildSchema(sdl).getMutationType()!.getFields()).sort();
    // The meeting cycle's mutations have their own matrix (cycle-authorization.test.ts).
    expect([...new Set([...MUTATIONS.map((r) => r[0].split(' ')[0]!), ...CYCLE_MUTATIONS])].sort()).toEqual(mutations);
    expect(Object.keys(CASES).sort()).toEqual(MUTATIONS.map((r) => r[0]).sort());
    const subscriptions = Object.keys(buildSchema(sdl).getSubscriptionType()!.getFields()).sort();
    expect([...new Set(SUBSCRIPTIONS.map((r) => r[0].split(' ')[0]!))].sort()).toEqual(subscriptions);
  });
});

describeMatrix('mutations', (ctx) => {
  for (const row of MUTATIONS) {
    const op = row[0].split(' ')[0]!;
    it(rowTitle(row), async () => {
      const c = CASES[row[0]]!;
      const fresh = async () => {
        const fx = ctx.f.next();
        const vars = await c.setup(ctx.f, fx);
        return { fx, vars, before: await snapshot(ctx.server, fx) };
      };
      // Every allowed cell gets targets of its own; the denied cells of the row share one set, which each of them
      // must leave exactly as it was (a set a cell did change is replaced before the next cell).
      let shared: Awaited<ReturnType<typeof fresh>> | null = null;
      for (const role of ROLES) {
        const expected = cellOf(row, role);
        const target = expected === 'allow' ? await fresh() : (shared ??= await fresh());
        const res = await ctx.gql(c.mutation, target.vars, ctx.tokens[role]);
        const after = await snapshot(ctx.server, target.fx);
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
