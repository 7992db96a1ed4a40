/** The archive bench's section of bench/RESULTS.md, kept between markers so that the rest of the file is left alone. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fmt } from '../lib/stats.js';
import type { ArchiveSize } from './archive-data.js';
import { PAGE_WALKS, QUERIES, type ArchiveResult, type TimedSet } from './archive.js';
import { cpus, loadavg } from 'node:os';

export const ARCHIVE_START = '<!-- archive:start -->';
export const ARCHIVE_END = '<!-- archive:end -->';

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${fmt(bytes / 2 ** 20, 1)} MiB`);
const row = (t: TimedSet, q: string) => `| ${t.label} | \`${q}\` | ${fmt(t.hits ?? Number.NaN, 0)} | ${fmt(t.p50)} | ${fmt(t.p99)} | ${t.count} |`;

export function archiveMarkdown(results: ArchiveResult[], size: ArchiveSize, rounds: number, command: string, skipped: string | null): string {
  const out: string[] = [];
  const L = (text: string) => out.push(text);
  const meetings = size.years * size.bodies * size.meetingsPerYear;
  L(`## Archive: search and meeting lists`);
  L('');
  L(`- Command: \`${command}\`; ${new Date().toISOString()}`);
  L(`- A synthetic archive of ${size.years} years × ${size.bodies} bodies × ${size.meetingsPerYear} meetings × ${size.itemsPerMeeting} items (${meetings} meetings, ${meetings * size.itemsPerMeeting} items, a quarter of them with two sub-items; introduction, forslag, vedtak and notes of 1–6 sentences of Norwegian municipal vocabulary each), built by **direct bulk insert through the ORM** in the bench process (bench/scenarios/archive-data.ts), not through the services. The last year's last four meetings are held, notified and planned; the rest approved; one item in 25 is closed.`);
  L('- The index is then built from nothing in the bench process (SearchIndexer.reindex, 100 meetings per transaction). "Re-index one meeting" is what one debounced re-index costs while someone types in that meeting.');
  L(`- Then the real server runs in a child process (NODE_ENV=production) and is timed from the bench over HTTP as the public (no token): ${rounds} rounds of the ${results[0]?.searchByQuery.length ?? 0} searches below (after one warm-up round), one request at a time, \`first: 20\` with highlights, title parts and the meeting of each hit. "In the store" is the same searches without HTTP and GraphQL.`);
  L(`- Pages: \`meetingsConnection(first: 50, after:)\` with each meeting's id, title, date, status, place and body name, walked from the first page to the last as a client does, ${PAGE_WALKS} times after a warm-up walk: all bodies (newest first), and each body in turn. Statements per page: the server's own SQL count over the walks of all bodies. PostgreSQL is \`vacuum analyze\`d after the build, as autovacuum would.`);
  if (skipped) L(`- PostgreSQL: skipped (${skipped}).`);
  L(`- Load average (1 min) while searching / while paging: ${results.map((r) => `${r.db} ${r.load.search.toFixed(1)} / ${r.load.pages.toFixed(1)}`).join(', ')}; at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}, on ${cpus().length} cores: above ≈ 2 the machine was shared with other work and absolute figures are upper bounds.`);
  L('');
  L(`| figure | ${results.map((r) => (r.db === 'sqlite' ? 'SQLite' : 'PostgreSQL')).join(' | ')} |`);
  L(`| --- |${results.map(() => ' ---: |').join('')}`);
  const line = (label: string, f: (r: ArchiveResult) => string) => L(`| ${label} | ${results.map(f).join(' | ')} |`);
  line('insert the archive', (r) => `${fmt(r.buildSeconds, 1)} s`);
  line('build the index', (r) => `${fmt(r.indexSeconds, 1)} s (${fmt(r.meetings / r.indexSeconds, 0)} meetings/s)`);
  line('index entries', (r) => fmt(r.indexEntries, 0));
  line('index size', (r) => mb(r.indexBytes));
  line('database size (with the index)', (r) => mb(r.databaseBytes));
  line('re-index one meeting p50 / p99', (r) => `${fmt(r.reindexOne.p50)} / ${fmt(r.reindexOne.p99)} ms`);
  line('**search p50 / p99 (HTTP)**', (r) => `**${fmt(r.search.p50)} / ${fmt(r.search.p99)} ms**`);
  line('search in the store p50 / p99', (r) => `${fmt(r.storeSearch.p50)} / ${fmt(r.storeSearch.p99)} ms`);
  for (const [i, label] of (results[0]?.pages ?? []).map((t) => t.label).entries()) {
    line(`**${label}** p50 / p99`, (r) => `**${fmt(r.pages[i]!.p50)} / ${fmt(r.pages[i]!.p99)} ms** (${r.pages[i]!.count} pages)`);
  }
  line('SQL statements per page', (r) => fmt(r.statementsPerPage, 1));
  line('server CPU per search / per page (mean; PostgreSQL\'s own work not included)', (r) => `${fmt(r.serverCpuMs.search, 1)} / ${fmt(r.serverCpuMs.page, 1)} ms`);
  L('');
  for (const r of results) {
    L(`Searches one by one, ${r.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (ms, over HTTP):`);
    L('');
    L('| search | text | hits | p50 | p99 | requests |');
    L('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const [i, t] of r.searchByQuery.entries()) L(row(t, QUERIES[i]![1]));
    L('');
  }
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  L('| target | figure | verdict |');
  L('| --- | --- | --- |');
  for (const r of results) {
    const name = r.db === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    L(`| search p99 < 50 ms (${name}) | ${fmt(r.search.p99)} ms | ${verdict(r.search.p99 < 50)} |`);
    const worst = Math.max(r.pages[0]!.p99, r.pages[1]!.p99);
    L(`| a page of 50 p99 < 20 ms (${name}) | ${fmt(r.pages[0]!.p99)} ms (all bodies), ${fmt(r.pages[1]!.p99)} ms (one body) | ${verdict(worst < 20)} |`);
  }
  L('');
  return out.join('\n');
}

/** Puts the section into RESULTS.md between the markers (appended the first time). */
export function writeArchiveSection(file: string, markdown: string): void {
  const block = `${ARCHIVE_START}\n${markdown}\n${ARCHIVE_END}`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# motebok benchmark results\n';
  const start = old.indexOf(ARCHIVE_START);
  const end = old.indexOf(ARCHIVE_END);
  const next = start >= 0 && end > start ? `${old.slice(0, start)}${block}${old.slice(end + ARCHIVE_END.length)}` : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

/** The section as it stands in a RESULTS.md text (for the full suite, which rewrites the rest of the file). */
export function archiveSectionOf(text: string): string | null {
  const start = text.indexOf(ARCHIVE_START);
  const end = text.indexOf(ARCHIVE_END);
  return start >= 0 && end > start ? text.slice(start, end + ARCHIVE_END.length) : null;
}
