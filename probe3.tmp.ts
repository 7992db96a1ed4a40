import { readDocumentFile } from './server/documents/import-source.js';
for (const f of ['innkalling-radmannsgruppen-2017-09-14.txt', 'referat-radmannsgruppen-2017-09-14.txt', 'referat-styringsgruppen-2018-02-05.txt']) {
  const r = await readDocumentFile(`test/fixtures/${f}`);
  console.log(f, r.reader, r.document.items.length, r.unplaced.length);
}
