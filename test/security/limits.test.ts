/**
 * Acceptance 4: operations beyond the limits are refused with a coded error before anything runs (no SQL statement
 * is issued), over HTTP and over graphql-ws; an oversized collab frame closes its connection with 1009; the nested
 * meeting query a real front-end sends still passes.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../../collab/close-codes.js';
import { defaultCollabOptions } from '../../collab/types.js';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { operationLimits } from '../../server/graphql/limits.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { wsBase, wsClient } from '../helpers/graphql-ws.js';
import { connectLive, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { waitFor } from '../helpers/wait.js';

/** `meeting(id) { agendaItems { meeting { agendaItems { … id } } } }`, `levels` fields deep. */
function deepQuery(levels: number): string {
  let inner = 'id';
  for (let depth = levels; depth > 1; depth--) inner = depth % 2 === 0 ? `agendaItems { ${inner} }` : `meeting { ${inner} }`;
  return `query Deep($id: ID!) { meeting(id: $id) { ${inner} } }`;
}

const manyAliases = (n: number) => `query Aliases { ${Array.from({ length: n }, (_, i) => `a${i}: meetings { id }`).join(' ')} }`;

interface HttpAnswer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('operation limits', () => {
  let server: TestServer;
  let meetingId: string;
  let secretary: string;
  const clients: Client[] = [];
  const lives: LiveClient[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    meetingId = (await seedMeeting(server)).id;
    secretary = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
  });

  afterAll(async () => {
    for (const l of lives.splice(0)) l.destroy();
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await server?.close();
  });

  const statements = () => server.app.sqlStats.statements;

  async function post(body: string, token?: string): Promise<HttpAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as HttpAnswer['body'] };
  }

  /** Sends as the public (no token: building the viewer needs no SQL) and counts the statements it caused. */
  async function refusedBeforeExecution(body: string): Promise<HttpAnswer & { sql: number }> {
    const before = statements();
    const answer = await post(body);
    return { ...answer, sql: statements() - before };
  }

  const codesOf = (a: HttpAnswer) => (a.body.errors ?? []).map((e) => e.extensions?.code);

  it('the counting works: an operation that does run issues SQL', async () => {
    const before = statements();
    const ok = await post(JSON.stringify({ query: deepQuery(6), variables: { id: meetingId } }));
    expect(ok.body.errors).toBeUndefined();
    expect(statements() - before).toBeGreaterThan(0);
  });

  it('a query nested 50 deep is refused (GRAPHQL_VALIDATION_FAILED) before execution', async () => {
    const a = await refusedBeforeExecution(JSON.stringify({ query: deepQuery(50), variables: { id: meetingId } }));
    expect(codesOf(a).length).toBeGreaterThan(0);
    expect(new Set(codesOf(a))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(a.body.errors!.map((e) => e.message).join(' ')).toMatch(/depth/i);
    expect(a.body.data).toBeUndefined();
    expect(a.sql).toBe(0);
  });

  it('a query with 10 000 aliases is refused (GRAPHQL_PARSE_FAILED: over the token limit) before execution', async () => {
    const a = await refusedBeforeExecution(JSON.stringify({ query: manyAliases(10_000) }));
    expect(a.status).toBe(400);
    expect(new Set(codesOf(a))).toEqual(new Set(['GRAPHQL_PARSE_FAILED']));
    expect(a.body.errors!.map((e) => e.message).join(' ')).toMatch(/contains more th[ae][nt] 4000 tokens/);
    expect(a.body.data).toBeUndefined();
    expect(a.sql).toBe(0);
    // Just above the alias limit (and well within the token limit): the alias rule itself refuses it.
    const b = await refusedBeforeExecution(JSON.stringify({ query: manyAliases(operationLimits.maxAliases + 5) }));
    expect(codesOf(b)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(b.body.errors!.map((e) => e.message).join(' ')).toMatch(/alias/i);
    expect(b.sql).toBe(0);
  });

  it('a 50 MB body is refused with 413 PAYLOAD_TOO_LARGE before execution', async () => {
    const filler = 'x'.repeat(50 * 1024 * 1024);
    const body = JSON.stringify({ query: `{ meetings { id } }`, variables: { filler } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(50 * 1024 * 1024);
    const a = await refusedBeforeExecution(body);
    expect(a.status).toBe(413);
    expect(codesOf(a)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(a.sql).toBe(0);
    // The server is fine afterwards.
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('with a token, a refused operation costs no more SQL than resolving the token', async () => {
    const admin = server.adminToken;
    // The token's viewer is kept while the database is unchanged (server/auth/viewer-cache.ts): read it once first, and
    // measure again when a background write (the search index) made one of the two requests look the token up anew.
    await server.app.search.flush();
    await post('{"query": "{"}', admin);
    for (let attempt = 1; ; attempt++) {
      let before = statements();
      await post('{"query": "{"}', admin); // a syntax error: only the token is looked up
      const tokenOnly = statements() - before;
      before = statements();
      const a = await post(JSON.stringify({ query: deepQuery(50), variables: { id: meetingId } }), admin);
      expect(codesOf(a)).toContain('GRAPHQL_VALIDATION_FAILED');
      const refused = statements() - before;
      if (refused === tokenOnly || attempt === 5) {
        expect(refused).toBe(tokenOnly);
        break;
      }
    }
  });

  it('refusals are client errors (HTTP 4xx), not server errors', async () => {
    const deep = await post(JSON.stringify({ query: deepQuery(50), variables: { id: meetingId } }));
    expect(deep.status).toBe(400);
    const aliases = await post(JSON.stringify({ query: manyAliases(10_000) }));
    const syntax = await post(JSON.stringify({ query: '{ meetings { id ' }));
    expect({ tokenLimit: aliases.status, syntaxError: syntax.status }).toEqual({ tokenLimit: 400, syntaxError: 400 });
  });

  describe('over graphql-ws', () => {
    /** Runs an operation on an established connection; resolves with its errors (or data). */
    function run(client: Client, query: string, variables: Record<string, unknown> = {}) {
      return new Promise<{ data: unknown[]; errors: unknown[] }>((resolve) => {
        const out = { data: [] as unknown[], errors: [] as unknown[] };
        const timer = setTimeout(() => resolve(out), 3_000);
        client.subscribe(
          { query, variables },
          {
            next: (r) => (r.errors ? out.errors.push(...r.errors) : out.data.push(r.data)),
            error: (e) => {
              out.errors.push(...(Array.isArray(e) ? e : [e]));
              clearTimeout(timer);
              resolve(out);
            },
            complete: () => {
              clearTimeout(timer);
              resolve(out);
            },
          },
        );
      });
    }

    it('the deep query, the 10 000 aliases and a deep subscription are refused before execution', async () => {
      // One connection for the whole test (not lazy: it stays open between operations).
      const client = wsClient(server.url, server.adminToken, { lazy: false });
      clients.push(client);
      // Establish the connection (the token is resolved once, in onConnect).
      const warm = await run(client, `{ __typename }`);
      expect(warm.data).toEqual([{ __typename: 'Query' }]);

      let before = statements();
      const deep = await run(client, deepQuery(50), { id: meetingId });
      expect(deep.data).toEqual([]);
      expect(JSON.stringify(deep.errors)).toMatch(/depth limit/i);
      expect(statements() - before).toBe(0);

      before = statements();
      const aliases = await run(client, manyAliases(10_000));
      expect(aliases.data).toEqual([]);
      expect(aliases.errors.length).toBeGreaterThan(0);
      expect(statements() - before).toBe(0);

      // Subscription payloads are flat, so nest the subscription itself 50 deep through inline fragments.
      let selection = 'meetingId text';
      for (let i = 0; i < 50; i++) selection = `... on DecisionUpdate { ${selection} }`;
      before = statements();
      const sub = await run(client, `subscription ($m: ID!) { decisionUpdated(meetingId: $m) { ${selection} } }`, { m: meetingId });
      expect(sub.data).toEqual([]);
      expect(JSON.stringify(sub.errors)).toMatch(/depth limit/i);
      expect(statements() - before).toBe(0);

      // A reasonable subscription on the same connection still works.
      const fine = new Promise<unknown>((resolve) => {
        const stop = client.subscribe(
          { query: `subscription ($m: ID!) { agendaChanged(meetingId: $m) { kind } }`, variables: { m: meetingId } },
          {
            next: (r) => {
              stop();
              resolve(r.data);
            },
            error: resolve,
            complete: () => undefined,
          },
        );
      });
      const itemId = (await seedMeeting(server)).item('28/2017').id;
      let n = 0;
      await waitFor(async () => {
        await server.ok(`mutation ($i: ID!, $t: String!) { updateAgendaItem(id: $i, input: { introduction: $t }) { id } }`, { i: itemId, t: `Eventuelt ${++n}` });
        return Promise.race([fine.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))]);
      }, 'the subscription to deliver', 5_000);
      expect(await fine).toEqual({ agendaChanged: { kind: 'ITEM_UPDATED' } });
    });
  });

  it('a collab frame over 1 MiB closes that connection with 1009; others keep syncing', async () => {
    const a = connectLive(server.url, meetingId, { token: secretary });
    const b = connectLive(server.url, meetingId, { token: secretary });
    lives.push(a, b);
    const itemId = (await seedMeeting(server)).item('24/2017').id;
    await waitSynced([a, b], [itemId], 8_000);

    const ws = new WebSocket(`${wsBase(server.url)}/collab/${minutesDocName(meetingId)}`, { headers: { authorization: `Bearer ${secretary}` } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const frame = Buffer.alloc(defaultCollabOptions.maxFrameBytes + 1, 0x41);
    frame[0] = 0; // messageSync
    frame[1] = 2; // update
    ws.send(frame);
    expect(await closed).toBe(CloseCode.messageTooBig);
    expect(CloseCode.messageTooBig).toBe(1009);

    a.text(itemId, 'notes').insert(0, 'Etter stor ramme. ');
    await waitFor(() => b.text(itemId, 'notes').toString().startsWith('Etter stor ramme. '), 'the good clients to keep syncing', 5_000);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  });

  it('the nested meeting query a real front-end sends still passes, for a secretary and for the public', async () => {
    const readme = `{
      meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) {
        id startsAt location actualLocation status
        attendance { person { name } municipality role status substituteFor { name } fromItem { number } }
        agendaItems {
          number title
          proposedDecision { text }
          decision { text adoptedAt }
          subItems { letter title decision { text } }
        }
      }
    }`;
    const full = `query Meeting($id: ID!) {
      meeting(id: $id) {
        id title startsAt endsAt location actualStartsAt actualEndsAt actualLocation status noticeSentAt minutesApprovedAt remote year
        body { id name slug kind organisation { name } }
        noticeApproval { text adoptedAt }
        attachments { id number title fileName url }
        attendance {
          id position role status note municipality representing
          person { id name municipality position }
          substituteFor { id name }
          fromItem { id number }
          untilItem { id number }
          absentForItems { id number }
        }
        agendaItems {
          id number position kind title introduction notes public publicTitle closedLegalBasis archiveCaseNumber
          proposedDecision { text formulatedInMeeting }
          decision { text adoptedAt voteOutcome votesFor votesAgainst votesBlank dissenters { id name } }
          attachments { id number title }
          references { id kind citation meeting { id startsAt } item { id number } }
          disqualifications { id legalBasis reason person { id name } }
          protocolEntries { id text person { name } }
          approvesMinutesOf { id startsAt status }
          subItems {
            id letter position title subtitle introduction notes
            proposedDecision { text formulatedInMeeting }
            decision { text adoptedAt voteOutcome }
            attachments { id number title }
          }
        }
      }
    }`;
    for (const as of [secretary, 'public']) {
      const list = await server.gql(readme, {}, as);
      expect(list.errors).toBeUndefined();
      expect(list.data.meetings.length).toBeGreaterThan(0);
      const one = await server.gql(full, { id: meetingId }, as);
      expect(one.errors).toBeUndefined();
      expect(one.data.meeting.agendaItems.map((i: { number: string }) => i.number)).toContain('26/2017');
      expect(one.data.meeting.agendaItems.find((i: { number: string }) => i.number === '26/2017').subItems).toHaveLength(7);
    }
  });
});
