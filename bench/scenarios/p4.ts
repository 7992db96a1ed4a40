/**
 * P4 GraphQL: requests per second of the nested meeting query (autocannon, programmatically, from the load
 * generator), SQL statements per request (motebok's own counter), and the same query against the in-memory
 * ceiling (graphql-js default resolvers over a plain copy of the answer, served by the same Express + Apollo stack).
 */
import autocannon from 'autocannon';
import { isDeepStrictEqual } from 'node:util';
import { MEETING_QUERY } from '../lib/queries.js';
import type { MotebokPeer } from '../peers/motebok.js';

export interface P4Result {
  rps: number;
  p99ms: number;
  requests: number;
  errors: number;
  sqlPerRequest: number | null;
  /** CPU ms of the serving process per request (motebok and the ceiling each run in a process of their own). */
  cpuMsPerRequest: number | null;
  correct: boolean;
}

async function post(url: string, token: string | null, id: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query: MEETING_QUERY, variables: { id } }),
    signal: AbortSignal.timeout(30_000),
  });
  return res.json();
}

/**
 * motebok's private response cache (server/http/private-cache.ts) keeps answers to a viewer with credentials; with
 * this request header it is bypassed: the query is executed (the "executed" figure).
 */
export const BYPASS_CACHE = { 'cache-control': 'no-cache' } as const;

/** The answer every request must give (read once from motebok, executed, before the runs). */
export async function expectedAnswer(peer: MotebokPeer, meetingId: string): Promise<any> {
  const body = (await post(`${peer.httpUrl}/graphql`, peer.token ?? null, meetingId, BYPASS_CACHE)) as { data?: any; errors?: unknown };
  if (body.errors || !body.data?.meeting) throw new Error(`the P4 query failed: ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

export async function runP4(
  target: { url: string; token: string | null; headers?: Record<string, string>; sqlStatements?: () => Promise<number>; cpuMs?: () => number },
  opts: { meetingId: string; seconds: number; connections: number; expected: unknown },
): Promise<P4Result> {
  const before = await post(target.url, target.token, opts.meetingId, target.headers);
  const sql0 = target.sqlStatements ? await target.sqlStatements() : 0;
  const cpu0 = target.cpuMs?.() ?? 0;
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections: opts.connections,
    duration: opts.seconds,
    headers: { 'content-type': 'application/json', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}), ...target.headers },
    body: JSON.stringify({ query: MEETING_QUERY, variables: { id: opts.meetingId } }),
  });
  const cpu1 = target.cpuMs?.() ?? 0;
  const sql1 = target.sqlStatements ? await target.sqlStatements() : 0;
  const after = await post(target.url, target.token, opts.meetingId, target.headers);
  const done = result.requests.total;
  return {
    rps: done / (result.duration || opts.seconds),
    p99ms: result.latency.p99,
    requests: done,
    errors: result.errors + result.timeouts + result.non2xx,
    sqlPerRequest: target.sqlStatements && done > 0 ? (sql1 - sql0 - 0) / done : null,
    cpuMsPerRequest: target.cpuMs && done > 0 ? (cpu1 - cpu0) / done : null,
    correct: isDeepStrictEqual(before, opts.expected) && isDeepStrictEqual(after, opts.expected) && result.non2xx === 0,
  };
}
