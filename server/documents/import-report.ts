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
