/**
 * Sak numbers in running text, as real documents print them: "PS 109/17", "RS 3/19", "Sak nr. 47/09",
 * "Sak 015/12:", "R-27/19", "R.34/19", "Sak 1:", "Sak 44 /2014", "24a/2017", and bare in an agenda ("001/15 Title",
 * "49/06 Title"), including numbers whose digits the PDF text lost ("/06 Title", "/2016 Title", "/: TITLE").
 * A bare or broken number counts only inside a run of agenda entries whose numbers follow each other; a number
 * printed after "til", "i", "fra", "Rapport" and the like is a reference, not an item. Ranges ("Saknr.: 206/12-243/12",
 * "Fra saksnr: 61 Til saksnr. 74") are read apart.
 */

export type MarkerKind = 'keyword' | 'bare' | 'broken';

export interface SakMarker {
  start: number;
  /** Where the title begins. */
  end: number;
  seq: number | null;
  /** Four-digit year, or null when none is printed. */
  year: number | null;
  suffix: string;
  printed: string;
  kind: MarkerKind;
}

const TITLE_START = /^\s*(?:["«„“(]?[\p{Lu}\d]|$)/u;
/** Words after which a number is a reference to an item, not the item itself. */
const REFERENCE_WORDS = new Set([
  'til', 'i', 'fra', 'frå', 'under', 'om', 'for', 'av', 'som', 'ny', 'nye', 'jf', 'jfr', 'og', 'mot', 'etter',
  'f.o.m', 'fom', 't.o.m', 'tom', 'rapport', 'sak', 'saker', 'saksnr', 'saknr', 'nr', 'arkivsak', 'arkivsaknr',
  'arkivsaksnr', 'gnr', 'bnr', 'lov', 'ref', 'vedtak', 'ks', 'kst', 'fsk', 'se', 'ved', 'med', 'over',
]);

const fourDigitYear = (y: string | undefined): number | null => {
  if (!y) return null;
  const n = Number(y);
  if (y.length === 2) return 2000 + n > new Date().getFullYear() + 1 ? 1900 + n : 2000 + n;
  return y.length === 4 && n >= 1900 && n <= 2100 ? n : null;
};

function previousWord(text: string, at: number): string {
  // Only on the same line: a number that starts a line or page is not a reference.
  const before = text.slice(Math.max(0, at - 30, text.lastIndexOf('\n', at - 1) + 1), at);
  const m = /([\p{L}.]+)[\s:]*$/u.exec(before);
  return m ? m[1]!.toLowerCase().replace(/\.$/, '') : '';
}

function titleFollows(text: string, at: number): boolean {
  return TITLE_START.test(text.slice(at, at + 4));
}

/** Every candidate sak marker in the text, in order. */
export function findMarkers(text: string): SakMarker[] {
  const out: SakMarker[] = [];
  const keyword =
    /(?<![\p{L}\d])(?:(?:PS|RS|OS|DS|FS|US)\s+|R[-.]\s?|(?:Sak|SAK)(?:\s*(?:nr|NR|Nr)\.?)?\s*)(\d{1,4})\s*([a-zæøå])?(?:\s*\/\s*(\d{4}|\d{2}))?(?![\d/])(\s*:)?/gu;
  for (const m of text.matchAll(keyword)) {
    const [whole, seq, suffix, year, colon] = m;
    const end = m.index + whole.length;
    if (!titleFollows(text, end)) continue;
    if (REFERENCE_WORDS.has(previousWord(text, m.index)) && !colon) continue;
    if (!year && !colon) {
      // "Sak 1 Godkjenning …" only at the start of a line; in running text a yearless number needs its colon.
      const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
      if (text.slice(lineStart, m.index).trim()) continue;
    }
    const y = fourDigitYear(year);
    if (year && y === null) continue;
    out.push({ start: m.index, end, seq: Number(seq), year: y, suffix: suffix ?? '', printed: whole.replace(/\s*:$/, '').trim(), kind: 'keyword' });
  }
  // "07 – 2022    Title" at the start of a line, set apart like a table.
  for (const m of text.matchAll(/^([ \t]*)(\d{1,3})[ \t]*[–-][ \t]*(\d{4})(?:[ \t]{2,}|\t)(?=\p{Lu})/gmu)) {
    const y = fourDigitYear(m[3]);
    if (y === null) continue;
    const start = m.index + m[1]!.length;
    out.push({ start, end: m.index + m[0].length, seq: Number(m[2]), year: y, suffix: '', printed: m[0].trim(), kind: 'keyword' });
  }
  const bare = /(?<=^|[\s:])(\d{1,3})([a-zæøå])?\/(\d{4}|\d{2})(?![\d/.,\-–])(?=\s+["«„\p{Lu}])/gmu;
  for (const m of text.matchAll(bare)) {
    if (out.some((k) => m.index >= k.start && m.index < k.end)) continue;
    if (REFERENCE_WORDS.has(previousWord(text, m.index))) continue;
    if (/[-–]\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    const y = fourDigitYear(m[3]);
    if (y === null) continue;
    out.push({ start: m.index, end: m.index + m[0].length, seq: Number(m[1]), year: y, suffix: m[2] ?? '', printed: m[0], kind: 'bare' });
  }
  const broken = /(?<=\s)\/(\d{4}|\d{2})?(:)?(?=\s+["«„\p{Lu}])/gu;
  for (const m of text.matchAll(broken)) {
    if (!m[1] && !m[2]) continue;
    if (out.some((k) => m.index >= k.start && m.index < k.end)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, seq: null, year: fourDigitYear(m[1]), suffix: '', printed: m[0], kind: 'broken' });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** How far apart two entries of one agenda may be (a title and its vedlegg lines). */
const MAX_GAP = 450;

export interface AcceptedMarker extends SakMarker {
  /** The sequence inferred for a broken number from its neighbours. */
  inferredSeq: number | null;
  /** Set for broken-only runs: the item's number is lost. */
  lost: boolean;
}

/**
 * The markers that are items: keyword markers, and bare or broken ones in agenda runs. A broken number in a run
 * gets the sequence its place implies (the one after its predecessor, or before its successor).
 */
export function acceptMarkers(markers: SakMarker[], text: string): AcceptedMarker[] {
  const accepted: AcceptedMarker[] = [];
  const chains: SakMarker[][] = [];
  let chain: SakMarker[] = [];
  const expectedNext = (c: SakMarker[]): number | null => {
    for (let i = c.length - 1; i >= 0; i--) if (c[i]!.seq !== null) return c[i]!.seq! + (c.length - i);
    return null;
  };
  const chainYear = (c: SakMarker[]) => c.find((m) => m.year !== null)?.year ?? null;
  for (const m of markers) {
    const last = chain[chain.length - 1];
    const near = last && m.start - last.end <= MAX_GAP;
    const yearOk = !last || m.year === null || chainYear(chain) === null || chainYear(chain) === m.year;
    const want = expectedNext(chain);
    // A broken number does not continue a run across a blank line (a page break, the next part of the document).
    const blankBetween = last ? /\n[ \t]*\n/.test(text.slice(last.end, m.start)) : false;
    const fits = near && yearOk && (m.seq === null || want === null || m.seq === want) && !(m.seq === null && blankBetween);
    if (fits) chain.push(m);
    else {
      if (chain.length) chains.push(chain);
      chain = [m];
    }
  }
  if (chain.length) chains.push(chain);

  const anyNumbered = chains.some((c) => c.some((m) => m.kind === 'keyword') || (c.length >= 2 && c.some((m) => m.seq !== null)));
  for (const c of chains) {
    const numbered = c.filter((m) => m.seq !== null).length;
    const brokenOnly = numbered === 0;
    const sameForm = c.every((m) => m.printed === c[0]!.printed);
    const run = c.length >= 2 && numbered >= 1;
    const lostRun = brokenOnly && c.length >= 3 && sameForm && !anyNumbered;
    c.forEach((m, i) => {
      if (m.kind === 'keyword') {
        accepted.push({ ...m, inferredSeq: null, lost: false });
        return;
      }
      if (!run && !lostRun) return;
      if (m.seq !== null) {
        accepted.push({ ...m, inferredSeq: null, lost: false });
        return;
      }
      if (lostRun) {
        accepted.push({ ...m, inferredSeq: null, lost: true });
        return;
      }
      let inferred: number | null = null;
      for (let j = i - 1; j >= 0; j--) if (c[j]!.seq !== null) {
        inferred = c[j]!.seq! + (i - j);
        break;
      }
      if (inferred === null) for (let j = i + 1; j < c.length; j++) if (c[j]!.seq !== null) {
        inferred = c[j]!.seq! - (j - i);
        break;
      }
      if (inferred !== null && inferred >= 1) accepted.push({ ...m, year: m.year ?? chainYear(c), inferredSeq: inferred, lost: false });
    });
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/** A bare marker repeating the number of an accepted item (the item's place in the body). */
export function repeatsOf(markers: SakMarker[], accepted: AcceptedMarker[]): SakMarker[] {
  const key = (seq: number | null, year: number | null, suffix: string) => `${seq}/${year}/${suffix}`;
  const known = new Set(accepted.map((a) => key(a.seq ?? a.inferredSeq, a.year, a.suffix)));
  const taken = new Set(accepted.map((a) => a.start));
  return markers.filter((m) => m.kind === 'bare' && !taken.has(m.start) && known.has(key(m.seq, m.year, m.suffix)));
}

export interface ItemRange {
  fromSeq: number;
  toSeq: number;
  year: number | null;
}

/** "Saknr.: 206/12-243/12", "Saksnr.: 001/15-003/15", "Fra saksnr: 61 Til saksnr. 74". */
export function findItemRange(text: string): ItemRange | null {
  let m = /\bsaks?nr\.?\s*:?\s*(\d{1,4})\/(\d{2}|\d{4})\s*[-–]\s*(\d{1,4})\/(\d{2}|\d{4})/iu.exec(text);
  if (m) {
    const year = fourDigitYear(m[2]);
    if (year !== null && year === fourDigitYear(m[4]) && Number(m[3]) >= Number(m[1])) return { fromSeq: Number(m[1]), toSeq: Number(m[3]), year };
  }
  m = /\bfra\s+saksnr\.?\s*:?\s*(\d{1,4})(?:\/(\d{2}|\d{4}))?\s+til\s+saksnr\.?\s*:?\s*(\d{1,4})/iu.exec(text);
  if (m && Number(m[3]) >= Number(m[1]) && Number(m[3]) - Number(m[1]) < 200) {
    return { fromSeq: Number(m[1]), toSeq: Number(m[3]), year: fourDigitYear(m[2]) };
  }
  return null;
}
