/**
 * Real documents from other systems (test/fixtures/corpus, public records; hand counts in its README and
 * expected-counts.json): the evaluation's acceptance figures, and one test per layout family, each on lines copied
 * from a corpus file.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../server/documents/import-eval.js';
import { parseVotingText } from '../../server/documents/parse-common.js';
import { readMeetingText } from '../../server/documents/parse/read-document.js';
import { readAttendance } from '../../server/documents/parse/loose/attendance.js';
import { readItemBody } from '../../server/documents/parse/loose/item-body.js';
import { documentKind } from '../../server/documents/parse/loose/meeting-facts.js';
import { MissingDateError } from '../../server/documents/parse/loose/read-loose.js';

const EXPECTED = fileURLToPath(new URL('../fixtures/corpus/expected-counts.json', import.meta.url));
const read = (text: string, opts: Parameters<typeof readMeetingText>[1] = {}) => readMeetingText(text, opts);
const numbers = (text: string, opts: Parameters<typeof readMeetingText>[1] = {}) => read(text, opts).document.items.map((i) => i.number);

describe('the corpus evaluation', () => {
  it('finds ≥ 90 % of the sak numbers, gets ≥ 85 % of attendance counts right and fails no document', async () => {
    const { totals, scores } = await evaluate(EXPECTED);
    expect(totals.documents).toBe(16);
    expect(totals.failed).toBe(0);
    expect(totals.sakerFound / totals.sakerExpected).toBeGreaterThanOrEqual(0.9);
    expect(totals.attendanceRight / totals.attendanceDocuments).toBeGreaterThanOrEqual(0.85);
    expect(totals.datesRight).toBe(16);
    // No document gets items the hand count does not have.
    expect(scores.flatMap((s) => s.saker.extra)).toEqual([]);
  });
});

describe('sak numbers as real documents print them', () => {
  it('"PS 109/17" rows of a web page table, with a property number that is not a sak (Verdal)', () => {
    const text = [
      'Formannskapet 09.11.2017',
      'Sakliste',
      'Saksnr.SakstittelDokumenterVedtak',
      'PS 111/17 Endringer i delegeringsreglementet etter oppløsing av Innherred samkommune - orientering Saksframlegg Protokoll',
      'PS 112/17 1721 - 18/234 Nyvegbakken 21 - feste av tomt Saksframlegg Protokoll',
      'PS 117/17 Orientering - Protokoll',
    ].join('\n');
    const r = read(text);
    expect(r.document.items.map((i) => [i.number, i.title])).toEqual([
      ['111/2017', 'Endringer i delegeringsreglementet etter oppløsing av Innherred samkommune - orientering'],
      ['112/2017', '1721 - 18/234 Nyvegbakken 21 - feste av tomt'],
      ['117/2017', 'Orientering -'],
    ]);
  });

  it('"R-27/19" and "R.34/19", a numbered sub-list that is not saker, a title on the next line (Indre Helgeland)', () => {
    const text = [
      'Tid:    Fredag 08. november 2019',
      'R-27/19 Skriftlige referat- og orienteringssaker/ Muntlige orienteringer/drøftinger.',
      '',
      '   1. Ref AU-møte 23.08.19',
      '   2. Ref Regionråd 14.06.19',
      '',
      'R-31/19   ',
      'Forslag til ny tilbudsstruktur Videregående Skole (VGS) i Nordland',
      '',
      'R.34/19     Valg: Leder og nestleder IHR (2020 – 2022)',
    ].join('\n');
    const items = read(text).document.items;
    expect(items.map((i) => i.number)).toEqual(['27/2019', '31/2019', '34/2019']);
    expect(items[1]!.title).toBe('Forslag til ny tilbudsstruktur Videregående Skole (VGS) i Nordland');
  });

  it('"Sak nr. 47/09" in a dagsorden on one line; "til sak 58/09" is a reference (ØRU)', () => {
    const text =
      'Referat: ØRU styremøte 15. mai 2009 kl Dagsorden: Sak nr. 47/09 Godkjenning av saksliste Sak nr. 48/09 Referat fra siste styremøte 15. april 2009 ' +
      'Sak nr. 58/09 Eventuelt\n\nSak nr. 47/09 Godkjenning av saksliste Det ble meldt inn følgende saker til sak 58/09 eventuelt Høring langtidsplan fra Jernbaneverket';
    expect(numbers(text)).toEqual(['47/2009', '48/2009', '58/2009']);
  });

  it('"Sak 015/12:" with dot leaders; a vedlegg list naming "til sak 019/12" makes no saker (Kongsbergregionen)', () => {
    const text =
      'Regionrådet 23. mars 2012\n2 Velkommen til regionrådsmøte! Sakliste Sak 015/12: Godkjenning av møtebok/-referat...2 Sak 016/12: Referatsaker...3 ' +
      'Sak 028/12: Eventuelt...11 FELLES BORD i Kongsbergregionen:...12 Mulig flere saker! Vedlegg utsendt sammen med innkalling/sakliste: ' +
      '1. Vedl 1 Utkast til gjennomføringsavtale til sak 019/12 2. Vedl 2 Søkerliste med sekretariatets innstilling til sak 020/12';
    const items = read(text).document.items;
    expect(items.map((i) => i.number)).toEqual(['15/2012', '16/2012', '28/2012']);
    expect(items.map((i) => i.title)).toEqual(['Godkjenning av møtebok/-referat', 'Referatsaker', 'Eventuelt']);
  });

  it('bare "001/15" in a flattened sakliste and the range "Saksnr.: 001/15-003/15" (Gloppen)', () => {
    const text =
      'GLOPPEN KOMMUNE VALSTYRET MØTEBOK Møtedato: Møtetid: Kl. 11:30 11:50 Møtestad: Heradshuset Saksnr.: 001/15-003/15 SAKLISTE Sak nr. Sakstittel ' +
      '001/15 Godkjenning av innkalling og sakliste 002/15 Kommunestyre- og fylkestingsvalet ei orientering og fastsetting av fristar m m ' +
      '003/15 Framlegg om endring av ane i Gloppen Side 1\n\nValstyret godkjenner innkallinga og saklista til møtet den 15. januar';
    const doc = read(text).document;
    expect(doc.items.map((i) => i.number)).toEqual(['01/2015', '02/2015', '03/2015']);
    expect(doc.itemRange).toEqual({ from: '01/2015', to: '03/2015' });
    // The date: "15. januar" with the year the sak numbers print.
    expect(doc.startsAt.slice(0, 10)).toBe('2015-01-15');
  });

  it('numbers the PDF text lost: "/06" after "49/06" is inferred in order and flagged; "Rapport 8/2006" is no sak (Oslo)', () => {
    const text =
      'Saker til behandling i kontrollutvalgets møte torsdag 27.april 2006 kl Kart I Sak Side 49/06 Rapport 8/2006 Økonomistyring i Friluftsetaten ' +
      '/06 Rapport 6/2006 Intern kontroll i økonomiforvaltningen - samlerapport /06 Rapport 7/2006 Bevaring av kunst i Oslo kommune /06 Kommunerevisjonens Årskatalog';
    const items = read(text).document.items;
    expect(items.map((i) => [i.number, i.numberPrinted ?? null, i.numberInferred ?? false])).toEqual([
      ['49/2006', '49/06', false],
      ['50/2006', '/06', true],
      ['51/2006', '/06', true],
      ['52/2006', '/06', true],
    ]);
  });

  it('"/2016" between "02/2016" and "04/2016" is 03/2016 (Os)', () => {
    const text =
      'MØTEDATO: Onsdag 27. januar 2016 KL.: 14:00 SAKSLISTE SAK NR. INNHOLD 01/2016 Godkjenning av saksliste og innkalling 02/2016 Godkjenning av protokoll fra møte ' +
      '/2016 Årsmelding 2015 for kontrollutvalget 04/2016 Forvaltningsrevisjonsrapport; Oppfølging';
    expect(numbers(text)).toEqual(['01/2016', '02/2016', '03/2016', '04/2016']);
  });

  it('"/:" with every digit lost: kept in order, flagged, number empty (Skaun)', () => {
    const text =
      'Innkalling til møte i Kommunestyret 19.08.2015 kl. 17:00\n\nTIL BEHANDLING: /: MELDINGER - KOMMUNESTYRET.. /: IKA TRØNDELAG IKS - ENDRING AV SELSKAPSAVTALEN ' +
      '/: Unntatt offentlig ofl GRUNNERVERV - BUVIK SKOLEOMRÅDE /: SALG AV ØL PÅ VALGDAGEN Varamedlemmer møter etter nærmere varsel.';
    const items = read(text).document.items;
    expect(items.map((i) => [i.number, i.numberLost])).toEqual([['', true], ['', true], ['', true], ['', true]]);
    expect(items[2]!.closedLegalBasis).toBe('ofl');
    expect(items[2]!.title).toBe('GRUNNERVERV - BUVIK SKOLEOMRÅDE');
  });

  it('"Sak 1:" without a year takes the meeting year; "Sak 6 blir trekt" and "Ny sak 5" are prose (ÅRIM)', () => {
    const text =
      'fredag 27. oktober 2017 kl i ÅRIM sine lokale. Ny sak 5 er godkjenning av protokoll. Sak 6 blir trekt. Oppdatert sakliste ser etter dette slik ut: ' +
      'Sak 1: Godkjenning av innkalling Sak 2: Godkjenning av protokoll frå møte i representantskapet 25. april 2017 Sak 6: T';
    expect(numbers(text)).toEqual(['01/2017', '02/2017', '06/2017']);
  });

  it('look-alikes in a meeting page are no saker: "4/2 minutt", "277/1", "i sak 55/20", "11 mot 24 stemmer" (Verdal)', () => {
    const text = [
      'Kommunestyret 15.06.2020',
      'Til stede:    35 representanter. Jorunn I. Slapgård fratrådte som inhabil i sak 55/20 – Kari B. Ekseth tiltrådte.',
      'Øvrige talere 4/2 minutt som vanlig. Unntatt de partiene som har ett medlem hver som får 10/4 minutt.»',
      'Ved votering falt forslaget med 11 mot 24 stemmer.',
      'PS 58/20 Fastsetting av planprogram - Detaljregulering Ørin sør II - del av 277/1 m.m. Saksframlegg Protokoll Video',
    ].join('\n');
    const doc = read(text).document;
    expect(doc.items.map((i) => i.number)).toEqual(['58/2020']);
    expect(doc.presentCount).toBe(35);
  });
});

describe('headings and kinds', () => {
  it.each([
    ['MØTEINNKALLING KONTROLLUTVALGET I OS KOMMUNE', 'innkalling'],
    ['Saker til behandling i kontrollutvalgets møte. torsdag 27.april 2006 kl', 'innkalling'],
    ['SAKSLISTE  – Foreløpig', 'innkalling'],
    ['MØTEBOK. Fylkesutvalet. Fylkeshuset og Høgskolen i Bergen', 'referat'],
    ['Møteprotokoll', 'referat'],
    ['Protokoll fra ekstraordinært styremøte 9. mars 2015', 'referat'],
    ['Referat: ØRU styremøte 15. mai 2009 kl', 'referat'],
    ['Møteinnkalling Arkivsak: 035/2009', 'innkalling'],
  ])('%s → %s', (line, kind) => {
    expect(documentKind([line], '')).toBe(kind);
  });
});

describe('attendance as real documents print it', () => {
  const present = (text: string) => readAttendance(text, []);

  it('"DESSE MØTTE" with "Etternamn, Fornamn (Parti)", partial attendance, then "FORFALL" (Hordaland)', () => {
    const a = present(
      'DESSE MØTTE Grung, Ruth (A) Selsvold, Astrid F. (A) Eriksen, Birthe (H) : til kl Strømme, Mona Røsvik (H) Berre Ljones, Jostein (Sp) : sak 217/12 og 218/12 ' +
        'FORFALL Nøss, Nils-Olav (A) Valle, Sveinung (A) Eriksen, Birthe (H) frå kl DESSUTAN MØTTE Fylkesrådmann Paul M. Nilsen',
    );
    expect(a.present.map((p) => [p.name, p.party, p.note ?? null])).toEqual([
      ['Ruth Grung', 'A', null],
      ['Astrid F. Selsvold', 'A', null],
      ['Birthe Eriksen', 'H', 'til kl'],
      ['Mona Røsvik Strømme', 'H', null],
      ['Jostein Ljones', 'Sp', 'berre sak 217/12 og 218/12'],
    ]);
    expect(a.absent.map((p) => p.name)).toEqual(['Nils-Olav Nøss', 'Sveinung Valle', 'Birthe Eriksen']);
  });

  it('bullets with roles and "(per telefon)"; "Fra ViG:" and "Andre:" are not members (Vekst i Grenland)', () => {
    const a = present('Tilstede:\n\n • Jan Kleppe, styreleder\n • Inger Lysa (per telefon)\n\nFra ViG:\n\n • Hanne Gro Haugland\n\nAndre:\n\n • Revisor Odd Knustad \n');
    expect(a.present.map((p) => [p.name, p.role ?? null, p.note ?? null])).toEqual([
      ['Jan Kleppe', 'styreleder', null],
      ['Inger Lysa', null, 'per telefon'],
    ]);
    expect(a.secretariat.map((p) => p.name)).toEqual(['Hanne Gro Haugland', 'Revisor Odd Knustad']);
  });

  it('groups per owner municipality, "(vara)", and "16 av 18 medlemmer var tilstede" (Vekst i Grenland)', () => {
    const a = present(
      'Følgende representanter møtte:\n\nFor Skien kommune: Hedda Foss Five og Jan Terje Olsen\n\nFor Bamble kommune: Hallgeir Kjeldal, Heidi Therese Herum og Vibeke Abrahamsen (vara)\n\n' +
        'Alle eierkommunene var representert. 16 av 18 medlemmer var tilstede.',
    );
    expect(a.present.map((p) => [p.name, p.municipality, p.role ?? null])).toEqual([
      ['Hedda Foss Five', 'Skien', null],
      ['Jan Terje Olsen', 'Skien', null],
      ['Hallgeir Kjeldal', 'Bamble', null],
      ['Heidi Therese Herum', 'Bamble', null],
      ['Vibeke Abrahamsen', 'Bamble', 'vara'],
    ]);
    expect([a.presentCount, a.absentCount]).toEqual([16, 2]);
  });

  it('a table row per member with "Ja"/"Nei" and "X møtte som vara" (Verdal)', () => {
    const a = present(
      'Til stede:  9 representanter.\n\nOppmøte formannskap 09.11.2017\n\nNavnPartiFunksjonMøterMerknad\nBjørn Iversen DNA Ordfører Ja  \n' +
        'Silje Heggdal Sjøvold H Varaordfører Ja  \nMarit Voll SP Medlem Nei Bjørn Stian Hojem møtte som vara \n',
    );
    expect(a.presentCount).toBe(9);
    expect(a.present.map((p) => [p.name, p.substituteFor])).toEqual([
      ['Bjørn Iversen', null],
      ['Silje Heggdal Sjøvold', null],
      ['Bjørn Stian Hojem', 'Marit Voll'],
    ]);
    expect(a.absent.map((p) => p.name)).toEqual(['Marit Voll']);
  });

  it('a table printed one cell per line, and "Faste medlemmer som ikke møtte" (Verdal 2008)', () => {
    const a = present(
      'Faste medlemmer som møtte:\n\nNavn\n\nFunksjon\n\nRepresenterer\n\nTor-Petter Abelsen\n\nMedlem\n\nKRF-V\n\nBjørn Iversen\n\nOrdfører\n\nAP-V\n\n \n\n' +
        'Faste medlemmer som ikke møtte:\n\nNavn\n\nFunksjon\n\nRepresenterer\n\nKnut Fort\n',
    );
    expect(a.present.map((p) => [p.name, p.role, p.party])).toEqual([
      ['Tor-Petter Abelsen', 'Medlem', 'KRF-V'],
      ['Bjørn Iversen', 'Ordfører', 'AP-V'],
    ]);
    expect(a.absent.map((p) => p.name)).toEqual(['Knut Fort']);
  });

  it('a flattened table with "Vara for", "møtte: 35 av 37" and "Ikke møtt: Name, Party" (Harstad)', () => {
    const a = present(
      'Av utvalgets medlemmer/varamedlemmer møtte: 35 av 37 Følgende medlemmer/varamedlemmer møtte: Navn Funksjon Repr Vara for Marianne K. Bremnes Ordfører AP ' +
        'Jan Fjellstad Varaordf. V Frank Eilertsen Varamedlem AP Stig Rune Gudmundsen Jan Rune Lorentzen Varamedlem FRP Torleif Johnsen ' +
        'Ikke møtt: Finn-Ero Bustadmo, Frp. Astrid Nygård, SP Varamedlem Varamedlem Varamedlem Til stede fra administrasjonen: H SP AP Håvard Solhaug',
    );
    expect([a.presentCount, a.absentCount]).toEqual([35, 2]);
    expect(a.present.map((p) => [p.name, p.role, p.substituteFor])).toEqual([
      ['Marianne K. Bremnes', 'Ordfører', null],
      ['Jan Fjellstad', 'Varaordf.', null],
      ['Frank Eilertsen', 'Varamedlem', 'Stig Rune Gudmundsen'],
      ['Jan Rune Lorentzen', 'Varamedlem', 'Torleif Johnsen'],
    ]);
    expect(a.absent.map((p) => [p.name, p.party])).toEqual([
      ['Finn-Ero Bustadmo', 'Frp'],
      ['Astrid Nygård', 'SP'],
    ]);
  });

  it('names and parties in separate runs are counted, not split (Gloppen)', () => {
    const a = present(
      'Desse medlemmene møtte: Anders Ryssdal Ola Tarjei Kroken Kristin Sandal Gunnvor Sunde Arnfinn Brekke Parti Sp Ap Sp SD Krf Forfall/møtte ikkje Parti ' +
        'Følgjande varamedl. møtte Parti Ugilde Sak i forv.lova Følgjande varamedl. møtte Møteleiar:',
    );
    expect(a.presentCount).toBe(5);
    expect(a.present).toEqual([]);
    expect(a.warnings[0]).toMatch(/5 names printed in one run/);
  });

  it('surnames per municipality after a run of labels (ØRU)', () => {
    const a = present(
      'Sted: Tilstede: Nes: Eidsvoll: Hurdal: Nannestad: Gjerdrum: Ullensaker: Akershus Fk. ØRU : Rådhuset Ullensaker, sal Ullr Blekkerud/Seland Teslo/Hovde ' +
        'Bålsrud/Nærem Haugerud/Bråthen Bakke Von Clemm/Christensen Espelund/Bruknapp Meland/Hanssen Adriansen/Hoel',
    );
    expect(a.present).toHaveLength(17);
    expect(a.present.map((p) => p.name)).toContain('Von Clemm');
  });
});

describe('decisions and votes', () => {
  it('"TILRÅDING", "VEDTAK:" and "Vedtaket var samrøystes." (Gloppen)', () => {
    const body = readItemBody(
      'Leiaren i valstyret ber om godkjenning av innkallinga og saklista til møtet. LEIAREN I VALSTYRET SI TILRÅDING: Valstyret godkjenner innkallinga og saklista til møtet den 15. januar ' +
        'VALSTYRET 001/15 VEDTAK: Valstyret godkjenner innkallinga og saklista til møtet den 15. januar Vedtaket var samrøystes.',
    );
    expect(body.text).toBe('Leiaren i valstyret ber om godkjenning av innkallinga og saklista til møtet.');
    expect(body.proposedDecision).toBe('Valstyret godkjenner innkallinga og saklista til møtet den 15. januar');
    expect(body.decision).toEqual({ text: 'Valstyret godkjenner innkallinga og saklista til møtet den 15. januar', voting: 'Vedtaket var samrøystes.' });
    expect(parseVotingText(body.decision!.voting!)?.outcome).toBe('UNANIMOUS');
  });

  it('"Styret fattet følgende enstemmige vedtak" with no "Vedtak:" label (Vekst i Grenland)', () => {
    const body = readItemBody(
      'Årsberetning og regnskap skal behandles på møte i representantskapet 10. april 2015.\n\nStyret fattet følgende enstemmige vedtak\n\nStyret godkjente regnskapet.',
    );
    expect(body.decision).toEqual({ text: 'Styret godkjente regnskapet.', voting: 'Enstemmig vedtatt.' });
  });

  it('"RÅDMANNENS INNSTILLING:" and "Kontrollutvalgssekretariatets innstilling:" are proposals (Skaun, Frøya)', () => {
    expect(readItemBody('SAKEN GJELDER: MELDINGER - KOMMUNESTYRET.. RÅDMANNENS INNSTILLING: Meldingene tas til orientering.').proposedDecision).toBe(
      'Meldingene tas til orientering.',
    );
    expect(readItemBody('Arkivsaknr: Kontrollutvalgssekretariatets innstilling: Møteprotokoll fra kontrollutvalgets møte godkjennes.').proposedDecision).toBe(
      'Møteprotokoll fra kontrollutvalgets møte godkjennes.',
    );
  });

  it('"Sekretariatets forslag til vedtak:" then "Behandling:" (Os)', () => {
    const body = readItemBody('Saken er obligatorisk i alle møtene i utvalget. Sekretariatets forslag til vedtak: Saksliste og innkalling til møte godkjennes. Behandling: Kontrollutvalgets ve');
    expect(body.proposedDecision).toBe('Saksliste og innkalling til møte godkjennes.');
    expect(body.text).toBe('Saken er obligatorisk i alle møtene i utvalget.\n\nKontrollutvalgets ve');
  });

  it('"vedtatt med 5 mot 2 stemmer" goes into the vote model', () => {
    expect(parseVotingText('Innstillingen ble vedtatt med 5 mot 2 stemmer.')).toMatchObject({ outcome: 'MAJORITY', votesFor: 5, votesAgainst: 2 });
  });
});

describe('noisy text and degrading', () => {
  const transcript = (title: string, body: string) =>
    `source: http://example.invalid/x\n\n${title}\n\nStørrelse: px\nBegynne med side:\n\nDownload "${title}"\n\nTranskript\n\n${body}\n`;

  it('transcript furniture and title lines are set aside, the page number dropped, and the date taken from the title (Harstad)', () => {
    const r = read(
      transcript(
        'Møtebok. Utvalg: Kommunestyret Møtedato: 27.08.2015 Tidspunkt: 13:00 17:15 Møtested: Rådhus IA Kantina Fra saksnr: 61 Til saksnr.',
        '1 HARSTAD KOMMUNE Møtebok Utvalg: Kommunestyret Møtedato: Tidspunkt: 13:00 17:15 Møtested: Rådhus IA Kantina Fra saksnr: 61 Til saksnr. 74 ' +
          'Av utvalgets medlemmer/varamedlemmer møtte: 35 av 37 Følgende medlemmer/varamedlemmer møtte: Navn Funksjon Repr Vara for Marianne K. Bremnes Ordfører AP 1',
      ),
    );
    expect(r.reader).toBe('loose');
    expect(r.furniture).toEqual([1, 3, 5, 6, 8, 10]);
    expect(r.document.body).toBe('Kommunestyret');
    expect(r.document.startsAt).toBe('2015-08-27T13:00:00+02:00');
    expect(r.document.itemRange).toEqual({ from: '61/2015', to: '74/2015' });
  });

  it('with no date anywhere: from the file name, else from --date, else a clear error naming the saker found', () => {
    const text = 'Innkalling til møte i Kommunestyret.. kl. : på Kommunestyresalen. TIL BEHANDLING: Sak 1: Meldinger Sak 2: Salg av øl på valgdagen';
    expect(read(text, { fileName: 'kst-2015-08-19.txt' }).document.startsAt.slice(0, 10)).toBe('2015-08-19');
    const withDate = read(text, { date: '2015-08-19' });
    expect(withDate.document.startsAt.slice(0, 10)).toBe('2015-08-19');
    expect(withDate.warnings).toContain('date from --date: the document gives none');
    expect(() => read(text)).toThrow(MissingDateError);
    expect(() => read(text)).toThrow(/2 sak\(er\) found.*--date/);
  });

  it('with no body: from --body, else a warning', () => {
    const text = 'Møte 12. mars 2019 kl. 10:00\nSak 1/19 Godkjenning av innkalling\nSak 2/19 Eventuelt';
    expect(read(text, { body: 'Arbeidsutvalget' }).document.body).toBe('Arbeidsutvalget');
    expect(read(text).warnings).toContain('no body found: give one with --body');
  });
});
