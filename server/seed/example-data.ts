/**
 * The example meeting: Vestregionen's Rådmannsgruppen, 14 September 2017, exactly as the innkalling and the
 * referat have it (test/fixtures/innkalling-radmannsgruppen-2017-09-14.txt and
 * test/fixtures/referat-radmannsgruppen-2017-09-14.txt). Typos of the documents are kept on purpose.
 *
 * Pure data: no ORM imports. Enum values are spelled as their string values; instants are ISO 8601 strings
 * with the Europe/Oslo offset of the day (summer time, +02:00).
 */

export type ExampleBodyKind = 'EXECUTIVE_GROUP' | 'STEERING_GROUP' | 'GENERAL_ASSEMBLY' | 'OTHER';
export type ExampleMembershipRole = 'MEMBER' | 'LEADER' | 'DEPUTY' | 'SECRETARIAT';
export type ExampleMeetingStatus = 'PLANNED' | 'NOTICE_SENT' | 'HELD' | 'MINUTES_APPROVED';
export type ExampleItemKind = 'DECISION' | 'MINUTES_APPROVAL' | 'ORIENTATION' | 'DISCUSSION' | 'ANY_OTHER_BUSINESS';
export type ExampleAttendanceRole = 'MEMBER' | 'SUBSTITUTE' | 'SECRETARIAT' | 'GUEST';
export type ExampleAttendanceStatus = 'PRESENT' | 'ABSENT_WITH_NOTICE' | 'ABSENT';

export interface ExampleDecision {
  text: string;
  /** ISO instant */
  adoptedAt: string | null;
}

export interface ExampleProposedDecision {
  text: string;
  formulatedInMeeting: boolean;
}

export interface ExampleBody {
  name: string;
  slug: string;
  kind: ExampleBodyKind;
}

export interface ExamplePerson {
  /** Key used by memberships and attendance rows (the name as printed). */
  name: string;
  municipality: string | null;
}

export interface ExampleMembership {
  person: string;
  body: string;
  role: ExampleMembershipRole;
  validFrom: string | null;
  validTo: string | null;
}

export interface ExampleAttachment {
  number: number;
  title: string;
}

export interface ExampleReference {
  kind: 'MEETING';
  /** Key of the referenced meeting. */
  meeting: string;
  citation: string;
}

export interface ExampleSubItem {
  letter: string;
  position: number;
  title: string;
  subtitle: string | null;
  introduction: string | null;
  notes: string | null;
  proposedDecision: ExampleProposedDecision | null;
  decision: ExampleDecision | null;
  attachments: number[];
}

export interface ExampleAgendaItem {
  sequence: number;
  year: number;
  position: number;
  kind: ExampleItemKind;
  title: string;
  introduction: string | null;
  notes: string | null;
  proposedDecision: ExampleProposedDecision | null;
  decision: ExampleDecision | null;
  /** Key of the meeting whose minutes this item approves. */
  approvesMinutesOf: string | null;
  attachments: number[];
  references: ExampleReference[];
  subItems: ExampleSubItem[];
}

export interface ExampleAttendance {
  position: number;
  person: string;
  role: ExampleAttendanceRole;
  status: ExampleAttendanceStatus;
  substituteFor: string | null;
  /** Sequence of the item (same meeting) from which the person was present. */
  fromItem: number | null;
}

export interface ExampleMeeting {
  key: string;
  body: string;
  title: string | null;
  status: ExampleMeetingStatus;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  actualStartsAt: string | null;
  actualEndsAt: string | null;
  actualLocation: string | null;
  noticeSentAt: string | null;
  minutesApprovedAt: string | null;
  noticeApproval: ExampleDecision | null;
  attachments: ExampleAttachment[];
  agendaItems: ExampleAgendaItem[];
  attendance: ExampleAttendance[];
}

export interface ExampleData {
  organisation: { name: string; slug: string };
  bodies: ExampleBody[];
  persons: ExamplePerson[];
  memberships: ExampleMembership[];
  meetings: ExampleMeeting[];
}

const RG = 'radmannsgruppen';
const SG = 'styringsgruppen';
const GF = 'generalforsamling';

/** Keys of the meetings. */
export const MEETING_RG_2017_06_01 = 'radmannsgruppen-2017-06-01';
export const MEETING_SG_2017_06_15 = 'styringsgruppen-2017-06-15';
export const MEETING_GF_2017_06_15 = 'generalforsamling-2017-06-15';
export const MEETING_RG_2017_09_14 = 'radmannsgruppen-2017-09-14';

/** Til stede, in the order of the referat. */
const present: ExamplePerson[] = [
  { name: 'Erik Kjeldstadli', municipality: 'Bærum' },
  { name: 'Lars Bjerke', municipality: 'Asker' },
  { name: 'Per Kierulf', municipality: 'Akershus' },
  { name: 'Trude Andresen', municipality: 'Øvre Eiker' },
  { name: 'Georg N. Smedhus', municipality: 'Buskerud' },
  // The referat gives no municipality for her.
  { name: 'Kjersti H. Berulf', municipality: null },
  { name: 'Lars J. Tveit', municipality: 'Hurum' },
  // "Steinar Valstad for Trond Julin, Drammen"
  { name: 'Steinar Valstad', municipality: 'Drammen' },
  // Printed "Bente Gravdal Lier," (comma missing); she was rådmann of Lier.
  { name: 'Bente Gravdal', municipality: 'Lier' },
  { name: 'Øyvind Brandt', municipality: 'Bærum' },
  // "(fra sak 25/2017)"
  { name: 'Per Morstad', municipality: 'Røyken' },
];

/** Named only as the member Steinar Valstad stood in for; neither present nor listed under forfall. */
const substituted: ExamplePerson = { name: 'Trond Julin', municipality: 'Drammen' };

/** "Sekretariatet: Nina Solberg, Lena Hansson, Kjetil Axelsen og Kari Engen Sørensen" */
const secretariat: ExamplePerson[] = [
  { name: 'Nina Solberg', municipality: null },
  { name: 'Lena Hansson', municipality: null },
  { name: 'Kjetil Axelsen', municipality: null },
  { name: 'Kari Engen Sørensen', municipality: null },
];

/** Forfall, in the order of the referat. */
const absent: ExamplePerson[] = [
  { name: 'Torger Ødegaard', municipality: 'Hole' },
  { name: 'Stig Rune Kroken', municipality: 'Krødsherad' },
  { name: 'Aud Norunn Strand', municipality: 'Modum' },
  { name: 'Truls Hvitstein', municipality: 'Nedre Eiker' },
  { name: 'Tore Isaksen', municipality: 'Ringerike' },
  { name: 'Olav Grande', municipality: 'Sande' },
  { name: 'Jostein Harm', municipality: 'Sigdal' },
];

const SUBSTITUTE = 'Steinar Valstad';

const memberships: ExampleMembership[] = [
  ...[...present, substituted, ...absent].map(
    (p): ExampleMembership => ({
      person: p.name,
      body: RG,
      role: p.name === SUBSTITUTE ? 'DEPUTY' : 'MEMBER',
      validFrom: '2017-01-01',
      validTo: null,
    }),
  ),
  ...secretariat.map(
    (p): ExampleMembership => ({ person: p.name, body: RG, role: 'SECRETARIAT', validFrom: '2017-01-01', validTo: null }),
  ),
];

const attendance: ExampleAttendance[] = [
  ...present.map(
    (p): Omit<ExampleAttendance, 'position'> => ({
      person: p.name,
      role: p.name === SUBSTITUTE ? 'SUBSTITUTE' : 'MEMBER',
      status: 'PRESENT',
      substituteFor: p.name === SUBSTITUTE ? substituted.name : null,
      fromItem: p.name === 'Per Morstad' ? 25 : null,
    }),
  ),
  ...secretariat.map(
    (p): Omit<ExampleAttendance, 'position'> => ({
      person: p.name,
      role: 'SECRETARIAT',
      status: 'PRESENT',
      substituteFor: null,
      fromItem: null,
    }),
  ),
  ...absent.map(
    (p): Omit<ExampleAttendance, 'position'> => ({
      person: p.name,
      role: 'MEMBER',
      status: 'ABSENT_WITH_NOTICE',
      substituteFor: null,
      fromItem: null,
    }),
  ),
].map((a, i) => ({ ...a, position: i + 1 }));

/** Decisions are adopted during the meeting: 09:00 + 10 minutes × item position (sub-items: + letter position minutes). */
const agendaItems: ExampleAgendaItem[] = [
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

const noItems = { attachments: [], agendaItems: [], attendance: [] } satisfies Pick<
  ExampleMeeting,
  'attachments' | 'agendaItems' | 'attendance'
>;

export const exampleData: ExampleData = {
  organisation: { name: 'Vestregionen', slug: 'vestregionen' },
  bodies: [
    { name: 'Rådmannsgruppen', slug: RG, kind: 'EXECUTIVE_GROUP' },
    { name: 'Styringsgruppen', slug: SG, kind: 'STEERING_GROUP' },
    { name: 'Generalforsamling', slug: GF, kind: 'GENERAL_ASSEMBLY' },
  ],
  persons: [...present, substituted, ...secretariat, ...absent],
  memberships,
  meetings: [
    {
      key: MEETING_RG_2017_06_01,
      body: RG,
      title: null,
      status: 'MINUTES_APPROVED',
      startsAt: '2017-06-01T09:00:00+02:00',
      endsAt: null,
      location: null,
      actualStartsAt: null,
      actualEndsAt: null,
      actualLocation: null,
      noticeSentAt: null,
      // Approved in sak 21/2017 on 14.09.2017.
      minutesApprovedAt: '2017-09-14T11:00:00+02:00',
      noticeApproval: null,
      ...noItems,
    },
    {
      key: MEETING_SG_2017_06_15,
      body: SG,
      title: null,
      status: 'HELD',
      // The documents give the date only; the time is a placeholder.
      startsAt: '2017-06-15T09:00:00+02:00',
      endsAt: null,
      location: null,
      actualStartsAt: null,
      actualEndsAt: null,
      actualLocation: null,
      noticeSentAt: null,
      minutesApprovedAt: null,
      noticeApproval: null,
      ...noItems,
    },
    {
      key: MEETING_GF_2017_06_15,
      body: GF,
      title: null,
      status: 'HELD',
      // The documents give the date only; the time is a placeholder.
      startsAt: '2017-06-15T12:00:00+02:00',
      endsAt: null,
      location: null,
      actualStartsAt: null,
      actualEndsAt: null,
      actualLocation: null,
      noticeSentAt: null,
      minutesApprovedAt: null,
      noticeApproval: null,
      ...noItems,
    },
    {
      key: MEETING_RG_2017_09_14,
      body: RG,
      title: null,
      status: 'HELD',
      // Innkalling: "Torsdag 14.09.2017 kl. 09.00 – 12.00", "Rådhuset i Drammen, møterom Åssiden/Konnerud"
      startsAt: '2017-09-14T09:00:00+02:00',
      endsAt: '2017-09-14T12:00:00+02:00',
      location: 'Rådhuset i Drammen, møterom Åssiden/Konnerud',
      // Referat: "Torsdag 14.09.2017 kl. 09.00 – 11.00", "Drammen rådhus"
      actualStartsAt: '2017-09-14T09:00:00+02:00',
      actualEndsAt: '2017-09-14T11:00:00+02:00',
      actualLocation: 'Drammen rådhus',
      noticeSentAt: '2017-09-07T12:00:00+02:00',
      // The referat is still a draft.
      minutesApprovedAt: null,
      noticeApproval: { text: 'Godkjent.', adoptedAt: '2017-09-14T09:00:00+02:00' },
      attachments: [
        { number: 1, title: 'Referat fra møte i Rådmannsgruppen 01.06.2017' },
        { number: 2, title: 'Referat fra møte i Styringsgruppen 15.06.2017' },
        { number: 3, title: 'Protokoll fra generalforsamling 15.06.2017' },
        { number: 4, title: 'Vedlegg til protokoll fra generalforsamling 15.06.2017' },
        { number: 5, title: 'Utkast til diskusjonsnotat' },
        { number: 6, title: 'Revidert framdriftsplan' },
        { number: 7, title: 'Statusrapport 2. tertial 2017' },
        { number: 8, title: 'Resultatregnskap pr 30.07.2017' },
        // Cited by both 26B (KomUt) and 26D (Folkehelse) in the innkalling.
        { number: 9, title: 'Status KomUt og folkehelse' },
        { number: 10, title: 'Sluttrapport revisjon og kontroll av lønns- og arbeidsforhold' },
      ],
      agendaItems,
      attendance,
    },
  ],
};
