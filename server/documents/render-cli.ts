/**
 * Renders meeting documents to files.
 *
 *   tsx server/documents/render-cli.ts --out DIR [--format pdf,docx,html,md] [--kind referat,innkalling] [--synthetic N] [MEETING_ID…]
 *
 * Without --synthetic the meetings are read from the configured database (DATABASE_URL, see server/config.ts).
 * With --synthetic N, N made-up meetings of 10 items each (sub-items, vedlegg, attendance, long texts) are built in
 * memory and rendered: a load test of the renderers. Prints one progress line per document and, at the end, the
 * total and per-document time of each format.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type {
  DocAttendee,
  DocItem,
  DocSubItem,
  DocumentKind,
  MeetingDocument,
} from '../../schema/meeting-document.js';
import { renderDocx } from './render-docx.js';
import { documentFileStem, renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';

export type RenderFormat = 'pdf' | 'docx' | 'html' | 'md';
const FORMATS: readonly RenderFormat[] = ['pdf', 'docx', 'html', 'md'];
const KINDS: readonly DocumentKind[] = ['innkalling', 'referat'];

// Resolved at run time: written by another module of this folder, and only needed when used.
const GATHER_MODULE: string = './gather-document.js';
const MARKDOWN_MODULE: string = './render-markdown.js';

type Renderer = (doc: MeetingDocument) => Promise<Buffer | string> | Buffer | string;

async function renderers(formats: RenderFormat[]): Promise<Record<RenderFormat, Renderer | undefined>> {
  let md: Renderer | undefined;
  if (formats.includes('md')) {
    const mod = (await import(MARKDOWN_MODULE)) as { renderMarkdown: (doc: MeetingDocument) => string };
    md = mod.renderMarkdown;
  }
  return { pdf: renderPdf, docx: renderDocx, html: renderHtml, md };
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic meetings

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODIES = ['Rådmannsgruppen', 'Styringsgruppen', 'Generalforsamling', 'Fagnettverk for økonomi og styring'];
const MUNICIPALITIES = [
  'Asker',
  'Bærum',
  'Drammen',
  'Lier',
  'Røyken',
  'Hurum',
  'Øvre Eiker',
  'Nedre Eiker',
  'Hole',
  'Krødsherad',
  'Modum',
  'Ringerike',
  'Sande',
  'Sigdal',
  'Akershus',
  'Buskerud',
];
const FIRST = ['Åse', 'Bjørn', 'Kjersti', 'Øyvind', 'Trude', 'Pål', 'Ingrid', 'Ståle', 'Mette', 'Håkon', 'Solveig', 'Jørgen', 'Ragnhild', 'Tor Æge'];
const LAST = ['Ødegaard', 'Sørensen', 'Bjerke', 'Aasheim', 'Kjæreng', 'Løvås', 'Hvitstein', 'Strømsø', 'Grøtterud', 'Brække', 'Haugen', 'Næss'];
const TITLES = [
  'Referat fra forrige møte',
  'Tertialrapport 2 – økonomi og aktiviteter',
  'Regional plan for areal og transport – høringsuttalelse',
  'Kommunehelsesamarbeidet: status og videre arbeid',
  'Budsjett for 2019 og økonomiplan 2019–2022',
  'Prosjekter innen prioriterte satsingsområder',
  'Felles innkjøpsordning for IKT-tjenester',
  'Klimaomstilling i kommunene – forprosjekt',
  'Personalsak',
  'Øvrige orienteringer, meldinger og informasjon',
];
const SUB_TITLES = [
  'Kommunehelsesamarbeidet',
  'KomUt',
  'BPA',
  'Folkehelse',
  'Regional utvikling',
  'Kunst rett vest',
  'Ungdomssymfonikerne',
];
const SENTENCES = [
  'Sekretariatet har utarbeidet et notat som beskriver status, økonomiske konsekvenser og mulige veivalg for samarbeidet.',
  'Saken ble drøftet i styringsgruppen 15.06.2017, og rådmennene ba om en bredere vurdering før endelig behandling.',
  'Kostnadene fordeles etter innbyggertall pr. 1. januar, jf. vedtektenes § 7 – se vedlagt oversikt.',
  'Prosjektleder redegjorde for framdrift, risiko og behovet for tydeligere forankring i kommunenes linjeorganisasjon.',
  'Det er ønskelig at kommunene melder tilbake innen 1. oktober, slik at saken kan behandles i generalforsamlingen.',
  'Flere av deltakerne påpekte at samordning på tvers av delregionene gir bedre tjenester og lavere kostnader.',
  'Arbeidsgruppen har hatt fire møter og har innhentet erfaringer fra Østfold, Grenland og Trøndelag.',
  'Forslaget innebærer en økning av kontingenten på 2,5 % fra 2019; øvrige rammer videreføres uendret.',
  'Rådmannsgruppen ba sekretariatet om å utarbeide et forslag til mandat og framdriftsplan til neste møte.',
  'Høringsfristen er satt til 31.12.2017 – kommunene oppfordres til å avgi egne uttalelser i tillegg.',
];
const BULLETS = [
  'Nye tjenesteområder for meldingsutveksling avventes til nasjonale veiledere foreligger',
  'Alle legevakter unntatt Asker og Bærum har implementert kjernejournal',
  'Investeringsbehovet bør adresseres gjennom KS',
  'Vertskap for 2019 bør avklares i løpet av året',
  'Økonomiske rammer for 2019–2022 må avklares før sommeren',
];
const DECISIONS = [
  'Framlagt sak tas til orientering.',
  'Rådmannsgruppen slutter seg til framlagt forslag til prosess, og bearbeider notatet i tråd med innspill fra deltakerne.',
  'Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport inkl. resultatregnskap.',
  'Framlagt forslag til høringsuttalelse godkjennes med de endringer som kom fram i møtet.',
  'Saken sendes kommunene til uttalelse med frist 1. oktober; sekretariatet sammenstiller innspillene.',
];
const VOTES = [null, null, 'Enstemmig vedtatt', 'Vedtatt mot 2 stemmer (Bjørn Løvås, Åse Næss)'];

/**
 * A made-up meeting as its documents would show it: 10 items (every third with lettered sub-items), vedlegg,
 * attendance with a substitute and a late arrival, multi-paragraph texts with lists, a closed item, a protocol entry,
 * a disqualification. Deterministic in `n`.
 */
export function syntheticMeeting(n: number, kind: DocumentKind = 'referat', itemCount = 10): MeetingDocument {
  const rnd = prng(n * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const person = (): DocAttendee => ({
    name: `${pick(FIRST)} ${pick(LAST)}`,
    municipality: pick(MUNICIPALITIES),
    substituteFor: null,
    fromItem: null,
    untilItem: null,
  });
  const start = new Date(Date.UTC(2018, 0, 11 + 7 * n, 8, 0));
  const end = new Date(start.getTime() + (2 + Math.floor(rnd() * 3)) * 3600_000);
  const year = start.getUTCFullYear();
  const firstNumber = 1 + ((n * itemCount) % 60);
  const number = (i: number) => `${firstNumber + i}/${year}`;

  const paragraph = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(rnd() * (max - min + 1)) }, () => pick(SENTENCES)).join(' ');
  const longText = () => {
    const blocks = [paragraph(2, 4)];
    if (rnd() < 0.5) blocks.push(`${paragraph(1, 1)}\n${BULLETS.filter(() => rnd() < 0.6).map((b) => `* ${b}`).join('\n') || `* ${BULLETS[0]}`}`);
    blocks.push(paragraph(1, 3));
    return blocks.join('\n\n');
  };
  const attachments = (next: () => number) => Array.from({ length: Math.floor(rnd() * 3) }, next);
  let vedlegg = 0;
  const nextVedlegg = () => ++vedlegg;

  const present = Array.from({ length: 12 }, person);
  present[3] = { ...present[3]!, substituteFor: `${pick(FIRST)} ${pick(LAST)}` };
  present[11] = { ...present[11]!, fromItem: number(3) };
  present[10] = { ...present[10]!, untilItem: number(7) };

  const items: DocItem[] = Array.from({ length: itemCount }, (_, i): DocItem => {
    const decisionText = pick(DECISIONS);
    const subItems: DocSubItem[] =
      i % 3 === 2
        ? Array.from({ length: 3 + Math.floor(rnd() * 5) }, (_, j): DocSubItem => {
            const sd = pick(DECISIONS);
            return {
              letter: String.fromCharCode(65 + j),
              title: SUB_TITLES[j % SUB_TITLES.length]!,
              subtitle: rnd() < 0.4 ? 'Sluttrapport – revisjon og kontroll av lønns- og arbeidsforhold' : null,
              attachments: attachments(nextVedlegg),
              introduction: paragraph(1, 3),
              notes: rnd() < 0.5 ? paragraph(2, 4) : `${paragraph(1, 2)}\n\n${paragraph(1, 2)}`,
              proposedDecision: sd,
              decision: { text: sd, voting: pick(VOTES) },
            };
          })
        : [];
    const closed = i === 8;
    return {
      number: number(i),
      title: TITLES[i % TITLES.length]!,
      attachments: attachments(nextVedlegg),
      introduction: longText(),
      notes: longText(),
      proposedDecision: i === 4 ? null : decisionText,
      formulatedInMeeting: i === 4,
      decision: { text: decisionText, voting: pick(VOTES) },
      subItems,
      closedLegalBasis: closed ? 'Offl. § 13, jf. fvl. § 13 første ledd nr. 1' : null,
      protocolEntries: i === 1 ? [`${present[0]!.name} ba om at følgende ble protokollert: ${pick(SENTENCES)}`] : [],
      disqualified: i === 5 ? [{ name: present[2]!.name, legalBasis: 'fvl. § 6 første ledd bokstav a' }] : [],
    };
  });

  return {
    kind,
    organisation: 'Vestregionen',
    body: BODIES[n % BODIES.length]!,
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    location: pick(['Drammen rådhus', 'Rådhuset i Drammen, møterom Åssiden/Konnerud', 'Asker rådhus, møterom Bondeskogen']),
    present: kind === 'referat' ? present : [],
    secretariat: Array.from({ length: 3 }, () => ({ ...person(), municipality: null })),
    absent: kind === 'referat' ? Array.from({ length: 4 }, person) : [],
    noticeApproval: kind === 'referat' ? 'Godkjent.' : null,
    agendaHeadings: kind === 'innkalling' ? ['Godkjenning av innkalling og dagsorden', 'Ordinære saker'] : [],
    items,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

const USAGE = `Usage: tsx server/documents/render-cli.ts --out DIR [--format pdf,docx,html,md] [--kind referat,innkalling]
                                          [--synthetic N] [MEETING_ID…]
  --out DIR        directory for the files (created if missing)
  --format LIST    formats to render (default pdf,docx,html)
  --kind LIST      documents per meeting (default referat; both: innkalling,referat)
  --synthetic N    render N made-up meetings of 10 items each instead of meetings from the database`;

class UsageError extends Error {}

function list<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const xs = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = xs.filter((x) => !allowed.includes(x as T));
  if (bad.length || !xs.length) throw new UsageError(`Unknown ${what} ${bad.join(', ') || '(none)'}; use ${allowed.join(', ')}.`);
  return [...new Set(xs)] as T[];
}

interface Job {
  label: string;
  load(): Promise<MeetingDocument>;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export async function main(argv: string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f', default: 'pdf,docx,html' },
        kind: { type: 'string', short: 'k', default: 'referat' },
        synthetic: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  let formats: RenderFormat[];
  let kinds: DocumentKind[];
  let synthetic: number | null = null;
  try {
    if (!values.out) throw new UsageError('--out DIR is required.');
    formats = list(values.format, FORMATS, 'format');
    kinds = list(values.kind, KINDS, 'kind');
    if (values.synthetic !== undefined) {
      synthetic = Number(values.synthetic);
      if (!Number.isInteger(synthetic) || synthetic < 1) throw new UsageError('--synthetic takes a positive whole number.');
      if (positionals.length) throw new UsageError('Give either --synthetic N or meeting ids, not both.');
    } else if (!positionals.length) {
      throw new UsageError('Give meeting ids, or --synthetic N.');
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }

  const dir = resolve(values.out);
  await mkdir(dir, { recursive: true });
  const render = await renderers(formats);

  let close = async () => {};
  const jobs: Job[] = [];
  if (synthetic !== null) {
    for (let i = 0; i < synthetic; i++) {
      for (const kind of kinds) jobs.push({ label: `synthetic ${i + 1} ${kind}`, load: async () => syntheticMeeting(i, kind) });
    }
  } else {
    const [{ loadConfig }, { openDatabase }, { createLogger }] = await Promise.all([
      import('../config.js'),
      import('../db/orm.js'),
      import('../logger.js'),
    ]);
    const config = loadConfig();
    const log = createLogger({ logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn' });
    const { orm } = await openDatabase(config.database, log);
    close = () => orm.close(true);
    const { gatherDocument } = (await import(GATHER_MODULE)) as {
      gatherDocument: (em: unknown, meetingId: string, kind: DocumentKind) => Promise<MeetingDocument>;
    };
    for (const id of positionals) {
      for (const kind of kinds) jobs.push({ label: `${id} ${kind}`, load: () => gatherDocument(orm.em.fork(), id, kind) });
    }
  }

  const totals = new Map<RenderFormat, { ms: number; count: number; bytes: number }>(formats.map((f) => [f, { ms: 0, count: 0, bytes: 0 }]));
  const used = new Set<string>();
  let failed = 0;
  const started = performance.now();
  try {
    for (const [index, job] of jobs.entries()) {
      const prefix = `[${index + 1}/${jobs.length}]`;
      try {
        const doc = await job.load();
        let stem = documentFileStem(doc);
        for (let k = 2; used.has(stem); k++) stem = `${documentFileStem(doc)}-${k}`;
        used.add(stem);
        const times: string[] = [];
        for (const format of formats) {
          const t0 = performance.now();
          const body = await render[format]!(doc);
          const elapsed = performance.now() - t0;
          await writeFile(resolve(dir, `${stem}.${format}`), body);
          const total = totals.get(format)!;
          total.ms += elapsed;
          total.count++;
          total.bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
          times.push(`${format} ${ms(elapsed)} ms`);
        }
        out(`${prefix} ${stem} (${job.label}): ${times.join(', ')}`);
      } catch (err) {
        failed++;
        out(`${prefix} ${job.label}: FAILED ${(err as Error).message}`);
      }
    }
  } finally {
    await close();
  }

  const wall = performance.now() - started;
  out(`Rendered ${jobs.length - failed} of ${jobs.length} documents to ${dir} in ${(wall / 1000).toFixed(2)} s`);
  for (const [format, t] of totals) {
    if (!t.count) continue;
    out(
      `  ${format.padEnd(4)} ${String(t.count).padStart(5)} documents  total ${(t.ms / 1000).toFixed(2)} s  ` +
        `${ms(t.ms / t.count)} ms per document  ${Math.round(t.bytes / t.count / 1024)} KiB per document`,
    );
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
