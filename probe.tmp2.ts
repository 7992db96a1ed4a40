import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from '/work/wt-import/server/documents/parse-common.js';
import { renderDocx } from '/work/wt-import/server/documents/render-docx.js';
import { renderPdf } from '/work/wt-import/server/documents/render-pdf.js';
import { documentText } from '/work/wt-import/server/documents/formats/document-text.js';
for (const f of ['referat-radmannsgruppen-2017-09-14.txt', 'innkalling-radmannsgruppen-2017-09-14.txt']) {
  const src = readFileSync(`/work/wt-import/test/fixtures/${f}`, 'utf8');
  const doc = parseDocument(src).document;
  for (const [fmt, buf] of [['docx', await renderDocx(doc)], ['pdf', await renderPdf(doc)]] as const) {
    const { text } = await documentText(buf);
    writeFileSync(`/tmp/imp/${f}.${fmt}.txt`, text);
    try {
      const back = parseDocument(text);
      const norm = (d: unknown) => JSON.stringify(d, (_k, v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v));
      const same = norm(back.document) === norm(doc);
      console.log(f, fmt, 'same:', same, 'unplaced', back.unplaced.length);
      if (!same) {
        const a = doc as any, b = back.document as any;
        for (const k of Object.keys(a)) if (norm(a[k]) !== norm(b[k])) { const x = norm(a[k]), y = norm(b[k]); let i = 0; while (x[i] === y[i]) i++; console.log('  differs', k, x.slice(i - 100, i + 200), '\n   vs', y.slice(i - 100, i + 200)); }
      }
    } catch (e) { console.log(f, fmt, 'ERR', (e as Error).message); }
  }
}
