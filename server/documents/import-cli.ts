/**
 * Imports meeting documents (innkallinger, sakslister, referater, protokoller, møtebøker) into the configured
 * database: text or Markdown, DOCX, PDF and HTML, told apart by their content.
 *
 *   npm run import -- PATH… [--apply] [--report report.md] [--date YYYY-MM-DD] [--body NAME]
 *
 * PATH is a file or a folder (its files, sorted by name; hidden files, README files and .json files are left out).
 * Without --apply it is a dry run: every file is planned inside one transaction that is rolled back at the end (so a
 * referat sees the meeting its innkalling, earlier on the command line, would create) and the changes are printed.
 * With --apply each file is written in its own transaction. --date and --body stand in where a document gives no
 * date or body. Progress is printed per file, then a summary table; --report writes the table with every warning
 * and unplaced line to a Markdown file. Exit code 1 when a file cannot be read or parsed at all, or its import
 * fails; 2 for a usage error.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EntityManager } from '@mikro-orm/core';
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { PUBLIC_VIEWER } from '../auth/viewer.js';
import { createLiveMinutes } from '../collab-wiring.js';
import { openDatabase } from '../db/orm.js';
import { createEvents } from '../pubsub.js';
import { systemImport } from '../services/import/import-service.js';
import type { MinutesSync } from '../services/minutes-sync.js';
import { readDocumentFile } from './import-source.js';
import { formatBatchReport, formatReport, formatSummaryTable, type FileSummary, type ImportReport } from './import-report.js';
import { attendanceCounts } from './parse/loose/attendance.js';
import { MissingDateError } from './parse/loose/read-loose.js';

export interface ImportFilesResult {
  reports: { file: string; report: ImportReport }[];
  failures: { file: string; error: string }[];
  /** Files with saker that could not be imported without more input (no date anywhere: give --date). */
  needsInput: { file: string; error: string }[];
  summaries: FileSummary[];
}

export interface ImportOptions {
  apply: boolean;
  write?: (line: string) => void;
  /** Stand-ins where a document gives no date ("YYYY-MM-DD") or body. */
  date?: string;
  body?: string;
  /** The live documents, when applying (their update logs get the imported texts too). */
  sync?: MinutesSync;
}

class DryRunRollback extends Error {}

const short = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** Imports the files in order, printing progress ("[3/40] file: …") through `write`. */
export async function importFiles(em: EntityManager, files: string[], opts: ImportOptions): Promise<ImportFilesResult> {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const result: ImportFilesResult = { reports: [], failures: [], needsInput: [], summaries: [] };

  const one = async (tx: EntityManager, file: string, i: number) => {
    const prefix = `[${i + 1}/${files.length}] ${file}:`;
    const summary: FileSummary = {
      file, format: null, reader: null, meeting: null, kind: null, saker: 0, sakerFlagged: 0, range: null,
      present: null, absent: null, unplaced: [], warnings: [], result: '', failed: false,
    };
    const fail = (error: string) => {
      result.failures.push({ file, error });
      summary.failed = true;
      summary.result = error;
      result.summaries.push(summary);
      write(`${prefix} ${error}`);
    };
    let parsed: Awaited<ReturnType<typeof readDocumentFile>>;
    try {
      parsed = await readDocumentFile(file, { date: opts.date, body: opts.body });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (e instanceof MissingDateError && e.saker > 0) {
        // A document with saker is not a failure: it needs its date from the caller.
        result.needsInput.push({ file, error: err.message });
        summary.result = `needs --date (${e.saker} saker found)`;
        summary.saker = e.saker;
        result.summaries.push(summary);
        write(`${prefix} ${err.message}`);
        return;
      }
      fail(err.code ? `cannot read: ${err.message}` : `failed: ${err.message}`);
      return;
    }
    const doc = parsed.document;
    Object.assign(summary, {
      format: parsed.format,
      reader: parsed.reader,
      meeting: `${doc.body} ${short(doc.startsAt)}`,
      kind: doc.kind,
      saker: doc.items.length,
      sakerFlagged: doc.items.filter((it) => it.numberInferred || it.numberLost).length,
      range: doc.itemRange ? `${doc.itemRange.from}–${doc.itemRange.to}` : null,
      unplaced: parsed.unplaced,
      warnings: [...parsed.warnings],
    });
    if (doc.kind === 'referat') {
      const c = attendanceCounts(doc);
      summary.present = c.present;
      summary.absent = c.absent;
    }
    try {
      // A dry run plans every file in one transaction that is rolled back: nothing reaches the live documents.
      const report = await systemImport(tx, opts.apply ? opts.sync : undefined).apply(doc, { apply: true, unplaced: parsed.unplaced, attachmentTitles: parsed.attachmentTitles });
      if (!opts.apply) report.applied = false;
      report.warnings.unshift(...parsed.warnings);
      summary.warnings = report.warnings;
      summary.result = !opts.apply
        ? 'checked'
        : report.meeting.created
          ? 'created'
          : report.created.length || report.updated.length
            ? 'changed'
            : 'unchanged';
      result.reports.push({ file, report });
      result.summaries.push(summary);
      write(`${prefix} ${formatReport(report)}`);
    } catch (e) {
      fail(`failed: ${(e as Error).message}`);
    }
  };

  if (opts.apply) {
    for (const [i, file] of files.entries()) await one(em.fork(), file, i);
  } else {
    try {
      await em.fork().transactional(async (tx) => {
        for (const [i, file] of files.entries()) await one(tx, file, i);
        throw new DryRunRollback();
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
  }
  return result;
}

/** Files and folders on the command line as files: a folder's own files, sorted by name. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      // A missing file is reported when it is read.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const entries = await readdir(p, { withFileTypes: true });
    out.push(
      ...entries
        .filter((e) => e.isFile() && !e.name.startsWith('.') && !/^readme\b/i.test(e.name) && !/\.json$/i.test(e.name))
        .map((e) => join(p, e.name))
        .sort((a, b) => a.localeCompare(b)),
    );
  }
  return out;
}

const USAGE =
  'usage: import-cli PATH… [--apply] [--report FILE.md] [--date YYYY-MM-DD] [--body NAME]\n' +
  '  Imports meeting documents (text, Markdown, DOCX, PDF, HTML; files or folders); a dry run unless --apply is given.';

function parseArgs(args: string[]): { apply: boolean; report?: string; date?: string; body?: string; paths: string[]; error?: string } {
  const out: ReturnType<typeof parseArgs> = { apply: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--apply') out.apply = true;
    else if (a === '--report' || a === '--date' || a === '--body') {
      const v = args[++i];
      if (!v || v.startsWith('--')) return { ...out, error: `${a} needs a value` };
      if (a === '--date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return { ...out, error: '--date must be YYYY-MM-DD' };
      out[a.slice(2) as 'report' | 'date' | 'body'] = v;
    } else if (a.startsWith('--')) return { ...out, error: `unknown option ${a}` };
    else out.paths.push(a);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (parsed.error || !parsed.paths.length) {
    process.stderr.write(`${parsed.error ? `${parsed.error}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const { apply } = parsed;
  const files = await expandPaths(parsed.paths);
  const config = loadConfig();
  const level = config.logLevel === 'info' || config.logLevel === 'debug' || config.logLevel === 'trace' ? 'warn' : config.logLevel;
  const log = pino({ level }, pino.destination(2));
  const { orm } = await openDatabase(config.database, log);
  // Applying goes through the services like any change, live referater included: their update logs get the texts.
  const live = apply ? createLiveMinutes(orm, createEvents(), log, async () => PUBLIC_VIEWER) : null;
  try {
    if (!apply) process.stdout.write('Dry run: nothing is written (add --apply to write).\n');
    const { reports, failures, needsInput, summaries } = await importFiles(orm.em.fork(), files, { apply, date: parsed.date, body: parsed.body, sync: live?.binding.sync });
    const created = reports.reduce((n, r) => n + r.report.created.length, 0);
    const updated = reports.reduce((n, r) => n + r.report.updated.length, 0);
    const unplaced = reports.reduce((n, r) => n + r.report.unplaced.length, 0);
    process.stdout.write(`\n${formatSummaryTable(summaries)}\n\n`);
    process.stdout.write(
      `${apply ? 'Imported' : 'Checked'} ${reports.length} of ${files.length} file(s): ${created} ${apply ? 'created' : 'to create'}, ` +
        `${updated} ${apply ? 'changed' : 'to change'}, ${unplaced} unplaced line(s), ${failures.length} failed` +
        `${needsInput.length ? `, ${needsInput.length} need --date` : ''}.\n`,
    );
    if (parsed.report) {
      await writeFile(parsed.report, `${formatBatchReport(summaries, { apply })}\n`);
      process.stdout.write(`Report written to ${parsed.report}.\n`);
    }
    return failures.length || needsInput.length ? 1 : 0;
  } finally {
    await live?.close();
    await orm.close(true);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
