/**
 * The text of a real document as the loose reader sees it: furniture recognised and set aside (a stored page's
 * "source:" line, the boilerplate of PDF transcripts such as "Størrelse: px", "Begynne med side:", "Download …",
 * "Transkript", "Save this PDF as:"), the document's title lines, page numbers at the start of a transcript's page
 * lines, and one flat string of the rest with a map back to line numbers.
 */

export interface SourceText {
  /** The text the reader works on: every content line, joined with "\n". */
  flat: string;
  /** For each line of `flat`, its line number (1-based) in the source. */
  lineNumbers: number[];
  /** Offsets in `flat` where each of its lines starts. */
  lineStarts: number[];
  /** Title lines (the heading of a stored page, the quoted title of a transcript's download line). */
  titles: string[];
  /** Line numbers of furniture that was recognised and set aside. */
  furniture: number[];
}

const FURNITURE = [
  /^source:\s*\S+$/i,
  /^størrelse:\s*px$/i,
  /^begynne med side:?$/i,
  /^transkript$/i,
  /^save this pdf as:?$/i,
  /^(?:word|png|txt|jpg|pdf)(?:\s+(?:word|png|txt|jpg|pdf))+$/i,
  /^gå til innhold\b/i,
];
const DOWNLOAD = /^download\s+["“](.+)["”]$/i;
/** A PDF transcript page: one long line that starts with its page number. */
const PAGE_LINE = /^(\d{1,3})\s+(?=\S)/;

export function sourceText(text: string): SourceText {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const titles: string[] = [];
  const furniture: number[] = [];
  // A transcript: everything above its "Transkript" line is the stored page's title block.
  const transcriptAt = raw.findIndex((l) => /^\s*transkript\s*$/i.test(l));
  const flatLines: string[] = [];
  const lineNumbers: number[] = [];
  raw.forEach((rawLine, i) => {
    const no = i + 1;
    // Markdown marks (from a DOCX's headings and bold runs) carry nothing the loose reader uses.
    const line = rawLine
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\t/g, '    ')
      .replace(/\*\*/g, '')
      .replace(/^#{1,6}\s+/, '')
      .replace(/\s+$/, '');
    const t = line.trim();
    if (!t) {
      flatLines.push('');
      lineNumbers.push(no);
      return;
    }
    if (FURNITURE.some((re) => re.test(t))) {
      furniture.push(no);
      return;
    }
    const dl = DOWNLOAD.exec(t);
    if (dl) {
      titles.push(dl[1]!);
      furniture.push(no);
      return;
    }
    if (transcriptAt >= 0 && i < transcriptAt) {
      titles.push(t);
      furniture.push(no);
      return;
    }
    if (!titles.length && transcriptAt < 0) titles.push(t);
    let content = line;
    if (transcriptAt >= 0 && t.length > 200 && PAGE_LINE.test(t)) content = t.replace(PAGE_LINE, '').replace(/\s+\d{1,3}$/, '');
    flatLines.push(content);
    lineNumbers.push(no);
  });
  const lineStarts: number[] = [];
  let offset = 0;
  for (const l of flatLines) {
    lineStarts.push(offset);
    offset += l.length + 1;
  }
  return { flat: flatLines.join('\n'), lineNumbers, lineStarts, titles, furniture };
}
