/**
 * motebok in a child process (bench/peers/motebok-server.ts) on a temporary SQLite file or a scratch PostgreSQL
 * database, seeded; the bench's meetings are created through GraphQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { startChild, type Child } from '../lib/child.js';
import { NO_INDEX_NAME } from '../lib/figures.js';
import { gqlAt, mapLimit, type Gql } from '../lib/gql.js';
import { ADD_ITEM, BODY_ID, CREATE_MEETING, SEED_MEETINGS } from '../lib/queries.js';
import type { Peer } from './types.js';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface MotebokPeer extends Peer {
  httpUrl: string;
  gql: Gql;
  child: Child;
  /** The example meeting of 14.09.2017 (status HELD). */
  seedMeetingId: string;
  /** Meeting ids behind manyDocs, in the same order. */
  manyMeetingIds: string[];
  /** Meetings with `itemsPerMeeting` agenda items (P5). */
  tenItemMeetingIds: string[];
  /** Second collab endpoint with a short unloadGraceMs (when asked for). */
  graceCollabUrl: string | null;
  itemIdByDoc: Record<string, string>;
}

export interface MotebokOptions {
  db: 'sqlite' | 'postgresql';
  /** Meetings created for the multi-document case. */
  docs: number;
  /** Meetings created with `itemsPerMeeting` items (P5). */
  tenItemMeetings?: number;
  itemsPerMeeting?: number;
  unloadGraceMs?: number;
  /** false: the server stops its search indexer once started (the A/B of issue 14's "typing unchanged by indexing"). */
  searchIndex?: boolean;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export async function scratchDatabase(kind: 'sqlite' | 'postgresql'): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-motebok-'));
    return { url: `sqlite:${join(dir, 'motebok.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `motebok_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Whether the PostgreSQL server of BENCH_PG_URL answers. */
export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function startMotebok(opts: MotebokOptions): Promise<MotebokPeer> {
  const db = await scratchDatabase(opts.db);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // As deployed: graphql-js, express and graphql-ws skip their development-only checks (the config itself is
    // loadConfig({ NODE_ENV: 'production', … }) in motebok-server.ts, which needs the AUTH_SECRET passed below).
    NODE_ENV: 'production',
    BENCH_DATABASE_URL: db.url,
    BENCH_AUTH_SECRET: randomBytes(24).toString('hex'),
    // glibc malloc tunables given to the bench (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, …) and SQLITE_CHECKPOINT
    // (an A/B of the checkpoint worker) reach the server too.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_') || k === 'SQLITE_CHECKPOINT')),
  };
  if (opts.searchIndex === false) env.BENCH_SEARCH_INDEX = 'off';
  if (opts.unloadGraceMs !== undefined) env.BENCH_UNLOAD_GRACE_MS = String(opts.unloadGraceMs);
  const child = startChild([...(opts.nodeArgs ?? []), '--expose-gc', '--import', 'tsx', 'bench/peers/motebok-server.ts'], env, { ipc: true });
  let ready: { url: string; token: string | null; collabUrl: string | null };
  try {
    ready = await child.waitMessage('ready', 90_000);
  } catch (error) {
    await child.stop();
    await db.drop();
    throw error;
  }
  const gql = gqlAt(ready.url, ready.token);
  try {
    return await setUp(opts, ready, gql, child, db);
  } catch (error) {
    await child.stop();
    await db.drop();
    throw error;
  }
}

async function setUp(
  opts: MotebokOptions,
  ready: { url: string; token: string | null; collabUrl: string | null },
  gql: Gql,
  child: Child,
  db: { drop(): Promise<void> },
): Promise<MotebokPeer> {

  const seed = (await gql.ok(SEED_MEETINGS)).meetings.find((m: { startsAt: string }) => m.startsAt.startsWith('2017-09-14'));
  if (!seed) throw new Error('the seed meeting of 14.09.2017 is missing');
  const bodyId = (await gql.ok(BODY_ID, { slug: 'radmannsgruppen' })).body.id as string;
  const itemIdByDoc: Record<string, string> = { [minutesDocName(seed.id)]: seed.agendaItems[0].id };

  // Meetings for the multi-document case: one agenda item each (the approval of the previous referat), or one added.
  const created = await mapLimit(Array.from({ length: opts.docs }, (_, i) => i), 4, async (i) => {
    // A year of its own per meeting: item numbers run per body and year, so concurrent creation never contends.
    const startsAt = new Date(Date.UTC(2100 + i, 0, 10, 8)).toISOString();
    const m = (await gql.ok(CREATE_MEETING, { input: { bodyId, startsAt, approvePreviousMinutes: false } })).createMeeting;
    const item = (await gql.ok(ADD_ITEM, { input: { meetingId: m.id, title: `Bench-sak ${i + 1}` } })).addAgendaItem;
    itemIdByDoc[minutesDocName(m.id)] = item.id;
    return m.id as string;
  });

  const tenItem = await mapLimit(Array.from({ length: opts.tenItemMeetings ?? 0 }, (_, i) => i), 4, async (i) => {
    const startsAt = new Date(Date.UTC(2400 + i, 0, 10, 8)).toISOString();
    const m = (await gql.ok(CREATE_MEETING, { input: { bodyId, startsAt, approvePreviousMinutes: false } })).createMeeting;
    for (let k = 0; k < (opts.itemsPerMeeting ?? 10); k++) {
      await gql.ok(ADD_ITEM, {
        input: { meetingId: m.id, title: `Sak ${k + 1}: orientering om regionalt samarbeid`, introduction: 'Saksframlegg følger vedlagt.' },
      });
    }
    return m.id as string;
  });

  return {
    name: opts.searchIndex === false ? NO_INDEX_NAME : opts.db === 'sqlite' ? 'motebok (SQLite)' : 'motebok (PostgreSQL)',
    wire: 'y-websocket',
    pid: child.proc.pid,
    wsUrl: `${ready.url.replace(/^http/, 'ws')}/collab`,
    token: ready.token,
    singleDoc: minutesDocName(seed.id),
    manyDocs: created.map(minutesDocName),
    textPath: { kind: 'minutes', itemIdByDoc },
    httpUrl: ready.url,
    gql,
    child,
    seedMeetingId: seed.id,
    manyMeetingIds: created,
    tenItemMeetingIds: tenItem,
    graceCollabUrl: ready.collabUrl,
    itemIdByDoc,
    heap: () => child.request('heap'),
    cpuMs: () => child.cpuMs(),
    async stop() {
      await child.stop();
      await db.drop();
    },
  };
}
