/**
 * The example: Vestregionen's Rådmannsgruppen, 14 September 2017 (test/fixtures/innkalling-radmannsgruppen-2017-09-14.txt and
 * test/fixtures/referat-radmannsgruppen-2017-09-14.txt), with the earlier meetings its items refer to. Pure data.
 */
import type { ExampleMeeting, ExampleData } from './example-types.js';
import { RG, SG, GF, MEETING_RG_2017_06_01, MEETING_SG_2017_06_15, MEETING_GF_2017_06_15, MEETING_RG_2017_09_14, present, substituted, secretariat, absent, memberships, attendance } from './example-people.js';
import { agendaItems } from './example-agenda.js';

export * from './example-types.js';
export { MEETING_GF_2017_06_15, MEETING_RG_2017_06_01, MEETING_RG_2017_09_14, MEETING_SG_2017_06_15 } from './example-people.js';

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

