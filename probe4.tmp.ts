import { readDocumentFile } from './server/documents/import-source.js';
const r = await readDocumentFile(process.argv[2]!);
console.log(r.reader, r.document.body, r.document.items.length, r.unplaced.length);
