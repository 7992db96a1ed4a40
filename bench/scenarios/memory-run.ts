/**
 * `npm run bench -- --only memory [--quick] [--runs N] [--with-tsx]`: the memory scenarios (memory.ts) on every peer, each peer
 * in a fresh process per run (and another for the stalled reader, so one paste's heap does not carry into the
 * other's figures), written to
 * bench/MEMORY.md (bench/MEMORY-partial.md for --quick).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { startHocuspocus } from '../peers/hocuspocus.js';
import { startMotebok } from '../peers/motebok.js';
import type { Peer } from '../peers/types.js';
import { startYWebsocket } from '../peers/ywebsocket.js';
import { args, HERE, log, quick, runs } from '../lib/settings.js';
import { fmt, fmtSpread, spread } from '../lib/stats.js';
import { BUILT_ENTRY, startBuiltMotebok, startNodeArgs } from './memory-built.js';
import { runServing, runStalledReader, type ServingResult, type StalledResult } from './memory.js';

const SIZES = quick
  ? { clients: 10, seconds: 2, cps: 20, pasteBytes: 1024 * 1024, chunks: 4 }
  : { clients: 50, seconds: 5, cps: 20, pasteBytes: 5 * 1024 * 1024, chunks: 10 };

const PEERS: Array<{ name: string; start(): Promise<Peer> }> = [
  { name: 'y-websocket (memory)', start: () => startYWebsocket({ persistence: false, docs: 1 }) },
  { name: 'y-websocket (LevelDB)', start: () => startYWebsocket({ persistence: true, docs: 1 }) },
  { name: 'Hocuspocus (SQLite)', start: () => startHocuspocus({ docs: 1 }) },
  // As production runs it: the bundle `npm start` runs (memory-built.ts). `--with-tsx` adds the bench's own child
  // (bench/peers/motebok-server.ts under tsx: source maps, TypeScript sources and the bench's IPC in the process).
  { name: 'motebok (SQLite, npm start)', start: () => startBuiltMotebok() },
  ...(args.includes('--with-tsx') ? [{ name: 'motebok (SQLite, under tsx)', start: () => startMotebok({ db: 'sqlite', docs: 1 }) }] : []),
];

const MB = (b: number) => b / 1024 / 1024;

export async function runMemoryBench(): Promise<boolean> {
  const serving = new Map<string, ServingResult[]>();
  const stalled = new Map<string, StalledResult[]>();
  const pasteOnly = new Map<string, StalledResult[]>();
  const problems: string[] = [];
  for (let r = 0; r < runs; r++) {
    for (const { name, start } of PEERS) {
      let peer: Peer | null = null;
      try {
        peer = await start();
        // A fresh document name per run for the peers that key documents by name only.
        const fresh = (d: string) => (peer!.textPath.kind === 'root' ? `${d}-mem${r}` : d);
        const s = await runServing(peer, { docName: fresh(peer.singleDoc), clients: SIZES.clients, seconds: SIZES.seconds, cps: SIZES.cps });
        serving.set(name, [...(serving.get(name) ?? []), s]);
        log(`memory ${name.padEnd(22)} run ${r + 1}: idle ${fmt(MB(s.idleBytes))} MB, serving ${SIZES.clients} clients peak ${fmt(MB(s.peakBytes))} MB end ${fmt(MB(s.endBytes))} MB ${s.converged ? 'converged' : 'NOT CONVERGED'}`);
        const plain = await runStalledReader(peer, { docName: fresh(peer.manyDocs[0]!), pasteBytes: SIZES.pasteBytes, chunks: SIZES.chunks, stall: false });
        pasteOnly.set(name, [...(pasteOnly.get(name) ?? []), plain]);
        log(`memory ${name.padEnd(22)} run ${r + 1}: ${fmt(MB(plain.pasteBytes))} MB pasted, every reader reading: +${fmt(MB(plain.peakBytes - plain.beforeBytes))} MB (${fmt(MB(plain.beforeBytes))} → ${fmt(MB(plain.peakBytes))})`);
        // The stalled reader in a fresh process: the first paste's heap must not hide or inflate its cost.
        await peer.stop();
        peer = await start();
        const st = await runStalledReader(peer, { docName: fresh(peer.manyDocs[0]!), pasteBytes: SIZES.pasteBytes, chunks: SIZES.chunks, stall: true });
        stalled.set(name, [...(stalled.get(name) ?? []), st]);
        log(`memory ${name.padEnd(22)} run ${r + 1}: stalled reader, ${fmt(MB(st.pasteBytes))} MB pasted: +${fmt(MB(st.peakBytes - st.beforeBytes))} MB (${fmt(MB(st.beforeBytes))} → ${fmt(MB(st.peakBytes))}), ${st.stalledFate}, ${st.caughtUp ? 'caught up' : `DID NOT CATCH UP ${st.note}`}`);
      } catch (error) {
        const msg = `memory ${name} run ${r + 1}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
        problems.push(msg);
        log(`FAILED ${msg}`);
      } finally {
        await peer?.stop();
      }
    }
  }

  const f = (xs: number[]) => fmtSpread(spread(xs));
  const L: string[] = [];
  L.push('# Memory (RSS of the server process)', '');
  L.push(`- Command: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\`${quick ? ' (quick sizes)' : ''}; ${new Date().toISOString().slice(0, 16)} UTC, ${cpus().length} cores, load average at the end ${loadavg()[0]!.toFixed(1)}.`);
  L.push(`- Each server in a fresh child process per run; RSS read from /proc/<pid>/status by the load generator every 50 ms (no forced gc). Median over ${runs} run(s), range in brackets.`);
  L.push(`- Serving: ${SIZES.clients} stock y-websocket / Hocuspocus providers on one document (motebok: the seed meeting's referat, as \`npm start\` seeds it, in the production build \`npm start\` runs: \`${['node', ...startNodeArgs(), BUILT_ENTRY].join(' ')}\`, NODE_ENV=production), one typing ${SIZES.cps} characters/s for ${SIZES.seconds} s.`);
  L.push(`- Stalled reader: a writer pastes ${fmt(MB(SIZES.pasteBytes))} MB in ${SIZES.chunks} updates while one reader keeps reading and another stops reading its socket; growth = peak RSS until the reader has everything (+2 s) − RSS before. The same paste with every client reading (first column) ran in the serving process; the stalled one in a fresh process. The stalled client then resumes, reconnecting if it was closed, and must end with the writer's exact text.`);
  L.push('');
  L.push('| server | idle (MB) | serving: peak (MB) | serving: end (MB) | paste, all reading: growth (MB) | paste, one stalled: growth (MB) | stalled socket | stalled client caught up |');
  L.push('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const { name } of PEERS) {
    const s = serving.get(name) ?? [];
    const st = stalled.get(name) ?? [];
    const po = pasteOnly.get(name) ?? [];
    L.push(
      `| ${name} | ${f(s.map((x) => MB(x.idleBytes)))} | ${f(s.map((x) => MB(x.peakBytes)))} | ${f(s.map((x) => MB(x.endBytes)))} | +${f(po.map((x) => MB(x.peakBytes - x.beforeBytes)))} | +${f(st.map((x) => MB(x.peakBytes - x.beforeBytes)))} | ${[...new Set(st.map((x) => x.stalledFate))].join(', ') || '–'} | ${st.length ? (st.every((x) => x.caughtUp) ? 'yes' : 'NO') : '–'} |`,
    );
  }
  L.push('');
  L.push('Targets (issue 17): motebok serving the seed with 50 clients ≤ 150 MB; a stalled reader during a 5 MB paste ≤ +20 MB.');
  if (problems.length) L.push('', 'Problems:', '', ...problems.map((p) => `- ${p}`));
  L.push('');
  const out = `${HERE}${quick ? 'MEMORY-partial.md' : 'MEMORY.md'}`;
  writeFileSync(out, L.join('\n'));
  log(`wrote ${out}`);
  return problems.length === 0;
}
