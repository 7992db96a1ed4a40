/**
 * Imports innkallinger and referater into the configured database.
 *
 *   npm run import -- FILE… [--apply]        (tsx server/documents/import-cli.ts FILE… [--apply])
 *
 * Without --apply it is a dry run: every file is planned inside one transaction that is rolled back at the end (so a
 * referat sees the meeting its innkalling, earlier on the command line, would create) and the changes are printed.
 * With --apply each file is written in its own transaction. Exit code 1 when a file cannot be read or parsed at all,
 * or its import fails; 2 for a usage error.
 */
import { readFile } from 'node:fs/promises';
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
import { formatReport, type ImportReport } from './import-report.js';
import { parseDocument } from './parse-common.js';

export interface ImportFilesResult {
  reports: { file: string; report: ImportReport }[];
  failures: { file: string; error: string }[];
}

class DryRunRollback extends Error {}

/** Imports the files in order, printing progress ("[3/40] file: …") through `write`. */
export async function importFiles(
  em: EntityManager,
  files: string[],
  opts: { apply: boolean; write?: (line: string) => void; /** The live documents, when applying (their logs get the texts too). */ sync?: MinutesSync },
): Promise<ImportFilesResult> {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const result: ImportFilesResult = { reports: [], failures: [] };

  const one = async (tx: EntityManager, file: string, i: number) => {
    const prefix = `[${i + 1}/${files.length}] ${file}:`;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      result.failures.push({ file, error: `cannot read: ${(e as Error).message}` });
      write(`${prefix} cannot read: ${(e as Error).message}`);
      return;
    }
    try {
      const parsed = parseDocument(text);
      // A dry run plans every file in one transaction that is rolled back: nothing reaches the live documents.
      const report = await systemImport(tx, opts.apply ? opts.sync : undefined).apply(parsed.document, {
        apply: true,
        unplaced: parsed.unplaced,
        attachmentTitles: parsed.attachmentTitles,
      });
      if (!opts.apply) report.applied = false;
      result.reports.push({ file, report });
      write(`${prefix} ${formatReport(report)}`);
    } catch (e) {
      result.failures.push({ file, error: (e as Error).message });
      write(`${prefix} failed: ${(e as Error).message}`);
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

const USAGE = 'usage: import-cli FILE… [--apply]\n  Imports innkallinger and referater; a dry run unless --apply is given.';

export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const apply = args.includes('--apply');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--apply');
  const files = args.filter((a) => !a.startsWith('--'));
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (unknown.length || !files.length) {
    process.stderr.write(`${unknown.length ? `unknown option ${unknown.join(' ')}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = pino({ level: config.logLevel === 'info' || config.logLevel === 'debug' || config.logLevel === 'trace' ? 'warn' : config.logLevel }, pino.destination(2));
  const { orm } = await openDatabase(config.database, log);
  // Applying goes through the services like any change, live referater included: their update logs get the texts.
  const live = apply ? createLiveMinutes(orm, createEvents(), log, async () => PUBLIC_VIEWER) : null;
  try {
    if (!apply) process.stdout.write('Dry run: nothing is written (add --apply to write).\n');
    const { reports, failures } = await importFiles(orm.em.fork(), files, { apply, sync: live?.binding.sync });
    const created = reports.reduce((n, r) => n + r.report.created.length, 0);
    const updated = reports.reduce((n, r) => n + r.report.updated.length, 0);
    const unplaced = reports.reduce((n, r) => n + r.report.unplaced.length, 0);
    process.stdout.write(
      `${apply ? 'Imported' : 'Checked'} ${reports.length} of ${files.length} file(s): ${created} ${apply ? 'created' : 'to create'}, ` +
        `${updated} ${apply ? 'changed' : 'to change'}, ${unplaced} unplaced line(s), ${failures.length} failed.\n`,
    );
    return failures.length ? 1 : 0;
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
