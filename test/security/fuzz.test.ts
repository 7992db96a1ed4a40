/**
 * Acceptance 3: fuzzing. At least 10 000 random, truncated and oversized frames to the collab endpoint over many
 * connections, and 1 000 random GraphQL documents over HTTP, from a seeded PRNG, on loopback, bounded in count and in
 * time. Throughout, two well-behaved secretaries keep typing into the referat; at the end they have converged, every
 * touched document loads (from the server and from the database), the server answers /readyz, and the run has ended
 * by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { SqlDocumentStorage } from '../../collab/storage/sql-storage.js';
import { defaultCollabOptions } from '../../collab/types.js';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName, projectMinutes } from '../../schema/ydoc-layout.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { wsBase } from '../helpers/graphql-ws.js';
import { connectLive, converged, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { rng } from '../helpers/random.js';
import { seedMeeting, type SeedMeeting } from '../helpers/seed-meeting.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { frameGenerator, realisticUpdates } from './fuzz-frames.js';
import { graphqlGenerator } from './fuzz-graphql.js';
import { randomString } from './fuzz-random.js';

const SEED = 0x2017_0914;
const FRAME_TARGET = 10_000;
const GRAPHQL_TARGET = 1_000;
/** The fuzzing phase stops here whatever the counts (and then fails: the targets were not reached). */
const BUDGET_MS = 80_000;
const WS_WORKERS = 6;
const GQL_WORKERS = 4;
const MAX_OVERSIZED = 8;

// ---------------------------------------------------------------------------------------------------------------

describe('fuzzing the collab endpoint and GraphQL', () => {
  let server: TestServer;
  const lives: LiveClient[] = [];
  /** Answers to fuzzed GraphQL documents with HTTP 5xx or INTERNAL_SERVER_ERROR (kind, status, start of the body). */
  let serverErrors: string[] | null = null;
  let seed: SeedMeeting;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });

  afterAll(async () => {
    for (const l of lives.splice(0)) l.destroy();
    await server?.close();
  });

  it(
    `${FRAME_TARGET} collab frames and ${GRAPHQL_TARGET} GraphQL documents: the server stays up and correct`,
    async () => {
      seed = await seedMeeting(server);
      const item24 = seed.item('24/2017').id;
      const [secA, secB, member] = await Promise.all([
        server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
        server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
        server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen'),
      ]);
      const body = (await server.ok<{ body: { id: string } }>(`{ body(slug: "radmannsgruppen") { id } }`)).body.id;
      const second = (
        await server.ok<{ createMeeting: { id: string } }>(
          `mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2019-02-01T09:00:00Z", approvePreviousMinutes: false }) { id } }`,
          { b: body },
        )
      ).createMeeting.id;
      await server.ok(`mutation ($m: ID!) { addAgendaItem(input: { meetingId: $m, title: "Fuzz-sak" }) { id } }`, { m: second });
      const docs = [minutesDocName(seed.id), minutesDocName(second)];

      // Two well-behaved secretaries.
      const a = connectLive(server.url, seed.id, { token: secA });
      const b = connectLive(server.url, seed.id, { token: secB });
      lives.push(a, b);
      await waitSynced([a, b], [item24], 8_000);

      const rand = rng(SEED);
      const realistic = realisticUpdates(Y.encodeStateAsUpdate(a.doc), rand, 60);
      const nextFrame = frameGenerator(rand, realistic);
      const nextDocument = graphqlGenerator(rand, { meetingId: seed.id, tokens: [member, secA, `${secA}x`, `${secA.split('.').slice(0, 2).join('.')}.AAAA`] });

      const stats = {
        frames: 0,
        byKind: {} as Record<string, number>,
        connections: 0,
        refused: 0,
        closeCodes: {} as Record<string, number>,
        oversized: 0,
        documents: 0,
        byDocumentKind: {} as Record<string, number>,
        statuses: {} as Record<string, number>,
        codes: {} as Record<string, number>,
        uncoded: [] as string[],
        serverErrors: [] as string[],
        networkErrors: [] as string[],
        readyFailures: 0,
        readyChecks: 0,
        typed: 0,
      };
      const bump = (m: Record<string, number>, k: string | number) => (m[k] = (m[k] ?? 0) + 1);
      const started = Date.now();
      const deadline = started + BUDGET_MS;
      let stop = false;

      // The good clients type all along.
      const typing = (async () => {
        const ta = a.text(item24, 'notes');
        const tb = b.text(item24, 'notes');
        while (!stop) {
          const t = stats.typed % 2 ? tb : ta;
          t.insert(t.length, stats.typed % 10 === 9 ? ' ' : String.fromCharCode(97 + (stats.typed % 26)));
          stats.typed++;
          await sleep(60);
        }
      })();

      const readiness = (async () => {
        while (!stop) {
          stats.readyChecks++;
          try {
            const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
            if (res.status !== 200) stats.readyFailures++;
          } catch {
            stats.readyFailures++;
          }
          await sleep(400);
        }
      })();

      /** One fuzzing connection: a burst of frames, then a query-awareness as a marker; waits for the answer or the close. */
      async function fuzzConnection(): Promise<void> {
        const r = rand();
        let path: string;
        let token: string;
        if (r < 0.7) [path, token] = [`/collab/${docs[0]}`, secA];
        else if (r < 0.8) [path, token] = [`/collab/${docs[0]}`, member];
        else if (r < 0.92) [path, token] = [`/collab/${docs[1]}`, secB];
        else if (r < 0.96) [path, token] = [`/collab/minutes:${crypto.randomUUID()}`, secA];
        else [path, token] = [`/collab/${['%ZZ', 'x'.repeat(300), 'minutes:', docs[0]][Math.floor(rand() * 4)]}`, Buffer.from(randomString(rand, 20)).toString('base64url')]; // junk, as a header can carry it
        const headers = { authorization: `Bearer ${token}` };
        stats.connections++;
        const ws = new WebSocket(`${wsBase(server.url)}${path}`, { headers, perMessageDeflate: false });
        ws.on('error', () => undefined); // a send racing the server's close; the outcome is read from 'close'
        const opened = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 10_000);
          ws.once('open', () => {
            clearTimeout(timer);
            resolve(true);
          });
          ws.once('unexpected-response', (_req, res) => {
            clearTimeout(timer);
            bump(stats.closeCodes, `http ${res.statusCode}`);
            res.resume();
            resolve(false);
          });
          ws.once('error', () => {
            clearTimeout(timer);
            resolve(false);
          });
        });
        if (!opened) {
          stats.refused++;
          ws.terminate();
          return;
        }
        const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
        let answered!: () => void;
        const answer = new Promise<void>((resolve) => (answered = resolve));
        ws.on('message', (data: Buffer) => {
          if (data[0] === 1) answered();
        });
        // Every 40th opened connection sends one oversized frame (deterministic, so every run has some).
        const oversized = stats.oversized < MAX_OVERSIZED && (stats.connections - stats.refused) % 40 === 0;
        if (oversized) {
          stats.oversized++;
          const big = new Uint8Array(defaultCollabOptions.maxFrameBytes + 1 + Math.floor(rand() * 1000));
          big[0] = 0;
          big[1] = 2;
          ws.send(big);
          stats.frames++;
          bump(stats.byKind, 'oversized');
        } else {
          const burst = 1 + Math.floor(rand() * 48);
          for (let i = 0; i < burst && ws.readyState === ws.OPEN; i++) {
            const { kind, frame } = nextFrame();
            ws.send(frame, { binary: typeof frame !== 'string' });
            stats.frames++;
            bump(stats.byKind, kind);
          }
          if (ws.readyState === ws.OPEN) {
            ws.send(Uint8Array.of(3));
            stats.frames++;
            bump(stats.byKind, 'marker');
          }
        }
        // An oversized frame must close the connection; otherwise the answer to the marker (or a close) ends the wait.
        const outcome = await Promise.race([
          closed.then((c) => `close ${c}`),
          ...(oversized ? [] : [answer.then(() => 'answered')]),
          sleep(oversized ? 10_000 : 3_000).then(() => 'timeout'),
        ]);
        bump(stats.closeCodes, outcome);
        ws.terminate();
      }

      async function fuzzDocument(): Promise<void> {
        const { kind, body, authorization } = nextDocument();
        stats.documents++;
        bump(stats.byDocumentKind, kind);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization !== null) headers.authorization = authorization;
        let res: Response;
        try {
          res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          stats.networkErrors.push(`${kind} (${body.length} bytes): ${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`);
          return;
        }
        bump(stats.statuses, res.status);
        const text = await res.text();
        let json: { data?: unknown; errors?: Array<{ message?: string; extensions?: { code?: unknown } }> };
        try {
          json = JSON.parse(text);
        } catch {
          stats.uncoded.push(`${kind} ${res.status}: not JSON: ${text.slice(0, 80)}`);
          return;
        }
        if (!json.errors && json.data === undefined) stats.uncoded.push(`${kind} ${res.status}: neither data nor errors`);
        for (const e of json.errors ?? []) {
          const code = e.extensions?.code;
          if (typeof code !== 'string') stats.uncoded.push(`${kind} ${res.status}: ${e.message}`);
          else bump(stats.codes, code);
          if (code === 'INTERNAL_SERVER_ERROR') stats.serverErrors.push(`${kind} ${code}: ${body.slice(0, 160)}`);
        }
        if (res.status >= 500) stats.serverErrors.push(`${kind} HTTP ${res.status}: ${body.slice(0, 60)} → ${text.slice(0, 160)}`);
      }

      const wsWorkers = Array.from({ length: WS_WORKERS }, async () => {
        while (stats.frames < FRAME_TARGET && Date.now() < deadline) await fuzzConnection();
      });
      const gqlWorkers = Array.from({ length: GQL_WORKERS }, async () => {
        while (stats.documents < GRAPHQL_TARGET && Date.now() < deadline) await fuzzDocument();
      });
      await Promise.all([...wsWorkers, ...gqlWorkers]);
      const fuzzMs = Date.now() - started;
      stop = true;
      await Promise.all([typing, readiness]);

      console.log(
        `[fuzz] ${stats.frames} collab frames over ${stats.connections} connections (${stats.refused} refused at the upgrade, ${stats.oversized} oversized frames) ` +
          `and ${stats.documents} GraphQL documents in ${(fuzzMs / 1000).toFixed(1)} s; the good clients made ${stats.typed} edits meanwhile\n` +
          `[fuzz] frames by kind: ${JSON.stringify(stats.byKind)}\n[fuzz] connection outcomes: ${JSON.stringify(stats.closeCodes)}\n` +
          `[fuzz] GraphQL documents by kind: ${JSON.stringify(stats.byDocumentKind)}\n[fuzz] HTTP statuses: ${JSON.stringify(stats.statuses)}; error codes: ${JSON.stringify(stats.codes)}\n` +
          `[fuzz] /readyz: ${stats.readyChecks} checks, ${stats.readyFailures} failures; GraphQL requests without an HTTP answer: ${JSON.stringify(stats.networkErrors)}`,
      );

      // The run ended by itself, within its bounds, having done what it set out to do.
      expect(fuzzMs).toBeLessThan(BUDGET_MS);
      expect(stats.frames).toBeGreaterThanOrEqual(FRAME_TARGET);
      expect(stats.documents).toBeGreaterThanOrEqual(GRAPHQL_TARGET);
      expect(stats.oversized).toBeGreaterThan(0);
      expect(stats.closeCodes['close 1009'] ?? 0).toBe(stats.oversized);
      expect(stats.closeCodes['close 1007'] ?? 0).toBeGreaterThan(100);
      expect(stats.closeCodes.answered ?? 0).toBeGreaterThan(10);
      // GraphQL answered every document with data or with coded errors (5xx are checked below).
      expect(stats.uncoded).toEqual([]);
      serverErrors = stats.serverErrors;
      // The server stayed ready.
      expect(stats.readyChecks).toBeGreaterThan(5);
      expect(stats.readyFailures).toBe(0);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

      // The good clients converge, and so does a client joining now.
      expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
      await waitFor(() => converged([a.doc, b.doc]), 'the good clients to converge', 15_000);
      const fresh = connectLive(server.url, seed.id, { token: secA });
      lives.push(fresh);
      await waitSynced([fresh], [item24], 15_000);
      await waitFor(() => converged([a.doc, b.doc, fresh.doc]), 'a fresh client to converge', 15_000);
      const typedNotes = a.text(item24, 'notes').toString();
      expect(typedNotes.length).toBeGreaterThan(stats.typed / 2);

      // Every touched document loads: from the server, through a fresh provider, and from the database alone.
      await server.app.live.binding.flush();
      await server.app.live.collab.flush();
      for (const docName of docs) {
        const live = await server.app.live.collab.getDocument(docName);
        const loaded = await new SqlDocumentStorage(server.app.orm).load(docName);
        const fromDb = new Y.Doc();
        for (const u of [...(loaded.snapshot ? [loaded.snapshot.state] : []), ...loaded.updates.map((x) => x.data)]) Y.applyUpdate(fromDb, u);
        expect(fromDb.store.pendingStructs, `${docName}: stored state is complete`).toBeNull();
        expect(fromDb.store.pendingDs, `${docName}: stored deletes are complete`).toBeNull();
        expect(Buffer.from(Y.encodeStateVector(fromDb)).equals(Buffer.from(Y.encodeStateVector(live))), `${docName}: stored = live`).toBe(true);
        expect(projectMinutes(fromDb)).toEqual(projectMinutes(live));
        fromDb.destroy();
      }
      const other = connectLive(server.url, second, { token: secB });
      lives.push(other);
      await waitSynced([other], [], 15_000);
      expect(projectMinutes(other.doc)).toEqual(projectMinutes(await server.app.live.collab.getDocument(docs[1]!)));

      // What GraphQL returns is what the live referat holds.
      await waitFor(
        async () => {
          const stored = await server.ok<{ agendaItem: { notes: string | null } }>(`query ($i: ID!) { agendaItem(id: $i) { notes } }`, { i: item24 });
          return stored.agendaItem.notes === a.text(item24, 'notes').toString();
        },
        'the typed notes to be stored',
        10_000,
      );
    },
    150_000,
  );

  it('no fuzzed GraphQL document is answered with a server error (HTTP 5xx or INTERNAL_SERVER_ERROR)', () => {
    expect(serverErrors, 'the fuzzing run above did not complete').not.toBeNull();
    const byCause = new Map<string, number>();
    for (const e of serverErrors!) {
      const message = /"message":"([^"\\]{0,60})/.exec(e)?.[1] ?? e.slice(0, 60);
      const cause = message.startsWith('Syntax Error') ? `${e.includes('HTTP 500') ? 'HTTP 500' : 'error'} for a syntax error` : message;
      byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
    }
    if (serverErrors!.length) console.log(`[fuzz] ${serverErrors!.length} answers with HTTP 5xx, e.g.\n  ${serverErrors!.slice(0, 3).join('\n  ')}`);
    expect(Object.fromEntries(byCause)).toEqual({});
  });
});
