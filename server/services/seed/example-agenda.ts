/** The agenda of the example meeting of 14.09.2017, exactly as the innkalling and the referat have it. */
import type { ExampleAgendaItem } from './example-types.js';
import { MEETING_RG_2017_06_01, MEETING_SG_2017_06_15, MEETING_GF_2017_06_15 } from './example-people.js';

export const agendaItems: ExampleAgendaItem[] = [
  {
    sequence: 21,
    year: 2017,
    position: 1,
    kind: 'MINUTES_APPROVAL',
    title: 'Referat fra møte i Rådmannsgruppen',
    introduction: 'Til behandling foreligger referat fra møte 01.06.2017',
    notes: 'Til behandling forelår referat fra møte 01.06.2017',
    proposedDecision: { text: 'Framlagt forslag til referat godkjennes.', formulatedInMeeting: false },
    decision: { text: 'Framlagt forslag til referat godkjennes.', adoptedAt: '2017-09-14T09:10:00+02:00' },
    approvesMinutesOf: MEETING_RG_2017_06_01,
    attachments: [1],
    references: [{ kind: 'MEETING', meeting: MEETING_RG_2017_06_01, citation: 'referat fra møte 01.06.2017' }],
    subItems: [],
  },
  {
    sequence: 22,
    year: 2017,
    position: 2,
    kind: 'ORIENTATION',
    title: 'Referat fra møte i Styringsgruppen',
    introduction: 'Til behandling foreligger referat fra møte 15.06.2017',
    notes: 'Til behandling forelår referat fra møte 15.06.2017',
    // The innkalling has no full stop here; the referat's vedtak has one.
    proposedDecision: { text: 'Framlagt forslag til referat tas til orientering', formulatedInMeeting: false },
    decision: { text: 'Framlagt forslag til referat tas til orientering.', adoptedAt: '2017-09-14T09:20:00+02:00' },
    approvesMinutesOf: null,
    attachments: [2],
    references: [{ kind: 'MEETING', meeting: MEETING_SG_2017_06_15, citation: 'referat fra møte 15.06.2017' }],
    subItems: [],
  },
  {
    sequence: 23,
    year: 2017,
    position: 3,
    kind: 'ORIENTATION',
    title: 'Protokoll fra Vestregionens generalforsamling',
    introduction: 'Til behandling foreligger protokoll fra generalforsamling 15.06.2017',
    notes: 'Til behandling forelår protokoll fra generalforsamling 15.06.2017',
    proposedDecision: { text: 'Framlagt forslag til protokoll tas til orientering', formulatedInMeeting: false },
    decision: { text: 'Framlagt forslag til protokoll tas til orientering.', adoptedAt: '2017-09-14T09:30:00+02:00' },
    approvesMinutesOf: null,
    attachments: [3, 4],
    references: [
      { kind: 'MEETING', meeting: MEETING_GF_2017_06_15, citation: 'protokoll fra generalforsamling 15.06.2017' },
    ],
    subItems: [],
  },
  {
    sequence: 24,
    year: 2017,
    position: 4,
    kind: 'DISCUSSION',
    title: 'Videreføring av Vestregionsamarbeidet etter 2018?',
    introduction:
      'Utkast til diskusjonsnotat, forslag til spørreundersøkelse (jf vedtak i styringsgruppen 16.03.2016, sak 06/2017) og revidert framdriftsplan legges frem til drøfting i møte.\n' +
      'Vedlagt følger utkast til diskusjonsnotat og forslag til framdrift. Vedlegg til diskusjonsnotat om Vestregionens samarbeidsgrunnlag og prioriterte aktiviteter, samt forslag til spørreundersøkelse, ettersendes.',
    notes:
      'Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017) å gjennomføre en prosess fram til juni 2018, for å avklare Vestregionens framtidige organisering. Forslag til notat som foreslås lagt til grunn for diskusjonen i kommunene, forslag til spørrendersøkelse og revidert framdriftsplan ble diskutert i møtet.',
    proposedDecision: { text: 'Formuleres i møtet.', formulatedInMeeting: true },
    decision: {
      text: 'Rådmannsgruppen slutter seg til framlagt forslag til prosess, og bearbeider diskusjonsnotat i tråd med innspill fra deltakerne.',
      adoptedAt: '2017-09-14T09:40:00+02:00',
    },
    approvesMinutesOf: null,
    attachments: [5, 6],
    references: [
      { kind: 'MEETING', meeting: MEETING_SG_2017_06_15, citation: 'jf vedtak i styringsgruppen 16.03.2016, sak 06/2017' },
    ],
    subItems: [],
  },
  {
    sequence: 25,
    year: 2017,
    position: 5,
    kind: 'DECISION',
    title: 'Tertialrapport 2 – 2017',
    introduction:
      'Til behandling foreligger statusrapport for gjennomførte aktiviteter i perioden 01.05.2017 til 31.08.2017, samt resultatregnskap pr 30.7.2017.',
    notes:
      'Til behandling forelå statusrapport for gjennomførte aktiviteter i perioden 01.05.2017 til 31.08.2017, samt resultatregnskap pr 30.7.2017.',
    proposedDecision: {
      text: 'Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport inkl. resultatregnskap pr 30.07.2017.',
      formulatedInMeeting: false,
    },
    decision: {
      text: 'Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport inkl. resultatregnskap pr 30.07.2017.',
      adoptedAt: '2017-09-14T09:50:00+02:00',
    },
    approvesMinutesOf: null,
    attachments: [7, 8],
    references: [],
    subItems: [],
  },
  {
    sequence: 26,
    year: 2017,
    position: 6,
    kind: 'ORIENTATION',
    title: 'Prosjekter innen prioriterte satsingsområder',
    introduction: null,
    notes: null,
    proposedDecision: null,
    decision: null,
    approvesMinutesOf: null,
    attachments: [],
    references: [],
    subItems: [
      {
        letter: 'A',
        position: 1,
        title: 'Kommnehelsesamarbeidet',
        subtitle: null,
        introduction: null,
        notes: null,
        proposedDecision: null,
        decision: null,
        attachments: [],
      },
      {
        letter: 'B',
        position: 2,
        title: 'KomUt',
        subtitle: null,
        introduction:
          'Prosjektleder legger fram status for kommunenes implementeringsarbeid og kommende nasjonale innføringstiltak.',
        notes:
          'Prosjektleder orienterte om status for kommunenes implementeringsarbeid og kommende nasjonale innføringstiltak:\n' +
          '* Nye tjeneste områder for meldingsutveksling avventes til nasjonale veiledere foreligger\n' +
          '* Alle legevakter unntatt Asker og Bærum har implementert kjernejournal\n' +
          '* Implementering kjernejournal i pleie og omsorg i kommunene kan medføre betydelige kostnader, og investeringsbehovet bør adresseres gjennom KS.',
        proposedDecision: { text: 'Rådmannsgruppen tar framlagt sak til orientering.', formulatedInMeeting: false },
        decision: { text: 'Rådmannsgruppen tar framlagt sak til orientering.', adoptedAt: '2017-09-14T10:02:00+02:00' },
        attachments: [9],
      },
      {
        letter: 'C',
        position: 3,
        title: 'BPA',
        subtitle: 'Sluttrapport revisjon og kontroll av lønns- og arbeidsforhold',
        introduction:
          'Sekretariatet har utarbeidet en sluttrapport etter gjennomført revisjon og kontroll hos våre eksterne leverandører våren 2017.',
        notes: 'Sekretariatet orienterte om gjennomført revisjon og kontroll hos våre eksterne leverandører våren 2017.',
        proposedDecision: { text: 'Framlagt sak tas til orientering.', formulatedInMeeting: false },
        decision: { text: 'Framlagt sak tas til orientering.', adoptedAt: '2017-09-14T10:03:00+02:00' },
        attachments: [10],
      },
      {
        letter: 'D',
        position: 4,
        title: 'Folkehelse',
        subtitle: null,
        introduction: null,
        notes: null,
        proposedDecision: null,
        decision: null,
        attachments: [9],
      },
      {
        letter: 'E',
        position: 5,
        title: 'Regional utvikling',
        subtitle: 'Innvilget støtte fra Forskningsrådet',
        // The innkalling quotes with ” … ” (U+201D both sides, space after the first).
        introduction:
          'Vestregionen har fått innvilget støtte til forprosjektet \u201d Prosesser og løsninger for klimaomstilling i kommunene\u201d i Forkommuneprogrammet.\n' +
          'Prosjektet skal gjennomføres i perioden september 2017 – februar 2018.',
        // The referat quotes with straight " … " (space after the first).
        notes:
          'Vestregionen har fått innvilget støtte til forprosjektet " Prosesser og løsninger for klimaomstilling i kommunene" i Forkommuneprogrammet.\n\n' +
          'Prosjektet skal gjennomføres i perioden september 2017 – februar 2018.',
        proposedDecision: { text: 'Framlagt sak tas til orientering.', formulatedInMeeting: false },
        decision: { text: 'Framlagt sak tas til orientering.', adoptedAt: '2017-09-14T10:05:00+02:00' },
        attachments: [],
      },
      {
        letter: 'F',
        position: 6,
        title: 'Kunst rett vest',
        subtitle: null,
        introduction: null,
        notes:
          'Årets arrangement ble åpnet 7.9.2017.\n\n' +
          'Planleggingen av 2018 er i rute.\n\n' +
          'Vertskap for 2019 bør avklares i løpet av 2017.',
        proposedDecision: null,
        decision: { text: 'Framlagt informasjon tas til orientering.', adoptedAt: '2017-09-14T10:06:00+02:00' },
        attachments: [],
      },
      {
        letter: 'G',
        position: 7,
        title: 'Ungdomssymfonikerne',
        subtitle: null,
        introduction: null,
        notes:
          'Rektorene i musikk- og kulturskolene og administrasjonen vil diskutere en eventuell avvikling av tilbudet til barn mellom 8 og 12 år den 19.9.2017. Orkesteret har 10 års jubileum i 2018, og planleggingen har startet.',
        proposedDecision: null,
        decision: { text: 'Framlagt informasjon tas til orientering.', adoptedAt: '2017-09-14T10:07:00+02:00' },
        attachments: [],
      },
    ],
  },
  {
    sequence: 27,
    year: 2017,
    position: 7,
    kind: 'ORIENTATION',
    title: 'Øvrige orienteringer, meldinger og informasjon',
    introduction: null,
    notes: null,
    proposedDecision: null,
    decision: null,
    approvesMinutesOf: null,
    attachments: [],
    references: [],
    subItems: [
      {
        letter: 'A',
        position: 1,
        title: 'Fra medlemskommunene + fylkeskommunene',
        subtitle: null,
        introduction: null,
        // Two separate statements on two lines in the referat (the first without a full stop): kept as two lines.
        notes:
          'Øvre Eiker har behandlet sak om internkommunalt samarbeid\n' +
          'Buskerud fylkeskommune har sent regional plan for areal og transport på høring til regionrådene. Fylkeskommunen vil også sende saken til Vestregionen og Akershuskommunene i Vestregionen.',
        proposedDecision: null,
        decision: null,
        attachments: [],
      },
      {
        letter: 'B',
        position: 2,
        title: 'Fra delregionene',
        subtitle: null,
        introduction: null,
        notes: null,
        proposedDecision: null,
        decision: null,
        attachments: [],
      },
      {
        letter: 'C',
        position: 3,
        title: 'Fra Osloregionen',
        subtitle: null,
        introduction: null,
        notes: null,
        proposedDecision: null,
        decision: null,
        attachments: [],
      },
      {
        letter: 'D',
        position: 4,
        title: 'Fra rådmannsgruppens leder/sekretariat',
        subtitle: null,
        introduction: null,
        notes: null,
        proposedDecision: null,
        decision: null,
        attachments: [],
      },
    ],
  },
  {
    sequence: 28,
    year: 2017,
    position: 8,
    kind: 'ANY_OTHER_BUSINESS',
    title: 'Eventuelt',
    introduction: null,
    notes: 'Ingen saker meldt.',
    proposedDecision: null,
    decision: null,
    approvesMinutesOf: null,
    attachments: [],
    references: [],
    subItems: [],
  },
];

