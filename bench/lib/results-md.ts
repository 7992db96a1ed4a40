/** bench/RESULTS.md (or RESULTS-partial.md for a partial run): the figures of a run as tables with what they mean. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { archiveSectionOf } from '../scenarios/archive-results.js';
import { createRequire } from 'node:module';
import { cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { P1Result } from '../scenarios/p1.js';
import { figures, NO_INDEX_NAME, PG_NAME, type PerPeer } from './figures.js';
import { args, HERE, log, only, quick, runs, S, t0 } from './settings.js';
import { fmt, fmtSpread, median, spread, type Spread } from './stats.js';

const { p1a, p1b, p2, p3, p4, p5, problems } = figures;

export function writeResults(peerNames: string[]) {
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpus();
  const sp = (xs: number[]) => spread(xs);
  const f = (s: Spread, d?: number) => fmtSpread(s, d);
  const lines: string[] = [];
  const L = (s = '') => lines.push(s);
  const cmd = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;

  L('# motebok benchmark results');
  L();
  L(`- Command: \`${cmd}\`${quick ? ' (quick sizes: a smoke run, not the figures to quote)' : ''}`);
  L(`- Date: ${new Date().toISOString()}; suite took ${fmt(elapsed, 0)} s`);
  L(`- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM (${fmt(freemem() / 2 ** 30, 1)} GiB free at the end), ${osType()} ${release()}; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  L(`- Node ${process.version}; peers: @y/websocket-server 0.1.1 (yjs ${yjsVersion()}), @hocuspocus/server + provider + extension-sqlite 3.4.4, motebok (this tree)`);
  L(`- Every figure is the median over ${runs} runs with the range (min–max) in brackets; in every run the load generator drives each server in turn, in an order rotated per run.`);
  L('- Each server runs in a child process of its own on 127.0.0.1; the one load generator (this process) holds every client. On a 2-core machine the load generator and the server share the CPU, so absolute figures are lower bounds; the comparison within a run is what counts.');
  L();

  L('## P1 propagation latency (ms, send → arrival at every other client)');
  L();
  L(`One client per document types ${S.p1a.cps} characters a second (one update each) for ${S.p1a.seconds} s (${S.p1b.seconds} s in the many-document case); clients are the stock providers (y-websocket's WebsocketProvider; HocuspocusProvider for Hocuspocus). "converged": every client ended with the typist's exact text and every character arrived everywhere, in every run.`);
  L();
  L(`| server | ${S.p1a.clients} clients, 1 doc: p50 | p99 | first receiver p50 | ${S.p1b.docs} docs × ${S.p1b.clients} clients: p50 | p99 | converged |`);
  L('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const name of peerNames) {
    const a = p1a.get(name) ?? [];
    const b = p1b.get(name) ?? [];
    const conv = [...a, ...b].length > 0 && [...a, ...b].every((x) => x.converged) && a.length === runs && b.length === runs;
    L(`| ${name} | ${f(sp(a.map((x) => x.p50)))} | ${f(sp(a.map((x) => x.p99)))} | ${f(sp(a.map((x) => x.firstP50)))} | ${f(sp(b.map((x) => x.p50)))} | ${f(sp(b.map((x) => x.p99)))} | ${conv ? 'yes' : 'NO'} |`);
  }
  L();
  L('"first receiver": send → arrival at the first of the other clients that has the character (the server\'s own path with the least fan-out in it).');
  L();
  L('### Server CPU per 1 000 applied updates (ms)');
  L();
  L(`CPU time (user + system, from /proc of the server's child process; 10 ms resolution) from the first keystroke (first send in P2) to the last arrival, divided by the updates typed (sent). Machine load hardly moves CPU time, unlike the latencies.`);
  L();
  L(`| server | P1 ${S.p1a.clients} clients, 1 doc | P1 ${S.p1b.docs} docs × ${S.p1b.clients} | P2 |`);
  L('| --- | ---: | ---: | ---: |');
  for (const name of [...peerNames, ...[...p2.keys()].filter((k) => !peerNames.includes(k))]) {
    const cell = (xs: number[]) => (xs.length ? f(sp(xs)) : '–');
    L(`| ${name} | ${cell((p1a.get(name) ?? []).map((x) => x.cpuMsPer1000))} | ${cell((p1b.get(name) ?? []).map((x) => x.cpuMsPer1000))} | ${cell((p2.get(name) ?? []).map((x) => x.cpuMsPer1000))} |`);
  }
  L();

  L('## P1 with editors on two instances (ms, send → arrival at every other client)');
  L();
  L(`The one-document case of P1 (${S.p1a.clients} clients, one typing ${S.p1a.cps} characters a second for ${S.p1a.seconds} s), in the same runs and rotation as the table above, on three set-ups of motebok: SQLite, one instance (the row above); PostgreSQL, one instance, no Redis; PostgreSQL + Redis, two instances (two child processes on loopback ports, one scratch PostgreSQL database, one Redis, a shared signing key; the first instance migrates and seeds, the second starts after it). With two instances the clients alternate between them (${Math.ceil(S.p1a.clients / 2)} on each, the typist on the first), so ${Math.ceil(S.p1a.clients / 2) - 1} receivers share the typist's instance and ${Math.floor(S.p1a.clients / 2)} get each character through the log and Redis (the first instance appends it to the PostgreSQL log and publishes "doc X has seqs a..b"; the second reads those rows and passes them on). "converged": as above, every client ended with the typist's exact text, in every run.`);
  L();
  L(`| motebok set-up | ${S.p1a.clients} clients, 1 doc: p50 | p99 | typist's instance: p50 | p99 | other instance: p50 | p99 | converged |`);
  L('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const name of ['motebok (SQLite)', PG_NAME, figures.clusterName || 'motebok (PostgreSQL+Redis, 2 instances)']) {
    const a = p1a.get(name) ?? [];
    const conv = a.length === runs && a.every((x) => x.converged);
    const sameI = a.filter((x) => x.sameInstance);
    const otherI = a.filter((x) => x.otherInstance);
    const cell = (xs: number[]) => (xs.length ? f(sp(xs)) : '–');
    L(`| ${name} | ${f(sp(a.map((x) => x.p50)))} | ${f(sp(a.map((x) => x.p99)))} | ${cell(sameI.map((x) => x.sameInstance!.p50))} | ${cell(sameI.map((x) => x.sameInstance!.p99))} | ${cell(otherI.map((x) => x.otherInstance!.p50))} | ${cell(otherI.map((x) => x.otherInstance!.p99))} | ${a.length ? (conv ? 'yes' : 'NO') : 'not measured'} |`);
  }
  if (figures.pgSkipped) L(`\nmotebok on PostgreSQL was not measured: ${figures.pgSkipped}.`);
  else if (figures.clusterSkipped) L(`\nThe two instances were not measured: ${figures.clusterSkipped}.`);
  L();

  L('## P2 durable throughput (updates/s stored and broadcast)');
  L();
  L(`${S.p2.docs} documents × ${S.p2.writers} writers + 1 observer each, thin wire clients (the sync protocol without applying what they receive), each writer with at most ${S.p2.window} updates not yet broadcast; ${S.p2.seconds} s of sending, counted until the last update came back. "verified": a client connecting afterwards received every writer's last update, and for motebok the database (snapshot + log, read with a fresh EntityManager) held it too.`);
  L();
  L('| server | updates/s | verified | what "stored" means there |');
  L('| --- | ---: | --- | --- |');
  const p2Names = [...peerNames, ...[...p2.keys()].filter((k) => !peerNames.includes(k))];
  const meaning: Record<string, string> = {
    'y-websocket (memory)': 'not stored (in-memory reference)',
    'y-websocket (LevelDB)': 'each update written to LevelDB asynchronously, after it is broadcast',
    'Hocuspocus (SQLite)': 'whole document written to SQLite debounced (2 s, max 10 s) after broadcast',
    'motebok (SQLite)': 'appended to the log in a group-committed transaction before it is broadcast',
    'motebok (PostgreSQL)': 'appended to the log in a group-committed transaction before it is broadcast',
  };
  for (const name of p2Names) {
    const xs = p2.get(name) ?? [];
    L(`| ${name} | ${f(sp(xs.map((x) => x.rate)), 0)} | ${xs.length === runs && xs.every((x) => x.verified) ? 'yes' : `NO${xs.find((x) => x.note)?.note ? ` (${xs.find((x) => x.note)!.note})` : ''}`} | ${meaning[name] ?? ''} |`);
  }
  if (figures.pgSkipped) L(`\nmotebok on PostgreSQL was not measured: ${figures.pgSkipped}.`);
  L();

  L('## P3 subscription fan-out (motebok)');
  L();
  L(`${S.p3.subscribers} graphql-ws clients (graphql-ws createClient, ws) subscribed to decisionUpdated(meetingId); ${S.p3.changes} decision changes per run through the setMinutesText mutation, timed from just before the mutation is sent.`);
  L();
  L('| figure | ms |');
  L('| --- | ---: |');
  L(`| per delivery p50 | ${f(sp(p3.map((x) => x.p50)))} |`);
  L(`| per delivery p99 | ${f(sp(p3.map((x) => x.p99)))} |`);
  L(`| change → last delivery, p50 over changes | ${f(sp(p3.map((x) => x.lastP50)))} |`);
  L(`| change → last delivery, p99 over changes | ${f(sp(p3.map((x) => x.lastP99)))} |`);
  L(`| every subscriber got every change | ${p3.length === runs && p3.every((x) => x.complete) ? 'yes' : 'NO'} |`);
  L();

  L('## P4 GraphQL nested meeting query (motebok)');
  L();
  L(`autocannon (programmatic), ${S.p4.connections} connections, ${S.p4.seconds} s per run, POST of the nested meeting query (meeting → body, attendance → person, agendaItems → decision, attachments, subItems) for the seed meeting of 14.09.2017. The ceiling answers the same query with graphql-js default resolvers over plain in-memory objects (a copy of motebok's answer; the responses are checked equal), served through the same HTTP stack (Express 5 + Apollo Server 5, JSON body parser) in a child process of its own, started like motebok's (NODE_ENV=production); CPU ms per request is each server's own process's.`);
  L();
  L("motebok is measured twice: executed (each request sends `Cache-Control: no-cache`, which bypasses its private response cache, server/http/private-cache.ts) and answered from that cache (the bench's administrator token, the same query and variables; a kept answer is served only while nothing has changed: this process's change generation, the database's change marker and the day).");
  L();
  const mRps = sp(p4.motebok.map((x) => x.rps));
  const kRps = sp(p4.cached.map((x) => x.rps));
  const cRps = sp(p4.ceiling.map((x) => x.rps));
  const ok4 = (xs: typeof p4.motebok) => (xs.length && xs.every((x) => x.correct && x.errors === 0) ? 'yes' : 'NO');
  L('| target | requests/s | latency p99 (ms) | CPU ms / request | SQL statements / request | answers correct |');
  L('| --- | ---: | ---: | ---: | ---: | --- |');
  const row = (name: string, xs: typeof p4.motebok, rps: ReturnType<typeof sp>, sql: string) =>
    L(`| ${name} | ${f(rps, 0)} | ${f(sp(xs.map((x) => x.p99ms)))} | ${f(sp(xs.map((x) => x.cpuMsPerRequest ?? NaN)))} | ${sql} | ${ok4(xs)} |`);
  row('motebok, executed (cache bypassed)', p4.motebok, mRps, f(sp(p4.motebok.map((x) => x.sqlPerRequest ?? NaN))));
  row('motebok, from its private cache', p4.cached, kRps, f(sp(p4.cached.map((x) => x.sqlPerRequest ?? NaN))));
  row('in-memory ceiling', p4.ceiling, cRps, '0');
  const ratio = mRps.median / cRps.median;
  const cachedRatio = kRps.median / cRps.median;
  L(`\nmotebok / ceiling: executed ${fmt(ratio * 100, 0)} %, from the private cache ${fmt(cachedRatio * 100, 0)} %`);
  L();

  L('## P5 memory (motebok)');
  L();
  L(`${S.p5.docs} referat documents of ${S.p5.items} agenda items each opened by one client each (clients in the load generator), on a collab endpoint built by createLiveMinutes with unloadGraceMs ${S.p5.graceMs} (createApp does not pass collab options through; same ORM and event bus). heapUsed of the server process after forced gc (--expose-gc).`);
  L();
  const per = sp(p5.map((x) => x.perDocBytes / 1024));
  const resid = sp(p5.map((x) => x.residualBytes / 1024));
  const loadedDelta = median(p5.map((x) => x.perDocBytes * x.docs));
  L('| figure | value |');
  L('| --- | ---: |');
  L(`| baseline heapUsed | ${f(sp(p5.map((x) => x.baselineBytes / 2 ** 20)), 1)} MiB |`);
  L(`| heap per open document | ${f(per, 1)} KiB |`);
  L(`| heap after every client left and the grace passed, minus baseline | ${f(resid, 0)} KiB |`);
  L(`| every document unloaded | ${p5.length === runs && p5.every((x) => x.unloaded) ? 'yes' : 'NO'} |`);
  L();

  L('## Targets');
  L();
  const mote = 'motebok (SQLite)';
  const p99Of = (m: PerPeer<P1Result>, n: string) => median((m.get(n) ?? []).map((x) => x.p99));
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**missed**');
  const cmp = (m: PerPeer<P1Result>, ref: string) => {
    const a = p99Of(m, mote);
    const b = p99Of(m, ref);
    return Number.isFinite(a) && Number.isFinite(b) ? a <= b : null;
  };
  const allConv = [...(p1a.get(mote) ?? []), ...(p1b.get(mote) ?? [])].every((x) => x.converged);
  const p1Ldb = [cmp(p1a, 'y-websocket (LevelDB)'), cmp(p1b, 'y-websocket (LevelDB)')];
  const p1Mem = [cmp(p1a, 'y-websocket (memory)'), cmp(p1b, 'y-websocket (memory)')];
  const both = (xs: Array<boolean | null>) => (xs.some((x) => x === null) ? null : xs.every(Boolean) && allConv);
  const p2Sqlite = median((p2.get(mote) ?? []).map((x) => x.rate));
  const p2Ok = Number.isFinite(p2Sqlite) ? p2Sqlite >= 20_000 && (p2.get(mote) ?? []).every((x) => x.verified) : null;
  const p3v = median(p3.map((x) => x.lastP99));
  const p3Ok = Number.isFinite(p3v) ? p3v < 100 && p3.every((x) => x.complete) : null;
  // Target 5 allows a response cache invalidated by changes: the verdict is the cached figure's, the executed one stands beside it.
  const p4Ok = Number.isFinite(cachedRatio) ? cachedRatio >= 0.5 : null;
  const perKb = per.median;
  const residKb = resid.median;
  const backToBase = Number.isFinite(residKb) ? residKb <= Math.max(512, 0.05 * (loadedDelta / 1024)) : null;
  const p5Ok = Number.isFinite(perKb) ? perKb < 200 && backToBase === true && p5.every((x) => x.unloaded) : null;
  L('| target | figure | verdict |');
  L('| --- | --- | --- |');
  L(`| P1 p99 no worse than the reference server (same run), both cases | motebok p99 ${fmt(p99Of(p1a, mote))} / ${fmt(p99Of(p1b, mote))} ms vs y-websocket LevelDB ${fmt(p99Of(p1a, 'y-websocket (LevelDB)'))} / ${fmt(p99Of(p1b, 'y-websocket (LevelDB)'))} ms, in-memory ${fmt(p99Of(p1a, 'y-websocket (memory)'))} / ${fmt(p99Of(p1b, 'y-websocket (memory)'))} ms | vs LevelDB: ${verdict(both(p1Ldb))}; vs in-memory: ${verdict(both(p1Mem))} |`);
  const medOf = <T>(xs: T[] | undefined, g: (x: T) => number) => median((xs ?? []).map(g));
  const ldb = 'y-websocket (LevelDB)';
  const p50Ratio = medOf(p1a.get(mote), (x) => x.p50) / medOf(p1a.get(ldb), (x) => x.p50);
  const firstGap = medOf(p1a.get(mote), (x) => x.firstP50) - medOf(p1a.get(ldb), (x) => x.firstP50);
  const cpuOf = (n: string) => medOf(p1a.get(n), (x) => x.cpuMsPer1000);
  const cpuHocus = cpuOf('Hocuspocus (SQLite)');
  const known = (x: number, ok: boolean) => (Number.isFinite(x) ? ok : null);
  L(`| P1 one document: p50 ≤ 1.2× LevelDB's, first receiver ≤ 2 ms above it (issue 17) | p50 ${fmt(p50Ratio, 2)}× LevelDB's; first receiver p50 ${fmt(firstGap)} ms above it | ${verdict(known(p50Ratio, p50Ratio <= 1.2))}; ${verdict(known(firstGap, firstGap <= 2))} |`);
  L(`| server CPU per 1 000 applied updates ≤ Hocuspocus's (P1 one document, issue 17) | motebok ${fmt(cpuOf(mote))} ms vs Hocuspocus ${fmt(cpuHocus)}, LevelDB ${fmt(cpuOf(ldb))}, in-memory ${fmt(cpuOf('y-websocket (memory)'))} ms | ${verdict(known(cpuOf(mote) / cpuHocus, cpuOf(mote) <= cpuHocus))} |`);
  // Unchanged: the median with the indexer no higher than the slowest run without it (the runs' own spread is the noise).
  const idxFigures = ([['1 doc', p1a], [`${S.p1b.docs} docs`, p1b]] as const).flatMap(([label, m]) =>
    (['p50', 'p99'] as const).map((k) => ({ label: `${label} ${k}`, on: medOf(m.get(mote), (x) => x[k]), off: (m.get(NO_INDEX_NAME) ?? []).map((x) => x[k]) })),
  );
  const idxOk = idxFigures.every((x) => x.off.length > 0 && Number.isFinite(x.on)) ? idxFigures.every((x) => x.on <= Math.max(...x.off)) : null;
  const idxText = idxFigures.map((x) => `${x.label} ${fmt(x.on)} vs ${fmt(median(x.off))} (${x.off.map((v) => fmt(v)).join(', ')})`).join('; ');
  L(`| P1 typing latency unchanged by search indexing (issue 14): motebok (SQLite) with its indexer (median) vs without (median, and each run), same runs, ms; "unchanged" = the median with it no higher than the slowest run without it | ${idxText} | ${verdict(idxOk)} |`);
  L(`| P2 ≥ 20 000 updates/s on SQLite | ${fmt(p2Sqlite, 0)} updates/s (PostgreSQL: ${fmt(median((p2.get('motebok (PostgreSQL)') ?? []).map((x) => x.rate)), 0)}) | ${verdict(p2Ok)} |`);
  L(`| P3 p99 under 100 ms (change → last delivery) | ${fmt(p3v)} ms (per-delivery p99 ${fmt(median(p3.map((x) => x.p99)))} ms) | ${verdict(p3Ok)} |`);
  L(`| P4 at least half of the in-memory ceiling | executed (cache bypassed) ${fmt(ratio * 100, 0)} % (${Number.isFinite(ratio) ? (ratio >= 0.5 ? 'met' : 'not met') : 'n/a'}); from the private response cache ${fmt(cachedRatio * 100, 0)} % | ${verdict(p4Ok)} |`);
  L(`| P5 under 200 KB per document and back to baseline after unload | ${fmt(perKb, 1)} KiB/doc; ${fmt(residKb, 0)} KiB above baseline after unload (counted as baseline when ≤ max(512 KiB, 5 % of the loaded growth)) | ${verdict(p5Ok)} |`);
  L();
  if (problems.length) {
    L('## Problems in this run');
    L();
    for (const p of problems) L(`- ${p}`);
    L();
  }
  L('## Reading these figures');
  L();
  L('- P1 with 200 documents: the load generator holds 1 000 Y.Docs and applies about 16 000 remote updates a second; on 2 shared cores its own queueing shows in every server\'s figures (the in-memory reference\'s p50 is tens of ms here against a few ms with one document). The comparison between servers within a run still holds.');
  L('- P2: the single load-generator process (pushing, receiving every broadcast on every writer socket, decoding on the observer) shares the 2 cores with the server, so every figure is a lower bound and the spread between runs is wide; motebok, which stores each update before broadcasting it, stays ahead of the in-memory reference (which stores nothing) in the same runs.');
  L('- motebok runs with NODE_ENV=production in its process (as deployed: graphql-js, express and graphql-ws skip their development checks; AUTH_SECRET is set). The P4 ceiling runs in its own process with NODE_ENV=production too.');
  L('- P3 is timed from just before setMinutesText is sent, so it includes the mutation itself (its HTTP request and transaction; the event is published when the transaction has committed, before the edit of the live document), not only the fan-out.');
  L('- Profiles of the motebok process (npm run bench -- --profile; bench/lib/profile-summary.ts) and what they show are in bench/PROFILE-NOTES.md.');
  L();
  const partial = quick || only.size < 5 || runs < S.runs;
  const out = `${HERE}${partial ? 'RESULTS-partial.md' : 'RESULTS.md'}`;
  // The archive bench's section (npm run bench -- --only archive) stays when the rest is rewritten.
  const archiveSection = existsSync(out) ? archiveSectionOf(readFileSync(out, 'utf8')) : null;
  writeFileSync(out, `${lines.join('\n')}\n${archiveSection ? `\n${archiveSection}\n` : ''}`);
  log(`wrote ${out}`);
}

function yjsVersion(): string {
  try {
    return (createRequire(import.meta.url)('yjs/package.json') as { version: string }).version;
  } catch {
    return '13';
  }
}
