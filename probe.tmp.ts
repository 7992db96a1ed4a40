import { readDocumentFile } from './server/documents/import-source.js';
import { readLoose } from './server/documents/parse/loose/read-loose.js';
import { readFileSync } from 'node:fs';
const f = process.argv[2]!;
const r = readLoose(readFileSync(f, 'utf8'), { fileName: f });
const d = r.document;
console.log(JSON.stringify({ ...d, items: d.items.map((i) => ({ n: i.number, p: i.numberPrinted, t: i.title, notes: (i.notes ?? i.introduction)?.slice(0, 150), prop: i.proposedDecision?.slice(0, 100), dec: i.decision })) }, null, 1).slice(0, +(process.argv[3] ?? 6000)));
console.log(r.unplaced, r.warnings);
