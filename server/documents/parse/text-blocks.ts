/**
 * Text blocks: how the lines of a paragraph and the paragraphs of a text are joined.
 */

export interface Chunk {
  lines: string[];
  /** A blank line separated it from the previous chunk. */
  blankBefore: boolean;
  /** It began with a list marker ("- ") that the document used as a broken heading marker. */
  marked: boolean;
  firstLineNo: number;
}

export class TextBuffer {
  chunks: Chunk[] = [];
  private pendingBlank = false;
  private lastMarked = false;

  add(text: string, lineNo: number, marked: boolean): void {
    const last = this.chunks[this.chunks.length - 1];
    if (!last || this.pendingBlank || marked || this.lastMarked) {
      this.chunks.push({ lines: [text], blankBefore: this.pendingBlank && Boolean(last), marked, firstLineNo: lineNo });
    } else last.lines.push(text);
    this.pendingBlank = false;
    this.lastMarked = marked;
  }

  blank(): void {
    if (this.chunks.length) this.pendingBlank = true;
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  toText(): string | null {
    return joinChunks(this.chunks);
  }
}

export const LIST_ITEM = /^([*+-]|\d{1,2}[.)])\s+\S/;
export const ENDS_SENTENCE = /[.:;!?»"”)]$/;

/**
 * Joins the chunks of a text: lines of a chunk with "\n"; chunks with "\n" when no blank line separated them or
 * they form a list; with a space when a blank line broke a sentence ("… revisjon og" / "kontroll hos …");
 * otherwise with "\n\n".
 */
export function joinChunks(chunks: Chunk[]): string | null {
  let out = '';
  chunks.forEach((c, i) => {
    const text = c.lines.join('\n');
    if (i === 0) {
      out = text;
      return;
    }
    const prev = chunks[i - 1]!;
    const prevLast = prev.lines[prev.lines.length - 1]!;
    const first = c.lines[0]!;
    let sep = '\n\n';
    if (!c.blankBefore) sep = '\n';
    else if (LIST_ITEM.test(first) && (LIST_ITEM.test(prev.lines[0]!) || prevLast.endsWith(':'))) sep = '\n';
    else if (!ENDS_SENTENCE.test(prevLast) && /^\p{Ll}/u.test(first) && !LIST_ITEM.test(prevLast)) sep = ' ';
    out += sep + text;
  });
  return out.length ? out : null;
}

