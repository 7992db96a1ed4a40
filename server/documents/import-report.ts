/**
 * What importing one document did (or, in a dry run, would do): plain, serialisable data.
 */
import type { DocumentKind } from '../../schema/meeting-document.js';
import type { UnplacedLine } from './parse-common.js';

export interface ImportReport {
  kind: DocumentKind;
  meeting: {
    body: string;
    /** The meeting day, "YYYY-MM-DD" (Oslo). */
    date: string;
    /** The meeting did not exist before this import. */
    created: boolean;
  };
  /** What was (or would be) created, e.g. "person Erik Kjeldstadli (Bærum)", "sak 21/2017 Referat fra …". */
  created: string[];
  /** What was (or would be) changed, e.g. "sak 21/2017: notes", "meeting Rådmannsgruppen 14.09.2017: status HELD". */
  updated: string[];
  /** Lines of the document that could not be placed, with their line numbers. */
  unplaced: UnplacedLine[];
  warnings: string[];
  /** False for a dry run: nothing was written. */
  applied: boolean;
}

export function emptyReport(kind: DocumentKind, body: string, date: string): ImportReport {
  return { kind, meeting: { body, date, created: false }, created: [], updated: [], unplaced: [], warnings: [], applied: false };
}

/** Human-readable lines for the command line. */
export function formatReport(report: ImportReport): string {
  const dry = !report.applied;
  const verb = (done: string, would: string) => (dry ? would : done);
  const [y, m, d] = report.meeting.date.split('-');
  const lines = [
    `${report.kind} ${report.meeting.body} ${d}.${m}.${y}: meeting ${
      report.meeting.created ? verb('created', 'would be created') : 'exists'
    }; ${report.created.length} ${verb('created', 'to create')}, ${report.updated.length} ${verb('changed', 'to change')}` +
      (report.unplaced.length ? `, ${report.unplaced.length} unplaced line(s)` : '') +
      (report.warnings.length ? `, ${report.warnings.length} warning(s)` : ''),
  ];
  for (const c of report.created) lines.push(`  + ${c}`);
  for (const u of report.updated) lines.push(`  ~ ${u}`);
  for (const u of report.unplaced) lines.push(`  ? line ${u.line}: ${u.text}`);
  for (const w of report.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}

/** One file of a batch import: what was read from it and what importing it did. */
export interface FileSummary {
  file: string;
  /** "text", "docx", "pdf", "html"; null when the file could not be read. */
  format: string | null;
  /** Which reader read it: the line engine ("lines") or the loose reader ("loose"). */
  reader: string | null;
  /** "Kommunestyret 27.08.2015" */
  meeting: string | null;
  kind: DocumentKind | null;
  saker: number;
  /** Items whose number was printed broken and inferred, or lost. */
  sakerFlagged: number;
  /** "206/2012–243/2012" when the document gives its items as a range. */
  range: string | null;
  present: number | null;
  absent: number | null;
  unplaced: UnplacedLine[];
  warnings: string[];
  /** "created", "changed", "unchanged", "checked" (dry run) or the reason it failed. */
  result: string;
  failed: boolean;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The per-file summary table (Markdown), as printed at the end of a batch and written to --report. */
export function formatSummaryTable(files: FileSummary[]): string {
  const rows = files.map((f) =>
    [
      f.file,
      f.format ?? '-',
      f.meeting ? `${f.kind ?? ''} ${f.meeting}`.trim() : '-',
      f.failed ? '-' : `${f.saker}${f.sakerFlagged ? ` (${f.sakerFlagged} flagged)` : ''}${f.range ? `; range ${f.range}` : ''}`,
      f.present === null ? '-' : `${f.present} / ${f.absent ?? 0}`,
      String(f.unplaced.length),
      String(f.warnings.length),
      f.result,
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| File | Format | Meeting | Saker | Present / forfall | Unplaced | Warnings | Result |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

/** The report file: the table, then per file its warnings and unplaced lines (with line numbers). */
export function formatBatchReport(files: FileSummary[], opts: { apply: boolean }): string {
  const out = [`# Import report (${opts.apply ? 'applied' : 'dry run'})`, '', formatSummaryTable(files), ''];
  for (const f of files) {
    if (!f.warnings.length && !f.unplaced.length && !f.failed) continue;
    out.push(`## ${f.file}`, '');
    if (f.failed) out.push(`Failed: ${f.result}`, '');
    for (const w of f.warnings) out.push(`- ${w}`);
    for (const u of f.unplaced) out.push(`- line ${u.line}, not placed: ${u.text}`);
    out.push('');
  }
  return out.join('\n');
}
