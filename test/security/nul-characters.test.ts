/**
 * What the fuzzing (fuzz.test.ts) turned up, made deterministic: U+0000 in a string, in GraphQL input and typed into
 * the live referat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

describe('U+0000 in text', () => {
  let server: TestServer;
  const lives: LiveClient[] = [];
  let seed: SeedMeeting;
  let secretary: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    seed = await seedMeeting(server);
    secretary = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
  });

  afterAll(async () => {
    for (const l of lives.splice(0)) l.destroy();
    await server?.close();
  });

  it('a string with U+0000 in GraphQL input gets a coded client error or an answer, not INTERNAL_SERVER_ERROR', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      [`query ($s: String!) { meetings(filter: { bodySlug: $s }) { id } }`, { s: '\u0000radmannsgruppen' }],
      [`query ($s: String!) { body(slug: $s) { id } }`, { s: 'radmanns\u0000gruppen' }],
      [`mutation ($s: String!) { createPerson(input: { name: $s }) { id } }`, { s: 'Nina\u0000Solberg' }],
    ];
    const answers: Record<string, string[]> = {};
    for (const [query, variables] of cases) {
      const res = await server.gql(query, variables);
      answers[query.slice(0, 40)] = (res.errors ?? []).map((e) => e.extensions.code);
    }
    const unexpected = Object.fromEntries(Object.entries(answers).filter(([, codes]) => codes.some((c) => c !== 'BAD_USER_INPUT')));
    expect(unexpected).toEqual({});
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('a U+0000 typed in the live referat does not stop that field from being stored', async () => {
    const item = seed.item('25/2017').id;
    const live = connectLive(server.url, seed.id, { token: secretary });
    lives.push(live);
    await waitSynced([live], [item], 20_000);
    const notes = live.text(item, 'notes');
    notes.insert(0, 'Limt inn\u0000 fra et annet program. ');
    notes.insert(notes.length, ' Skrevet etterpå.');
    const strip = (s: string | null) => (s ?? '').replaceAll('\u0000', '');
    await waitFor(
      async () => {
        const stored = await server.ok<{ agendaItem: { notes: string | null } }>(`query ($i: ID!) { agendaItem(id: $i) { notes } }`, { i: item });
        return strip(stored.agendaItem.notes) === strip(notes.toString());
      },
      'the notes typed after a U+0000 to be stored (GraphQL still returns the text from before)',
      20_000,
    );
  });
});
