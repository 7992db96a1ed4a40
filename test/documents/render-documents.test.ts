/**
 * HTML, DOCX and PDF renderings of the example meeting (Rådmannsgruppen 14.09.2017): every forslag til vedtak and
 * every vedtak of the real documents appears verbatim (only whitespace normalised), Norwegian letters and the en
 * dash survive, and texts are escaped.
 */
import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocAttendee, DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import { renderDocx } from '../../server/documents/render-docx.js';
import {
  attendeeLine,
  documentFileStem,
  layoutDocument,
  meetingTime,
  renderHtml,
  textParts,
} from '../../server/documents/render-html.js';
import { renderPdf } from '../../server/documents/render-pdf.js';
import { MEETING_RG_2017_09_14, exampleData } from '../../server/services/seed/example-data.js';
import { fixture } from '../helpers/fixtures.js';

// ---------------------------------------------------------------------------------------------------------------
// The example meeting as a MeetingDocument (a small adapter: gatherDocument reads the database, this reads the seed).

function exampleDocument(kind: DocumentKind): MeetingDocument {
  const meeting = exampleData.meetings.find((m) => m.key === MEETING_RG_2017_09_14)!;
  const body = exampleData.bodies.find((b) => b.slug === meeting.body)!;
  const municipality = (name: string) => exampleData.persons.find((p) => p.name === name)?.municipality ?? null;
  const year = 2017;
  const attendee = (a: (typeof meeting.attendance)[number]): DocAttendee => ({
    name: a.person,
    municipality: municipality(a.person),
    substituteFor: a.substituteFor,
    fromItem: a.fromItem === null ? null : `${a.fromItem}/${year}`,
    untilItem: null,
  });
  const referat = kind === 'referat';
  const attendance = [...meeting.attendance].sort((a, b) => a.position - b.position);
  return {
    kind,
    organisation: exampleData.organisation.name,
    body: body.name,
    startsAt: referat ? meeting.actualStartsAt! : meeting.startsAt,
    endsAt: referat ? meeting.actualEndsAt : meeting.endsAt,
    location: referat ? meeting.actualLocation : meeting.location,
    present: referat ? attendance.filter((a) => a.status === 'PRESENT' && a.role !== 'SECRETARIAT').map(attendee) : [],
    secretariat: referat ? attendance.filter((a) => a.role === 'SECRETARIAT').map(attendee) : [],
    absent: referat ? attendance.filter((a) => a.status !== 'PRESENT').map(attendee) : [],
    noticeApproval: referat ? (meeting.noticeApproval?.text ?? null) : null,
    agendaHeadings: referat ? [] : ['Godkjenning av innkalling og dagsorden', 'Ordinære saker'],
    items: meeting.agendaItems.map((item) => ({
      number: `${item.sequence}/${item.year}`,
      title: item.title,
      attachments: item.attachments,
      introduction: item.introduction,
      notes: item.notes,
      // "Formuleres i møtet." comes from the flag, not from a stored text.
      proposedDecision: item.proposedDecision && !item.proposedDecision.formulatedInMeeting ? item.proposedDecision.text : null,
      formulatedInMeeting: item.proposedDecision?.formulatedInMeeting ?? false,
      decision: item.decision ? { text: item.decision.text, voting: null } : null,
      subItems: item.subItems.map((s) => ({
        letter: s.letter,
        title: s.title,
        subtitle: s.subtitle,
        attachments: s.attachments,
        introduction: s.introduction,
        notes: s.notes,
        proposedDecision: s.proposedDecision?.text ?? null,
        decision: s.decision ? { text: s.decision.text, voting: null } : null,
      })),
      closedLegalBasis: null,
      protocolEntries: [],
      disqualified: [],
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Texts of the real documents

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every "Forslag til vedtak:" text of the innkalling (the line after the label; markdown emphasis stripped). */
const proposals = [...fixture('innkalling-radmannsgruppen-2017-09-14.txt').matchAll(/Forslag til vedtak:\*?[ \t]*\n[ \t]*(.+)/g)].map(
  (m) => norm(m[1]!),
);
/** Every "Vedtak:" text of the referat (the next non-blank line). */
const decisions = [...fixture('referat-radmannsgruppen-2017-09-14.txt').matchAll(/Vedtak:[ \t]*\n\s*(.+)/g)].map((m) => norm(m[1]!));

/** Plain text of an HTML document: tags dropped, entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

async function docxText(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}

async function pdfText(buffer: Buffer): Promise<string> {
  return (await extractText(new Uint8Array(buffer), { mergePages: true })).text;
}

interface Rendered {
  html: string;
  docx: string;
  pdf: string;
}

async function renderAll(doc: MeetingDocument): Promise<Rendered> {
  const [docx, pdf] = await Promise.all([renderDocx(doc), renderPdf(doc)]);
  expect(docx.subarray(0, 2).toString()).toBe('PK');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  return { html: norm(htmlText(renderHtml(doc))), docx: norm(await docxText(docx)), pdf: norm(await pdfText(pdf)) };
}

const FORMATS = ['html', 'docx', 'pdf'] as const;

describe('rendering the example meeting', () => {
  const out: Record<DocumentKind, Rendered> = {} as Record<DocumentKind, Rendered>;

  beforeAll(async () => {
    out.innkalling = await renderAll(exampleDocument('innkalling'));
    out.referat = await renderAll(exampleDocument('referat'));
  });

  it('finds the forslag and vedtak texts of the real documents', () => {
    expect(proposals).toHaveLength(8);
    expect(proposals).toContain('Formuleres i møtet.');
    expect(decisions).toHaveLength(11);
    expect(decisions[0]).toBe('Godkjent.');
  });

  it.each(FORMATS)('innkalling (%s) has every forslag til vedtak verbatim', (format) => {
    const text = out.innkalling[format];
    for (const p of proposals) expect(text, p).toContain(p);
    expect(text.split('Forslag til vedtak:').length - 1).toBe(proposals.length);
  });

  it.each(FORMATS)('referat (%s) has every vedtak verbatim', (format) => {
    const text = out.referat[format];
    for (const d of decisions) expect(text, d).toContain(d);
    expect(text.split('Vedtak:').length - 1).toBe(decisions.length);
  });

  it.each(FORMATS)('innkalling (%s) has the customary heading, Tid, Sted, saker and vedlegg', (format) => {
    const text = out.innkalling[format];
    expect(text).toContain('Innkalling til møte i Rådmannsgruppen 14. september 2017');
    expect(text).toContain('Tid: Torsdag 14.09.2017 kl. 09.00 – 12.00');
    expect(text).toContain('Sted: Rådhuset i Drammen, møterom Åssiden/Konnerud');
    expect(text).toContain('Vedlegg 3+4');
    expect(text).toMatch(/Sak 25\/2017 Tertialrapport 2 – 2017/);
    // Sub-items are lettered, with their subtitle and texts.
    expect(text).toMatch(/C BPA Sluttrapport revisjon og kontroll av lønns- og arbeidsforhold Vedlegg 10 Sekretariatet har utarbeidet/);
    expect(text).toContain(norm(exampleDocument('innkalling').items[3]!.introduction!));
    expect(text).toContain('forprosjektet \u201d Prosesser og løsninger for klimaomstilling i kommunene\u201d');
    // The innkalling shows introductions, not the referat's notes.
    expect(text).not.toContain('forelår');
  });

  it.each(FORMATS)('referat (%s) has attendance, notes, and keeps æøå and the en dash', (format) => {
    const text = out.referat[format];
    expect(text).toContain('Referat fra møte i Rådmannsgruppen 14. september 2017');
    expect(text).toContain('Tid: Torsdag 14.09.2017 kl. 09.00 – 11.00');
    expect(text).toContain('Sted: Drammen rådhus');
    expect(text).toContain('Steinar Valstad for Trond Julin, Drammen');
    expect(text).toContain('Per Morstad, Røyken (fra sak 25/2017)');
    expect(text).toContain('Sekretariatet: Nina Solberg, Lena Hansson, Kjetil Axelsen og Kari Engen Sørensen');
    expect(text).toContain('Torger Ødegaard, Hole');
    expect(text).toContain('Godkjenning av innkalling og dagsorden');
    expect(text).toContain('Prosjektet skal gjennomføres i perioden september 2017 – februar 2018.');
    expect(text).toContain('Alle legevakter unntatt Asker og Bærum har implementert kjernejournal');
    expect(text).toContain('Ingen saker meldt.');
    for (const s of ['æ', 'ø', 'å', 'Ø', 'Å', '–']) expect(text, s).toContain(s);
    expect(text).not.toContain('Forslag til vedtak:');
  });
});

describe('renderHtml', () => {
  it('is a complete, escaped HTML5 document with print CSS', () => {
    const doc = exampleDocument('referat');
    doc.body = 'Råd <script>alert("x")</script> & co';
    doc.items[0]!.title = '<script>alert(1)</script>';
    doc.items[0]!.notes = 'a < b && c > d\n\n* "sitat" og \'apostrof\'';
    const html = renderHtml(doc);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="nb">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@media print');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Råd &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain('<p>a &lt; b &amp;&amp; c &gt; d</p>');
    expect(html).toContain('<li>&quot;sitat&quot; og &#39;apostrof&#39;</li>');
  });

  it('keeps paragraphs, line breaks and lists of multi-line texts', () => {
    const html = renderHtml(exampleDocument('referat'));
    // 26B: an introductory line and three list items.
    expect(html).toContain(
      '<p>Prosjektleder orienterte om status for kommunenes implementeringsarbeid og kommende nasjonale innføringstiltak:</p>\n<ul><li>Nye tjeneste',
    );
    // 26F: three paragraphs.
    expect(html).toContain('<p>Årets arrangement ble åpnet 7.9.2017.</p>\n<p>Planleggingen av 2018 er i rute.</p>');
    // 27A: two lines of one paragraph.
    expect(html).toContain('internkommunalt samarbeid<br>\nBuskerud fylkeskommune');
  });
});

describe('Norwegian letters and punctuation', () => {
  const special = 'ÆRLIG TALT: Ærlig, Øystein og Åse – «godt» møte i Sør-Ødal § 3 … ”sitat” (æøå ÆØÅ é ü)';
  const doc = exampleDocument('referat');
  doc.body = 'Ærøy- og Åsgruppen';
  doc.items[0]!.notes = special;

  it.each(FORMATS)('%s keeps ÆØÅ æøå, the en dash and quotation marks', async (format) => {
    const text =
      format === 'html'
        ? norm(htmlText(renderHtml(doc)))
        : format === 'docx'
          ? norm(await docxText(await renderDocx(doc)))
          : norm(await pdfText(await renderPdf(doc)));
    expect(text).toContain(special);
    expect(text).toContain('Referat fra møte i Ærøy- og Åsgruppen 14. september 2017');
  });
});

describe('closed items, protocol entries, disqualifications and voting', () => {
  const doc = exampleDocument('referat');
  const closed = doc.items[4]!;
  closed.closedLegalBasis = 'Offl. § 13, jf. fvl. § 13 første ledd nr. 1';
  closed.disqualified = [{ name: 'Lars Bjerke', legalBasis: 'fvl. § 6 første ledd bokstav a' }];
  const open = doc.items[3]!;
  open.protocolEntries = ['Bærum ba om at innspillene fra formannskapet blir tatt med – se vedlegg.'];
  open.decision = { text: open.decision!.text, voting: 'Vedtatt mot 2 stemmer (Erik Kjeldstadli, Lars Bjerke)' };

  it.each(FORMATS)('%s shows "Unntatt offentlighet" in place of a closed item’s texts', async (format) => {
    const text =
      format === 'html'
        ? norm(htmlText(renderHtml(doc)))
        : format === 'docx'
          ? norm(await docxText(await renderDocx(doc)))
          : norm(await pdfText(await renderPdf(doc)));
    expect(text).toContain(
      'Sak 25/2017 Unntatt offentlighet, Offl. § 13, jf. fvl. § 13 første ledd nr. 1 Inhabil: Lars Bjerke (fvl. § 6 første ledd bokstav a) Sak 26/2017',
    );
    expect(text).not.toContain('Tertialrapport');
    expect(text).not.toContain('statusrapport for gjennomførte aktiviteter');
    expect(text).toContain('Protokolltilførsel: Bærum ba om at innspillene fra formannskapet blir tatt med – se vedlegg.');
    expect(text).toContain('Vedtatt mot 2 stemmer (Erik Kjeldstadli, Lars Bjerke)');
  });
});

describe('innkalling with a closed item', () => {
  it('shows "Unntatt offentlighet" but no protocol entries or disqualifications (those come from the meeting)', () => {
    const doc = exampleDocument('innkalling');
    doc.items[4]!.closedLegalBasis = 'Offl. § 13';
    doc.items[4]!.disqualified = [{ name: 'Lars Bjerke', legalBasis: 'fvl. § 6' }];
    doc.items[3]!.protocolEntries = ['Noe som ble sagt.'];
    const text = norm(htmlText(renderHtml(doc)));
    expect(text).toContain('Sak 25/2017 Unntatt offentlighet, Offl. § 13 Sak 26/2017');
    expect(text).not.toContain('Inhabil');
    expect(text).not.toContain('Protokolltilførsel');
  });
});

describe('layout helpers', () => {
  it('formats Norwegian times in Europe/Oslo', () => {
    expect(meetingTime('2017-09-14T07:00:00Z', '2017-09-14T09:00:00Z')).toBe('Torsdag 14.09.2017 kl. 09.00 – 11.00');
    expect(meetingTime('2018-01-11T08:00:00Z', null)).toBe('Torsdag 11.01.2018 kl. 09.00');
    expect(meetingTime('2018-03-24T21:00:00Z', '2018-03-25T08:00:00Z')).toBe('Lørdag 24.03.2018 kl. 22.00 – søndag 25.03.2018 kl. 10.00');
  });

  it('names files after kind, body and date', () => {
    expect(documentFileStem(exampleDocument('referat'))).toBe('referat-radmannsgruppen-2017-09-14');
    expect(documentFileStem({ ...exampleDocument('innkalling'), body: 'Fagnettverk for økonomi / Æ' })).toBe(
      'innkalling-fagnettverk-for-okonomi-ae-2017-09-14',
    );
  });

  it('prints attendees as the referat does', () => {
    const base = { municipality: null, substituteFor: null, fromItem: null, untilItem: null };
    expect(attendeeLine({ ...base, name: 'Kjersti H. Berulf' })).toBe('Kjersti H. Berulf');
    expect(attendeeLine({ ...base, name: 'A', municipality: 'Lier', fromItem: '25/2017', untilItem: '27/2017' })).toBe(
      'A, Lier (fra sak 25/2017 til og med sak 27/2017)',
    );
  });

  it('splits texts into paragraphs and lists', () => {
    expect(textParts('a\nb\n\n* x\n* y\nc')).toEqual([
      { kind: 'paragraph', lines: ['a', 'b'] },
      { kind: 'list', items: ['x', 'y'] },
      { kind: 'paragraph', lines: ['c'] },
    ]);
  });

  it('lays out "Formuleres i møtet." for an item whose vedtak is formulated in the meeting', () => {
    const item = layoutDocument(exampleDocument('innkalling')).items[3]!;
    expect(item.entries.slice(-2)).toEqual([
      { kind: 'label', text: 'Forslag til vedtak:' },
      { kind: 'decision', parts: [{ kind: 'paragraph', lines: ['Formuleres i møtet.'] }] },
    ]);
  });
});
