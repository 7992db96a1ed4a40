/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only p1,p2,...,archive,memory] [-- --profile]`
 *
 * Starts the peers (each a child process on loopback), drives each in turn from this one load generator, alternating
 * the order every run, and writes bench/RESULTS.md with medians and spread over the runs.
 */
import { mkdirSync } from 'node:fs';
import { figures, push } from './lib/figures.js';
import { writeResults } from './lib/results-md.js';
import { args, HERE, log, only, profile, profileArgs, quick, runs, S } from './lib/settings.js';
import { fmt } from './lib/stats.js';
import { startHocuspocus } from './peers/hocuspocus.js';
import { startCeiling } from './peers/ceiling.js';
import { postgresReachable, startMotebok, type MotebokPeer } from './peers/motebok.js';
import { redisReachable, startMotebokCluster, type MotebokClusterPeer } from './peers/motebok-cluster.js';
import type { Peer } from './peers/types.js';
import { startYWebsocket } from './peers/ywebsocket.js';
import { runP1 } from './scenarios/p1.js';
import { runP2 } from './scenarios/p2.js';
import { runP3 } from './scenarios/p3.js';
import { BYPASS_CACHE, expectedAnswer, runP4 } from './scenarios/p4.js';
import { runP5 } from './scenarios/p5.js';
import { FULL_ARCHIVE } from './scenarios/archive-data.js';
import { runArchive, type ArchiveResult } from './scenarios/archive.js';
import { archiveMarkdown, writeArchiveSection } from './scenarios/archive-results.js';
import { runMemoryBench } from './scenarios/memory-run.js';

process.setMaxListeners(0); // every y-websocket provider adds an exit listener
if (profile) mkdirSync(`${HERE}profiles`, { recursive: true });
const { p1a, p1b, p2, p3, p4, p5 } = figures;
const rotate = <T>(xs: T[], r: number) => xs.map((_, i) => xs[(i + r) % xs.length]!);

/**
 * Document names of a run. The peers get new documents every run: the reference server answers the sync handshake
 * before its LevelDB content is loaded (bindState is async), so a reopened document would receive its old text in the
 * middle of typing. motebok's documents are its meetings (it loads them before answering), so they are reused.
 */
const fresh = (peer: Peer, docName: string, run: number) => (peer.textPath.kind === 'root' ? `${docName}-r${run}` : docName);

const stoppers: Array<() => Promise<void>> = [];
async function stopAll() {
  for (const stop of stoppers.splice(0).reverse()) await stop().catch((e) => console.error('stop failed:', e));
}
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

async function safely<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    const msg = `${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    figures.problems.push(msg);
    log(`FAILED ${msg}`);
    return null;
  }
}

/** The archive bench (not in the default set): writes its own section of RESULTS.md. */
async function archive() {
  const size = quick ? { ...FULL_ARCHIVE, years: 4 } : FULL_ARCHIVE;
  const rounds = quick ? 5 : 20;
  const results: ArchiveResult[] = [];
  const sqlite = await safely('archive on SQLite', () => runArchive('sqlite', size, rounds, log));
  if (sqlite) results.push(sqlite);
  let skipped: string | null = null;
  if (await postgresReachable()) {
    const pg = await safely('archive on PostgreSQL', () => runArchive('postgresql', size, rounds, log));
    if (pg) results.push(pg);
  } else {
    skipped = 'PostgreSQL at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) did not answer';
  }
  for (const r of results) log(`archive ${r.db}: search p50 ${fmt(r.search.p50)} ms p99 ${fmt(r.search.p99)} ms; page of 50 p50 ${fmt(r.pages[0]!.p50)} p99 ${fmt(r.pages[0]!.p99)} ms (${fmt(r.statementsPerPage, 1)} statements); load ${r.load.search.toFixed(1)}`);
  const md = archiveMarkdown(results, size, rounds, `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`, skipped);
  const out = `${HERE}${quick ? 'RESULTS-partial.md' : 'RESULTS.md'}`;
  writeArchiveSection(out, md);
  log(`wrote the archive section of ${out}`);
}

async function main() {
  if (only.has('archive')) await archive();
  // The memory bench (not in the default set): fresh peers of its own, writes bench/MEMORY.md.
  if (only.has('memory') && !(await runMemoryBench())) figures.problems.push('memory bench: see bench/MEMORY.md');
  if ([...only].every((o) => o === 'archive' || o === 'memory')) return;
  const manyDocs = S.p1b.docs + runs * S.p2.docs;
  log(`starting peers (${quick ? 'quick' : 'full'} sizes, ${runs} runs)`);
  const refMem = await startYWebsocket({ persistence: false, docs: manyDocs });
  stoppers.push(refMem.stop);
  const refLdb = await startYWebsocket({ persistence: true, docs: manyDocs });
  stoppers.push(refLdb.stop);
  const hocus = await startHocuspocus({ docs: manyDocs });
  stoppers.push(hocus.stop);
  const mote = await startMotebok({ db: 'sqlite', docs: manyDocs, nodeArgs: profileArgs });
  stoppers.push(mote.stop);
  log(`peers up; motebok seeded with ${manyDocs} extra meetings`);
  const peers: Peer[] = [refMem, refLdb, hocus, mote];

  // motebok on PostgreSQL: a single instance for P1 (one document, beside SQLite and the two instances) and P2.
  let motePg: MotebokPeer | null = null;
  if (only.has('p1') || only.has('p2')) {
    if (await postgresReachable()) {
      motePg = await safely('starting motebok on PostgreSQL', () =>
        startMotebok({ db: 'postgresql', docs: only.has('p2') ? runs * S.p2.docs : 0, nodeArgs: profileArgs }),
      );
      if (motePg) stoppers.push(motePg.stop);
    } else {
      figures.pgSkipped = 'PostgreSQL at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) did not answer';
    }
  }
  // motebok as two instances on one PostgreSQL database and one Redis (P1, one document, clients spread over both).
  // motebok on SQLite with its search indexer stopped: P1 (both cases) with and without indexing, same run (issue 14).
  let noIndex: MotebokPeer | null = null;
  if (only.has('p1')) {
    noIndex = await safely('starting motebok without search indexing', () => startMotebok({ db: 'sqlite', docs: S.p1b.docs, searchIndex: false, nodeArgs: profileArgs }));
    if (noIndex) stoppers.push(noIndex.stop);
  }
  let cluster: MotebokClusterPeer | null = null;
  if (only.has('p1')) {
    if (figures.pgSkipped) figures.clusterSkipped = figures.pgSkipped;
    else if (!(await redisReachable())) figures.clusterSkipped = 'Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379) did not answer';
    else {
      cluster = await safely('starting two motebok instances on PostgreSQL + Redis', () => startMotebokCluster({ instances: 2, nodeArgs: profileArgs }));
      if (cluster) {
        stoppers.push(cluster.stop);
        figures.clusterName = cluster.name;
        log(`two motebok instances up on one PostgreSQL database and Redis: ${cluster.wsUrls.join(', ')}`);
      }
    }
  }

  if (only.has('p1')) {
    // The one-document case also runs on motebok on PostgreSQL, single and as two instances, in the same rotation.
    const p1aPeers: Peer[] = [...peers, ...(noIndex ? [noIndex] : []), ...(motePg ? [motePg] : []), ...(cluster ? [cluster] : [])];
    for (let r = 0; r < runs; r++) {
      for (const peer of rotate(p1aPeers, r)) {
        const res = await safely(`P1 50 clients ${peer.name} run ${r + 1}`, () =>
          runP1(peer, { docs: [fresh(peer, peer.singleDoc, r)], clientsPerDoc: S.p1a.clients, seconds: S.p1a.seconds, cps: S.p1a.cps }),
        );
        if (res) push(p1a, peer.name, res);
        const split = res?.otherInstance
          ? ` (typist's instance p50 ${fmt(res.sameInstance!.p50)} p99 ${fmt(res.sameInstance!.p99)}; other instance p50 ${fmt(res.otherInstance.p50)} p99 ${fmt(res.otherInstance.p99)})`
          : '';
        log(`P1 ${S.p1a.clients} clients/1 doc  ${peer.name.padEnd(24)} run ${r + 1}: p50 ${fmt(res?.p50 ?? NaN)} ms p99 ${fmt(res?.p99 ?? NaN)} ms first ${fmt(res?.firstP50 ?? NaN)} ms cpu ${fmt(res?.cpuMsPer1000 ?? NaN)} ms/1k ${res?.converged ? 'converged' : `NOT CONVERGED ${res?.note ?? ''}`}${split}`);
      }
    }
    // Only the one-document case runs on these: stop them before the many-document case (motebok on PostgreSQL stays
    // up for P2 when P2 runs).
    if (cluster) {
      await cluster.stop();
      stoppers.splice(stoppers.indexOf(cluster.stop), 1);
    }
    if (motePg && !only.has('p2')) {
      await motePg.stop();
      stoppers.splice(stoppers.indexOf(motePg.stop), 1);
      motePg = null;
    }
    for (let r = 0; r < runs; r++) {
      for (const peer of rotate([...peers, ...(noIndex ? [noIndex] : [])], r)) {
        const res = await safely(`P1 ${S.p1b.docs} docs ${peer.name} run ${r + 1}`, () =>
          runP1(peer, { docs: peer.manyDocs.slice(0, S.p1b.docs).map((d) => fresh(peer, d, r)), clientsPerDoc: S.p1b.clients, seconds: S.p1b.seconds, cps: S.p1b.cps }),
        );
        if (res) push(p1b, peer.name, res);
        log(`P1 ${S.p1b.docs} docs × ${S.p1b.clients}  ${peer.name.padEnd(24)} run ${r + 1}: p50 ${fmt(res?.p50 ?? NaN)} ms p99 ${fmt(res?.p99 ?? NaN)} ms cpu ${fmt(res?.cpuMsPer1000 ?? NaN)} ms/1k ${res?.converged ? 'converged' : `NOT CONVERGED ${res?.note ?? ''}`}`);
      }
    }
    if (noIndex) {
      await noIndex.stop();
      stoppers.splice(stoppers.indexOf(noIndex.stop), 1);
    }
  }

  if (only.has('p2')) {
    const p2Peers: Peer[] = motePg ? [...peers, motePg] : peers;
    for (let r = 0; r < runs; r++) {
      for (const peer of rotate(p2Peers, r)) {
        const isMote = peer === mote || peer === motePg;
        const offset = peer === motePg ? r * S.p2.docs : S.p1b.docs + r * S.p2.docs;
        const docs = peer.manyDocs.slice(offset, offset + S.p2.docs);
        const m = peer as MotebokPeer;
        const res = await safely(`P2 ${peer.name} run ${r + 1}`, () =>
          runP2(peer, {
            docs,
            writers: S.p2.writers,
            seconds: S.p2.seconds,
            window: S.p2.window,
            perWriter: S.p2.perWriter,
            stored: isMote
              ? async (docName) => (await m.child.request('storedState', { docName, itemId: m.itemIdByDoc[docName] })).sv
              : undefined,
          }),
        );
        if (res) push(p2, peer.name, res);
        log(`P2 ${peer.name.padEnd(24)} run ${r + 1}: ${fmt(res?.rate ?? NaN)} updates/s (${res?.updates ?? 0} in ${fmt(res?.seconds ?? NaN)} s, cpu ${fmt(res?.cpuMsPer1000 ?? NaN)} ms/1k) ${res?.verified ? 'verified' : `NOT VERIFIED ${res?.note ?? ''}`}`);
      }
    }
  }
  if (motePg) {
    await motePg.stop();
    stoppers.splice(stoppers.indexOf(motePg.stop), 1);
  }

  // The peers are not needed past P2.
  for (const peer of [refMem, refLdb, hocus]) {
    await peer.stop();
    stoppers.splice(stoppers.indexOf(peer.stop), 1);
  }

  if (only.has('p3')) {
    const meetingId = mote.manyMeetingIds[mote.manyMeetingIds.length - 1]!;
    const itemId = mote.itemIdByDoc[`minutes:${meetingId}`]!;
    for (let r = 0; r < runs; r++) {
      const res = await safely(`P3 run ${r + 1}`, () => runP3(mote, { meetingId, itemId, subscribers: S.p3.subscribers, changes: S.p3.changes }));
      if (res) p3.push(res);
      log(`P3 ${S.p3.subscribers} subscribers run ${r + 1}: delivery p50 ${fmt(res?.p50 ?? NaN)} ms p99 ${fmt(res?.p99 ?? NaN)} ms, last delivery p99 ${fmt(res?.lastP99 ?? NaN)} ms ${res?.complete ? '' : `INCOMPLETE ${res?.note}`}`);
    }
  }

  if (only.has('p4')) {
    const expected = await expectedAnswer(mote, mote.seedMeetingId);
    // The ceiling in a process of its own: its CPU per request is its own, and it collects no garbage of motebok's.
    const ceiling = await startCeiling(expected.data.meeting);
    stoppers.push(ceiling.stop);
    // motebok twice: executed (its private response cache bypassed) and answered from that cache.
    const mote4 = { url: `${mote.httpUrl}/graphql`, token: mote.token ?? null, sqlStatements: () => mote.child.request<number>('sqlStatements'), cpuMs: mote.cpuMs };
    const targets = {
      motebok: { ...mote4, headers: BYPASS_CACHE },
      cached: mote4,
      ceiling: { url: ceiling.url, token: null, cpuMs: ceiling.cpuMs },
    };
    for (let r = 0; r < runs; r++) {
      for (const key of rotate(['motebok', 'cached', 'ceiling'] as const, r)) {
        const res = await safely(`P4 ${key} run ${r + 1}`, () =>
          runP4(targets[key], { meetingId: mote.seedMeetingId, seconds: S.p4.seconds, connections: S.p4.connections, expected }),
        );
        if (res) p4[key].push(res);
        log(`P4 ${key.padEnd(8)} run ${r + 1}: ${fmt(res?.rps ?? NaN)} req/s p99 ${fmt(res?.p99ms ?? NaN)} ms sql/req ${res?.sqlPerRequest === null || !res ? '-' : fmt(res.sqlPerRequest)} CPU ms/req ${res?.cpuMsPerRequest == null ? '-' : fmt(res.cpuMsPerRequest)} ${res?.correct ? 'correct' : 'WRONG ANSWERS'}`);
      }
    }
    await ceiling.stop();
    stoppers.splice(stoppers.indexOf(ceiling.stop), 1);
  }

  await mote.stop();
  stoppers.splice(stoppers.indexOf(mote.stop), 1);

  if (only.has('p5')) {
    log(`P5: starting motebok with ${S.p5.docs} meetings of ${S.p5.items} items, unloadGraceMs ${S.p5.graceMs}`);
    const m5 = await safely('starting motebok for P5', () =>
      startMotebok({ db: 'sqlite', docs: 0, tenItemMeetings: S.p5.docs, itemsPerMeeting: S.p5.items, unloadGraceMs: S.p5.graceMs }),
    );
    if (m5) {
      stoppers.push(m5.stop);
      for (let r = 0; r < runs; r++) {
        const res = await safely(`P5 run ${r + 1}`, () => runP5(m5, { meetingIds: m5.tenItemMeetingIds, graceMs: S.p5.graceMs, itemsPerDoc: S.p5.items }));
        if (res) p5.push(res);
        log(`P5 run ${r + 1}: baseline ${fmt((res?.baselineBytes ?? NaN) / 1e6)} MB, ${fmt((res?.perDocBytes ?? NaN) / 1024)} KB/doc, after unload ${fmt((res?.residualBytes ?? NaN) / 1024)} KB ${res?.unloaded ? 'unloaded' : 'NOT UNLOADED'} ${res?.correct ? '' : res?.note}`);
      }
      await m5.stop();
      stoppers.splice(stoppers.indexOf(m5.stop), 1);
    }
  }

  writeResults([...peers.map((p) => p.name), ...(noIndex ? [noIndex.name] : [])]);
}

const hardLimit = setTimeout(() => {
  console.error('bench: hard time limit (15 min) reached; stopping');
  void stopAll().then(() => process.exit(2));
}, 15 * 60_000);
hardLimit.unref();

main()
  .then(async () => {
    await stopAll();
    log('done');
    process.exit(figures.problems.length ? 1 : 0);
  })
  .catch(async (error) => {
    console.error(error);
    await stopAll();
    process.exit(1);
  });
