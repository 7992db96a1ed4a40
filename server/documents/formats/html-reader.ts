/**
 * The text of an HTML page (a municipality's meeting page, or mammoth's rendering of a DOCX) by htmlparser2: block
 * elements start new lines, table rows become one line with their cells apart, list items become "- " lines;
 * scripts, styles and navigation are left out. With `markdown` (for DOCX, whose renderings set each line as a
 * paragraph of its own), headings and bold text keep their Markdown marks and paragraphs are lines: a blank line
 * stands only around headings.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'pre', 'address',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot',
  'tr', 'caption', 'form', 'fieldset', 'figure', 'figcaption', 'hr',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'head', 'iframe', 'svg', 'button', 'select']);
/** Cells of a row are set apart by as many spaces as the line engine reads as a column gap. */
const CELL_GAP = '      ';

export function htmlToText(html: string, opts: { markdown?: boolean } = {}): string {
  const dom = parseDocument(html, { decodeEntities: true });
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const t = current.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (t && !/^[*-]$/.test(t)) lines.push(t);
    else if (!opts.markdown && lines.length && lines[lines.length - 1] !== '') lines.push('');
    current = '';
  };
  const inline = (nodes: ChildNode[]): string => {
    let out = '';
    for (const n of nodes) {
      if (n.type === 'text') out += (n as unknown as { data: string }).data.replace(/\s+/g, ' ');
      else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
        const el = n as Element;
        const name = el.name.toLowerCase();
        if (SKIP.has(name)) continue;
        if (name === 'br') out += '\n';
        else if (opts.markdown && (name === 'strong' || name === 'b')) {
          const inner = inline(el.children);
          out += inner.trim() ? `**${inner.trim()}**${/\s$/.test(inner) ? ' ' : ''}` : inner;
        } else if (opts.markdown && (name === 'em' || name === 'i')) {
          const inner = inline(el.children);
          out += inner.trim() ? `*${inner.trim()}*` : inner;
        } else out += inline(el.children);
      }
    }
    return out;
  };
  const walk = (nodes: ChildNode[], listDepth: number): void => {
    for (const n of nodes) {
      if (n.type === 'text') {
        current += (n as unknown as { data: string }).data.replace(/\s+/g, ' ');
        continue;
      }
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
      const el = n as Element;
      const name = el.name.toLowerCase();
      if (SKIP.has(name)) continue;
      if (name === 'br') {
        flush();
        continue;
      }
      if (name === 'tr') {
        flush();
        const cells = el.children.filter((c): c is Element => c.type === 'tag' && /^t[dh]$/i.test((c as Element).name));
        const texts = cells.map((c) => inline(c.children).replace(/\s+/g, ' ').trim()).filter(Boolean);
        if (texts.length) lines.push(texts.join(CELL_GAP));
        continue;
      }
      if (/^h[1-6]$/.test(name)) {
        flush();
        const text = inline(el.children).replace(/\s+/g, ' ').trim();
        if (opts.markdown && lines.length && lines[lines.length - 1] !== '') lines.push('');
        // Markdown: the title as "# …"; lower headings as bold lines, as our Markdown prints item headings.
        const bare = text.replace(/\*\*/g, '');
        if (text) lines.push(!opts.markdown ? text : name === 'h1' ? `# ${bare}` : `**${bare}**`);
        lines.push('');
        continue;
      }
      if (name === 'li') {
        flush();
        current = opts.markdown ? '* ' : listDepth ? '- ' : '';
        walk(el.children, listDepth + 1);
        flush();
        continue;
      }
      if (name === 'p' && opts.markdown) {
        flush();
        current = inline(el.children);
        for (const part of current.split('\n')) {
          const t = part.replace(/[ \t\u00a0]+/g, ' ').trim();
          if (t) lines.push(t);
        }
        current = '';
        continue;
      }
      if (BLOCK.has(name)) {
        flush();
        walk(el.children, name === 'ul' || name === 'ol' ? listDepth : listDepth);
        flush();
        continue;
      }
      walk(el.children, listDepth);
    }
  };
  walk(dom.children, 0);
  flush();
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
