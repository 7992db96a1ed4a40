/** The real documents in test/fixtures/ and small readers of their text. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The path of a file in test/fixtures/. */
export const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The text of a file in test/fixtures/. */
export const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');

/** Whitespace (line breaks, no-break spaces) collapsed to single spaces. */
export const squash = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** Every text that follows a "Vedtak:" line of a document (blank lines before it skipped), as one paragraph. */
export function vedtakTexts(doc: string): string[] {
  const lines = doc.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== 'Vedtak:') continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const para: string[] = [];
    while (j < lines.length && lines[j]!.trim() !== '') para.push(lines[j++]!.trim());
    out.push(para.join(' '));
  }
  return out;
}
