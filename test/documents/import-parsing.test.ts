import { describe, expect, it } from 'vitest';
import { findTimes, formatTid, osloInstant, parseTid } from '../../server/documents/norwegian-dates.js';
import {
  detectKind,
  DocumentParseError,
  isKnownPlace,
  parseAttendeeList,
  parseDocument,
  parseVotingText,
  formatVotingText,
} from '../../server/documents/parse-common.js';
import { parseInnkalling } from '../../server/documents/parse-innkalling.js';
import { parseReferat } from '../../server/documents/parse-referat.js';
import { renderMarkdown } from '../../server/documents/render-markdown.js';
import { fixture } from '../helpers/fixtures.js';


describe('attendance lists', () => {
  it('reads the referat line: municipality after the name, a missing comma, no municipality, "X for Y", "(fra sak …)"', () => {
    const { attendees, problems } = parseAttendeeList(
      'Erik Kjeldstadli, Bærum, Lars Bjerke, Asker, Per Kierulf, Akershus, Trude Andresen, Øvre Eiker, Georg N. Smedhus, Buskerud, ' +
        'Kjersti H. Berulf, Lars J. Tveit, Hurum, Steinar Valstad for Trond Julin, Drammen, Bente Gravdal Lier, Øyvind Brandt, Bærum, ' +
        'Per Morstad, Røyken (fra sak 25/2017)',
    );
    expect(problems).toEqual([]);
    expect(attendees.map((a) => [a.name, a.municipality, a.substituteFor, a.fromItem])).toEqual([
      ['Erik Kjeldstadli', 'Bærum', null, null],
      ['Lars Bjerke', 'Asker', null, null],
      ['Per Kierulf', 'Akershus', null, null],
      ['Trude Andresen', 'Øvre Eiker', null, null],
      ['Georg N. Smedhus', 'Buskerud', null, null],
      ['Kjersti H. Berulf', null, null, null],
      ['Lars J. Tveit', 'Hurum', null, null],
      ['Steinar Valstad', 'Drammen', 'Trond Julin', null],
      ['Bente Gravdal', 'Lier', null, null],
      ['Øyvind Brandt', 'Bærum', null, null],
      ['Per Morstad', 'Røyken', null, '25/2017'],
    ]);
  });

  it('reads "og" lists, ";" lists, places with "og" in them, "til og med sak", and reports what it cannot read', () => {
    expect(parseAttendeeList('Nina Solberg, Lena Hansson, Kjetil Axelsen og Kari Engen Sørensen').attendees.map((a) => a.name)).toEqual([
      'Nina Solberg',
      'Lena Hansson',
      'Kjetil Axelsen',
      'Kari Engen Sørensen',
    ]);
    const semi = parseAttendeeList('Ola Nordmann, Nore og Uvdal; Kari Nordmann (til og med sak 27/2017); Per Pål for Espen Askeladd, KS').attendees;
    expect(semi).toEqual([
      { name: 'Ola Nordmann', municipality: 'Nore og Uvdal', substituteFor: null, fromItem: null, untilItem: null },
      { name: 'Kari Nordmann', municipality: null, substituteFor: null, fromItem: null, untilItem: '27/2017' },
      { name: 'Per Pål', municipality: 'KS', substituteFor: 'Espen Askeladd', fromItem: null, untilItem: null },
    ]);
    expect(parseAttendeeList('Ola Nordmann, Sogn og Fjordane, Kari Nordmann, Bærum kommune').attendees.map((a) => a.municipality)).toEqual([
      'Sogn og Fjordane',
      'Bærum kommune',
    ]);
    expect(parseAttendeeList('Ola Nordmann, Bærum (kom for sent)').problems).toEqual([{ text: '(kom for sent)' }]);
  });

  it('knows the municipalities and counties of the region', () => {
    for (const p of ['Bærum', 'Asker', 'Røyken', 'Hurum', 'Lier', 'Krødsherad', 'Nedre Eiker', 'Sigdal', 'Sande', 'Oslo', 'Færder', 'Lillestrøm', 'Viken', 'Vestfold og Telemark', 'Buskerud fylkeskommune']) {
      expect(isKnownPlace(p), p).toBe(true);
    }
    for (const p of ['Erik Kjeldstadli', 'Kjersti H. Berulf', 'Sørensen']) expect(isKnownPlace(p), p).toBe(false);
  });
});

describe('dates and times', () => {
  it('reads the variants documents print', () => {
    const at = (iso: string) => new Date(iso).getTime();
    const t1 = parseTid('Torsdag 14.09.2017 kl. 09.00 – 12.00', null)!;
    expect([t1.start.getTime(), t1.end?.getTime()]).toEqual([at('2017-09-14T09:00:00+02:00'), at('2017-09-14T12:00:00+02:00')]);
    const t2 = parseTid('kl 9-11', { year: 2018, month: 2, day: 5 })!;
    expect([t2.start.getTime(), t2.end?.getTime()]).toEqual([at('2018-02-05T09:00:00+01:00'), at('2018-02-05T11:00:00+01:00')]);
    const t3 = parseTid('14. september 2017, 09:00–11:00', null)!;
    expect([t3.start.getTime(), t3.end?.getTime()]).toEqual([at('2017-09-14T09:00:00+02:00'), at('2017-09-14T11:00:00+02:00')]);
    expect(findTimes('fra kl. 10.00 til kl. 12.30')).toEqual({ start: { hour: 10, minute: 0 }, end: { hour: 12, minute: 30 } });
    expect(formatTid(osloInstant({ year: 2017, month: 9, day: 14 }, { hour: 9, minute: 0 }), new Date('2017-09-14T11:00:00+02:00'))).toBe(
      'Torsdag 14.09.2017 kl. 09.00 \u2013 11.00',
    );
  });
});

describe('voting lines', () => {
  it('reads and writes the usual forms', () => {
    expect(parseVotingText('Enstemmig vedtatt')).toMatchObject({ outcome: 'UNANIMOUS' });
    expect(parseVotingText('Vedtatt mot 2 stemmer (Ola Nordmann, Kari Nordmann)')).toMatchObject({
      outcome: 'MAJORITY',
      votesAgainst: 2,
      dissenters: ['Ola Nordmann', 'Kari Nordmann'],
    });
    for (const v of [
      { outcome: 'MAJORITY', votesFor: 5, votesAgainst: 2, votesBlank: null, dissenters: ['A B'] },
      { outcome: 'REJECTED', votesFor: 2, votesAgainst: 5, votesBlank: 1, dissenters: [] },
      { outcome: 'CASTING_VOTE', votesFor: 3, votesAgainst: 3, votesBlank: null, dissenters: [] },
      { outcome: 'UNANIMOUS', votesFor: null, votesAgainst: null, votesBlank: null, dissenters: [] },
    ] as const) {
      expect(parseVotingText(formatVotingText({ ...v, dissenters: [...v.dissenters] }))).toEqual(v);
    }
  });
});

describe('document shapes', () => {
  const referat = (body: string) => `Referat fra møte i Styringsgruppen 05.02.2018\n\nTid: kl. 10.00\n\n${body}\n`;

  it('reads item numbers in their variants and "Vedtak:" on the same line or below', () => {
    const { document, unplaced } = parseReferat(
      referat(
        [
          'Sak 44 /2018 Første sak',
          'Vedtak: Godkjent.',
          '',
          'Sak 24a/2018 Tilleggssak',
          'Vedtak:',
          '',
          'Tas til orientering.',
          '',
          'Sak 14/18 Kort år',
          'Innstillingen ble enstemmig vedtatt.',
        ].join('\n'),
      ),
    );
    expect(unplaced).toEqual([]);
    expect(document.items.map((i) => [i.number, i.title, i.decision?.text ?? null])).toEqual([
      ['44/2018', 'Første sak', 'Godkjent.'],
      ['24a/2018', 'Tilleggssak', 'Tas til orientering.'],
      ['14/2018', 'Kort år', null],
    ]);
    expect(document.items[2]!.notes).toBe('Innstillingen ble enstemmig vedtatt.');
  });

  it('takes the proposal as the decision when only a voting line follows it', () => {
    const { document } = parseReferat(referat('Sak 05/2018 Budsjett\nForslag til vedtak: Budsjettet godkjennes.\nEnstemmig vedtatt.'));
    expect(document.items[0]!.decision).toEqual({ text: 'Budsjettet godkjennes.', voting: 'Enstemmig vedtatt.' });
  });

  it('reads closed items, with the basis in a line or in the title', () => {
    const { document } = parseReferat(
      referat('Sak 05/2018 Personalsak (unntatt offentlighet, offl. § 25)\n\nSak 06/2018 Kontrakt\nLukket møte, jf. kommuneloven § 11-5 annet ledd'),
    );
    expect(document.items.map((i) => [i.title, i.closedLegalBasis])).toEqual([
      ['Personalsak', 'offl. § 25'],
      ['Kontrakt', 'kommuneloven § 11-5 annet ledd'],
    ]);
  });

  it('reads flattened agenda tables, titled vedlegg, a heading date on its own line and names in capitals', () => {
    const { document, unplaced, attachmentTitles } = parseDocument(
      [
        '# Møteinnkalling',
        '',
        'INNKALLING TIL MØTE I STYRINGSGRUPPEN',
        'Onsdag 13. juni 2018',
        '',
        'Tid: kl. 12.00–14.00',
        '',
        '| Sak | Tittel | Vedlegg |',
        '|-----|--------|---------|',
        '| Sak 01/2018 | Årsmelding 2017 | Vedlegg 1 |',
        '',
        'Sak 01/2018 Årsmelding 2017',
        'Vedlegg 2: Regnskap 2017',
        'Styret legger fram årsmelding og regnskap.',
        '',
        'Vedlegg:',
        '1. Årsmelding 2017',
      ].join('\n'),
    );
    expect(unplaced).toEqual([]);
    expect(document).toMatchObject({ kind: 'innkalling', body: 'Styringsgruppen', startsAt: '2018-06-13T12:00:00+02:00' });
    expect(document.items).toHaveLength(1);
    expect(document.items[0]).toMatchObject({ title: 'Årsmelding 2017', attachments: [1, 2], introduction: 'Styret legger fram årsmelding og regnskap.' });
    expect(attachmentTitles).toEqual({ 1: 'Årsmelding 2017', 2: 'Regnskap 2017' });
  });

  it('detects the kind and refuses what is neither', () => {
    expect(detectKind(fixture('innkalling-radmannsgruppen-2017-09-14.txt'))).toBe('innkalling');
    expect(detectKind(fixture('referat-radmannsgruppen-2017-09-14.txt'))).toBe('referat');
    expect(() => parseDocument('Handleliste\n\nMelk\nBrød\n')).toThrow(DocumentParseError);
    expect(() => parseInnkalling('Innkalling til møte i Rådmannsgruppen\n\nIngen dato.\n')).toThrow(/date/);
  });
});

describe('a differently shaped referat (Styringsgruppen 05.02.2018)', () => {
  const text = fixture('referat-styringsgruppen-2018-02-05.txt');

  it('parses without unplaced lines', () => {
    const { document, unplaced } = parseDocument(text);
    expect(unplaced).toEqual([]);
    expect(document).toMatchObject({
      kind: 'referat',
      body: 'Styringsgruppen',
      startsAt: '2018-02-05T09:00:00+01:00',
      endsAt: '2018-02-05T11:00:00+01:00',
      location: 'Asker rådhus, formannskapssalen',
      noticeApproval: 'Godkjent uten merknader.',
    });
    expect(document.present).toEqual([
      { name: 'Lisbeth Hammer Krog', municipality: 'Bærum', substituteFor: null, fromItem: null, untilItem: null },
      { name: 'Kristin Ørmen Johnsen', municipality: 'Asker', substituteFor: null, fromItem: null, untilItem: '06/2018' },
      { name: 'Anders Olav Alsaker', municipality: 'Buskerud fylkeskommune', substituteFor: 'Tore Hagebakken', fromItem: null, untilItem: null },
      { name: 'Tore Opdal Hansen', municipality: 'Drammen', substituteFor: null, fromItem: '04/2018', untilItem: null },
    ]);
    expect(document.secretariat.map((a) => a.name)).toEqual(['Nina Solberg', 'Kjetil Axelsen']);
    expect(document.absent.map((a) => [a.name, a.municipality])).toEqual([
      ['Morten Eriksrud', 'Nedre Eiker'],
      ['Per R. Berger', 'Hole'],
    ]);
    expect(document.items.map((i) => i.number)).toEqual(['03/2018', '04/2018', '04a/2018', '05/2018', '06/2018', '07/2018']);
    const [i03, i04, i04a, i05, i06, i07] = document.items;
    expect(i03!.decision).toEqual({ text: 'Referatet godkjennes.', voting: 'Enstemmig vedtatt.' });
    expect(i04!.attachments).toEqual([1, 2, 3]);
    expect(i04!.proposedDecision).toBe('Styringsgruppen vedtar budsjett for 2018 slik det er lagt fram.');
    expect(i04!.decision?.voting).toBe('Vedtatt mot 1 stemme (Lisbeth Hammer Krog).');
    expect(i04!.protocolEntries).toEqual(['Bærum kommune mener økningen bør dekkes innenfor eksisterende ramme.']);
    expect(i04a!.disqualified).toEqual([{ name: 'Tore Opdal Hansen', legalBasis: 'forvaltningsloven § 6 første ledd bokstav e' }]);
    expect(i04a!.notes).toBe('Saken ble drøftet. Det ble pekt på:\n- behovet for felles uttalelse\n- frister for innspill');
    expect(i05!.closedLegalBasis).toBe('offentleglova § 25');
    expect(i06!.subItems.map((s) => [s.letter, s.title, s.notes, s.decision?.text])).toEqual([
      ['A', 'Status Kunst rett vest', 'Orientering ved sekretariatet.', 'Tas til orientering.'],
      ['B', 'Ungdomssymfonikerne', 'Orkesteret feirer 10 års jubileum i 2018.', 'Tas til orientering.'],
    ]);
    expect(i07!.notes).toBe('Ingen saker.');
  });

  it('renders to Markdown that reads back to the same document', () => {
    const { document } = parseDocument(text);
    const md = renderMarkdown(document);
    const again = parseDocument(md);
    expect(again.unplaced).toEqual([]);
    // A referat shows the vedtak, not the forslag til vedtak.
    const withoutProposals = {
      ...document,
      items: document.items.map((i) => ({ ...i, proposedDecision: null, formulatedInMeeting: false })),
    };
    expect(again.document).toEqual(withoutProposals);
    expect(renderMarkdown(again.document)).toBe(md);
  });

  it('the public rendering shows only the number of a closed item', () => {
    const md = renderMarkdown(parseDocument(text).document, { public: true });
    expect(md).toContain('**Sak 05/2018**\n\nUnntatt offentlighet, jf. offentleglova § 25\n\n**Sak 06/2018');
    expect(md).not.toContain('ansetter kandidat');
  });
});
