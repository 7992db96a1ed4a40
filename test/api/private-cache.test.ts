import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { asAnotherProcess, dbKinds } from '../helpers/databases.js';
import { connectLive, waitSynced } from '../helpers/live-docs.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

const QUERY = 'query M($id: ID!) { meeting(id: $id) { id title agendaItems { id number title public notes decision { text } } } }';
const SET_TEXT = 'mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }';

/**
 * GraphQL answers to viewers with credentials come from memory per viewer (server/http/private-cache.ts) — and never
 * after a change: a mutation, the live referat's typing, another process's write; never to another viewer; never to
 * a token that no longer works.
 */
describe.each(dbKinds())('private response cache (%s)', (kind) => {
  let server: TestServer;
  let meeting: SeedMeeting;
  const post = (token: string | null, headers: Record<string, string> = {}, query = QUERY) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables: { id: meeting.id } }),
    });
  const read = async (token: string, headers: Record<string, string> = {}) => {
    const res = await post(token, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    return body.data.meeting as { title: string; agendaItems: Array<{ id: string; title: string; notes: string | null; public: boolean }> };
  };
  const stats = () => ({ ...server.app.privateCache.stats });
  /**
   * Reads until one answer comes from memory. On PostgreSQL the change marker is the server's WAL position, which
   * other test files' commits move: an entry may be dropped between two requests (a miss, never a stale answer).
   */
  async function served(token: string) {
    for (let attempt = 0; attempt < (kind === 'sqlite' ? 2 : 20); attempt++) {
      const hits = server.app.privateCache.stats.hits;
      const answer = await read(token);
      if (server.app.privateCache.stats.hits === hits + 1) return answer;
    }
    throw new Error('no answer came from the private cache');
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    meeting = await seedMeeting(server);
  });
  afterAll(async () => server?.close());

  it('serves a viewer’s repeated query from memory, the same answer, without reading the meeting again', async () => {
    const first = await read(server.adminToken);
    const statements = server.app.sqlStats.statements;
    const again = await served(server.adminToken);
    expect(again).toEqual(first);
    // The token's viewer and the markers at most, not the meeting's statements.
    if (kind === 'sqlite') expect(server.app.sqlStats.statements - statements).toBeLessThanOrEqual(3);
  });

  it('is bypassed by Cache-Control: no-cache in the request (executed, not kept)', async () => {
    await served(server.adminToken);
    const before = stats();
    await read(server.adminToken, { 'cache-control': 'no-cache' });
    expect(stats()).toEqual({ ...before, bypassed: before.bypassed + 1 });
  });

  it('never gives one viewer’s answer to another: other roles, the public', async () => {
    const item = meeting.items[3]!;
    await server.ok(`mutation ($i: ID!) { updateAgendaItem(id: $i, input: { public: false, closedLegalBasis: "Offl. § 13", publicTitle: "Lukket sak" }) { id } }`, {
      i: item.id,
    });
    const secretaryRG = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
    const secretarySG = await server.tokenFor(BodyRole.SECRETARY, 'styringsgruppen');
    const admin = await served(server.adminToken);
    const closedTitle = admin.agendaItems.find((i) => i.id === item.id)!.title;
    expect(closedTitle).not.toBe('Lukket sak');
    expect((await served(secretaryRG)).agendaItems.find((i) => i.id === item.id)!.title).toBe(closedTitle);
    // A secretary of another body and the public see the public title, from memory or not.
    expect((await served(secretarySG)).agendaItems.find((i) => i.id === item.id)!.title).toBe('Lukket sak');
    const pub = await (await post(null)).json();
    expect(pub.data.meeting.agendaItems.find((i: { id: string }) => i.id === item.id).title).toBe('Lukket sak');
  });

  it('after a mutation the next read has the new text', async () => {
    await served(server.adminToken);
    const item = meeting.items[0]!;
    const text = `Merknad ${Date.now()}`;
    await server.ok(SET_TEXT, { v: { target: { agendaItemId: item.id }, field: 'NOTES', text } });
    expect((await read(server.adminToken)).agendaItems.find((i) => i.id === item.id)!.notes).toBe(text);
  });

  it('after typing in the live referat, once an executed read shows it, so does every read', async () => {
    await served(server.adminToken);
    const item = meeting.items[1]!;
    const live = connectLive(server.url, meeting.id);
    try {
      await waitSynced([live], [item.id]);
      const typed = ` skrevet ${Date.now()}`;
      const notes = live.text(item.id, 'notes');
      notes.insert(notes.length, typed);
      await waitFor(async () => (await read(server.adminToken, { 'cache-control': 'no-cache' })).agendaItems.find((i) => i.id === item.id)!.notes?.endsWith(typed), 'the typed text in an executed read', 10_000);
      expect((await read(server.adminToken)).agendaItems.find((i) => i.id === item.id)!.notes).toMatch(new RegExp(`${typed}$`));
    } finally {
      live.destroy();
    }
  });

  it('follows the live referat in the referat as Markdown: typed text not yet stored is in the next read', async () => {
    // referatMarkdown reads the live document, ahead of the database until the binding stores (a paste: after
    // maxWait, 1.5–2 s); no event marks that change, so such an answer must not be kept.
    const REFERAT = 'query M($id: ID!) { meeting(id: $id) { id referatMarkdown } }';
    const referat = async (headers: Record<string, string> = {}) => {
      const body = await (await post(server.adminToken, headers, REFERAT)).json();
      expect(body.errors).toBeUndefined();
      return body.data.meeting.referatMarkdown as string;
    };
    const item = meeting.items[2]!;
    const live = connectLive(server.url, meeting.id);
    try {
      await waitSynced([live], [item.id]);
      await referat();
      await referat();
      const typed = `limt inn ${Date.now()}`;
      const notes = live.text(item.id, 'notes');
      notes.insert(notes.length, `${'x'.repeat(70_000)} ${typed}`);
      await waitFor(async () => (await referat({ 'cache-control': 'no-cache' })).includes(typed), 'the pasted text in an executed read', 10_000);
      expect(await referat()).toContain(typed);
    } finally {
      live.destroy();
    }
  });

  it('sees a change another process made to the database (no event reached this one)', async () => {
    await served(server.adminToken);
    const title = `Endret utenfra ${Date.now()}`;
    await asAnotherProcess(server.db.url, (sql) => sql('update agenda_item set title = ? where id = ?', [title, meeting.items[0]!.id]));
    expect((await read(server.adminToken)).agendaItems.find((i) => i.id === meeting.items[0]!.id)!.title).toBe(title);
  });

  // PostgreSQL's own (SQLite has no asynchronous commit).
  if (kind === 'postgresql') it('sees another process’s asynchronous commit (synchronous_commit off) at once', async () => {
    // Such a commit is visible before its WAL is written out: the marker must be where WAL is inserted, not written.
    await asAnotherProcess(server.db.url, async (sql) => {
      await sql('set synchronous_commit = off'); // its one connection (poolMax 1) keeps the setting
      for (let round = 0; round < 5; round++) {
        await served(server.adminToken);
        const title = `Asynkron ${round} ${Date.now()}`;
        await sql('update agenda_item set title = ? where id = ?', [title, meeting.items[0]!.id]);
        expect((await read(server.adminToken)).agendaItems.find((i) => i.id === meeting.items[0]!.id)!.title).toBe(title);
      }
    });
  });

  it('refuses a token revoked, or a user disabled, since its answer was kept', async () => {
    const token = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
    await served(token);
    const { userId } = (await server.app.tokens.verify(token))!;
    // Through another connection, as the token CLI does (no event reaches this process).
    await asAnotherProcess(server.db.url, (sql) =>
      sql('update app_user set tokens_valid_from = ? where id = ?', [kind === 'sqlite' ? Date.now() + 5_000 : new Date(Date.now() + 5_000), userId]),
    );
    const res = await post(token);
    const body = await res.json();
    expect(body.data?.meeting ?? null).toBeNull();
    expect(JSON.stringify(body.errors)).toMatch(/revoked/);
  });
});
