/**
 * Measures the importer against hand counts of real documents.
 *
 *   npm run import:eval [-- EXPECTED.json] [--verbose]
 *
 * EXPECTED.json (default test/fixtures/corpus/expected-counts.json) lists per file, as counted by hand: the sak
 * numbers printed whole, how many are printed broken, present, forfall and substitutes. Prints, per document and in
 * total, expected against found, and exits 1 when the totals fall below the acceptance figures (90 % of sak
 * numbers, 85 % of documents with attendance counts right, no document failed).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MeetingDocument } from '../../schema/meeting-document.js';
import { parseItemNumber, formatItemNumber } from '../../schema/item-number.js';
import { readDocumentFile } from './import-source.js';
import { attendanceCounts } from './parse/loose/attendance.js';

type Count = number | { min: number } | null;

export interface ExpectedDocument {
  file: string;
  body: string;
  date: string;
  kind: string;
  saker: { numbers: string[]; broken: number; rangeOnly?: boolean };
  present: Count;
  absent: Count;
  substitutes: Count;
}

export interface DocumentScore {
  file: string;
  failed: string | null;
  reader: string;
  date: { expected: string; found: string | null };
  saker: { expected: number; found: number; extra: string[]; missing: string[] };
  present: { expected: Count; found: number | null; right: boolean | null };
  absent: { expected: Count; found: number | null; right: boolean | null };
  substitutes: { expected: Count; found: number | null };
  unplaced: number;
  warnings: string[];
}

const countRight = (expected: Count, found: number): boolean | null =>
  expected === null ? null : typeof expected === 'number' ? found === expected : found >= expected.min;

function rangeNumbers(doc: MeetingDocument): string[] {
  if (!doc.itemRange) return [];
  const a = parseItemNumber(doc.itemRange.from);
  const b = parseItemNumber(doc.itemRange.to);
  if (!a || !b || a.year !== b.year || b.sequence < a.sequence) return [];
  return Array.from({ length: b.sequence - a.sequence + 1 }, (_, i) => formatItemNumber(a.sequence + i, a.year));
}

export function scoreDocument(e: ExpectedDocument, doc: MeetingDocument): Omit<DocumentScore, 'file' | 'failed' | 'reader' | 'unplaced' | 'warnings'> {
  const numbers = new Set([...doc.items.map((i) => i.number).filter(Boolean), ...rangeNumbers(doc)]);
  const foundWhole = e.saker.numbers.filter((n) => numbers.has(n));
  const flagged = doc.items.filter((i) => i.numberInferred || i.numberLost).length;
  const expectedSet = new Set(e.saker.numbers);
  const extra = doc.items.filter((i) => i.number && !expectedSet.has(i.number) && !i.numberInferred).map((i) => i.number);
  const c = attendanceCounts(doc);
  return {
    date: { expected: e.date, found: doc.startsAt.slice(0, 10) },
    saker: {
      expected: e.saker.numbers.length + e.saker.broken,
      found: foundWhole.length + Math.min(e.saker.broken, flagged),
      extra,
      missing: e.saker.numbers.filter((n) => !numbers.has(n)),
    },
    present: { expected: e.present, found: c.present, right: countRight(e.present, c.present) },
    absent: { expected: e.absent, found: c.absent, right: countRight(e.absent, c.absent) },
    substitutes: { expected: e.substitutes, found: c.substitutes },
  };
}

export async function evaluate(expectedPath: string): Promise<{ scores: DocumentScore[]; totals: EvalTotals }> {
  const spec = JSON.parse(await readFile(expectedPath, 'utf8')) as { documents: ExpectedDocument[] };
  const dir = dirname(expectedPath);
  const scores: DocumentScore[] = [];
  for (const e of spec.documents) {
    const base = { file: e.file, reader: '-', unplaced: 0, warnings: [] as string[] };
    try {
      const r = await readDocumentFile(join(dir, e.file));
      scores.push({ ...base, failed: null, reader: `${r.format}/${r.reader}`, unplaced: r.unplaced.length, warnings: r.warnings, ...scoreDocument(e, r.document) });
    } catch (err) {
      const none = { expected: null, found: null, right: false };
      scores.push({
        ...base,
        failed: (err as Error).message,
        date: { expected: e.date, found: null },
        saker: { expected: e.saker.numbers.length + e.saker.broken, found: 0, extra: [], missing: e.saker.numbers },
        present: { ...none, expected: e.present, right: e.present === null ? null : false },
        absent: { ...none, expected: e.absent, right: e.absent === null ? null : false },
        substitutes: { expected: e.substitutes, found: null },
      });
    }
  }
  return { scores, totals: totals(scores) };
}

export interface EvalTotals {
  documents: number;
  failed: number;
  sakerExpected: number;
  sakerFound: number;
  attendanceDocuments: number;
  attendanceRight: number;
  datesRight: number;
  pass: boolean;
}

function totals(scores: DocumentScore[]): EvalTotals {
  const withCounts = scores.filter((s) => s.present.right !== null || s.absent.right !== null);
  const right = withCounts.filter((s) => s.present.right !== false && s.absent.right !== false);
  const t = {
    documents: scores.length,
    failed: scores.filter((s) => s.failed).length,
    sakerExpected: scores.reduce((n, s) => n + s.saker.expected, 0),
    sakerFound: scores.reduce((n, s) => n + s.saker.found, 0),
    attendanceDocuments: withCounts.length,
    attendanceRight: right.length,
    datesRight: scores.filter((s) => s.date.found === s.date.expected).length,
  };
  return {
    ...t,
    pass: t.failed === 0 && t.sakerFound >= 0.9 * t.sakerExpected && t.attendanceRight >= 0.85 * t.attendanceDocuments,
  };
}

const fmt = (c: Count) => (c === null ? '—' : typeof c === 'number' ? String(c) : `≥${c.min}`);
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '—');

export function formatEval({ scores, totals: t }: { scores: DocumentScore[]; totals: EvalTotals }, verbose = false): string {
  const rows = scores.map((s) => {
    const mark = (r: boolean | null) => (r === null ? '' : r ? ' ✓' : ' ✗');
    return (
      `| ${s.file} | ${s.failed ? `FAILED: ${s.failed}` : s.reader} | ${s.date.expected}${s.date.found === s.date.expected ? ' ✓' : ` ✗ ${s.date.found ?? '-'}`} ` +
      `| ${s.saker.found}/${s.saker.expected}${s.saker.extra.length ? ` (+${s.saker.extra.length} extra)` : ''} ` +
      `| ${fmt(s.present.expected)} / ${s.present.found ?? '-'}${mark(s.present.right)} | ${fmt(s.absent.expected)} / ${s.absent.found ?? '-'}${mark(s.absent.right)} ` +
      `| ${fmt(s.substitutes.expected)} / ${s.substitutes.found ?? '-'} | ${s.unplaced} |` +
      (verbose && (s.saker.missing.length || s.saker.extra.length || s.warnings.length)
        ? `\n|  | missing ${s.saker.missing.join(' ') || '-'}; extra ${s.saker.extra.join(' ') || '-'}; ${s.warnings.join('; ')} |`
        : '')
    );
  });
  return [
    '| File | Read as | Date | Saker found/expected | Present exp./found | Forfall exp./found | Substitutes exp./found | Unplaced |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Sak numbers found: ${t.sakerFound} of ${t.sakerExpected} (${pct(t.sakerFound, t.sakerExpected)}; acceptance ≥ 90 %)`,
    `Attendance counts right: ${t.attendanceRight} of ${t.attendanceDocuments} documents (${pct(t.attendanceRight, t.attendanceDocuments)}; acceptance ≥ 85 %)`,
    `Failed: ${t.failed} of ${t.documents} (acceptance 0). Dates right: ${t.datesRight} of ${t.documents}.`,
    t.pass ? 'PASS' : 'BELOW ACCEPTANCE',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const path = resolve(args.find((a) => !a.startsWith('--')) ?? 'test/fixtures/corpus/expected-counts.json');
  const result = await evaluate(path);
  process.stdout.write(`${formatEval(result, args.includes('--verbose'))}\n`);
  return result.totals.pass ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(2);
    },
  );
}
