import { readFileSync } from 'node:fs';
import { statedCounts } from './server/documents/parse/loose/attendance.js';
import { sourceText } from './server/documents/parse/loose/source-text.js';
const src = sourceText(readFileSync('test/fixtures/corpus/verdal-kommunestyret-2008-05-28-protokoll.txt', 'utf8'));
console.log(statedCounts(src.flat));
const i = src.flat.indexOf('Til stede');
console.log(JSON.stringify(src.flat.slice(i - 20, i + 60)));
