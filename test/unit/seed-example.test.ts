import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgendaItem,
  Attendance,
  Body,
  ItemReference,
  Meeting,
  Membership,
  Organisation,
  Person,
  SubItem,
} from '../../schema/entities/index.js';
import {
  AgendaItemKind,
  AttendanceRole,
  AttendanceStatus,
  BodyKind,
  MeetingStatus,
  MembershipRole,
  ReferenceKind,
} from '../../schema/enums.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { seedExample } from '../../server/services/seed/seed-example.js';
import { fixture, squash } from '../helpers/fixtures.js';

const innkalling = fixture('innkalling-radmannsgruppen-2017-09-14.txt');
const referat = fixture('referat-radmannsgruppen-2017-09-14.txt');

/**
 * The text that follows each line matching `marker` (blank lines before it skipped): the whole paragraph, or only
 * its first line where the document runs the next heading on without a blank line (the innkalling's list part).
 */
function textsAfter(doc: string, marker: RegExp, firstLineOnly = false): string[] {
  const lines = doc.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!marker.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const para: string[] = [];
    while (j < lines.length && lines[j]!.trim() !== '' && !(firstLineOnly && para.length)) para.push(lines[j++]!.trim());
    out.push(para.join(' '));
  }
  return out;
}

/** Whitespace (line breaks, markdown hard breaks, no-break spaces) collapsed to single spaces. */

const at = (iso: string): number => new Date(iso).getTime();

describe('seedExample', () => {
  let orm: Orm;

  beforeAll(async () => {
    ({ orm } = await openDatabase({ kind: 'sqlite', url: 'sqlite::memory:', poolMax: 1 }, pino({ level: 'silent' })));
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  it('seeds once, then does nothing', async () => {
    expect(await seedExample(orm.em.fork())).toBe(true);
    expect(await seedExample(orm.em.fork())).toBe(false);
    const em = orm.em.fork();
    expect(await em.count(Organisation, {})).toBe(1);
    expect(await em.count(Meeting, {})).toBe(4);
  });

  async function mainMeeting() {
    const em = orm.em.fork();
    const meeting = await em.findOneOrFail(
      Meeting,
      { body: { slug: 'radmannsgruppen' }, startsAt: new Date('2017-09-14T09:00:00+02:00') },
      { populate: ['body', 'attachments'] },
    );
    return { em, meeting };
  }

  it('creates the organisation and its bodies', async () => {
    const em = orm.em.fork();
    const org = await em.findOneOrFail(Organisation, { slug: 'vestregionen' }, { populate: ['bodies'] });
    expect(org.name).toBe('Vestregionen');
    const bodies = await em.find(Body, {}, { orderBy: { slug: 'asc' } });
    expect(bodies.map((b) => [b.name, b.slug, b.kind])).toEqual([
      ['Generalforsamling', 'generalforsamling', BodyKind.GENERAL_ASSEMBLY],
      ['Rådmannsgruppen', 'radmannsgruppen', BodyKind.EXECUTIVE_GROUP],
      ['Styringsgruppen', 'styringsgruppen', BodyKind.STEERING_GROUP],
    ]);
  });

  it('has the meeting times and places of the innkalling and the referat', async () => {
    const { em, meeting } = await mainMeeting();
    expect(meeting.status).toBe(MeetingStatus.HELD);
    expect(meeting.title).toBeNull();
    expect(meeting.endsAt?.getTime()).toBe(at('2017-09-14T12:00:00+02:00'));
    expect(meeting.location).toBe('Rådhuset i Drammen, møterom Åssiden/Konnerud');
    expect(meeting.actualStartsAt?.getTime()).toBe(at('2017-09-14T09:00:00+02:00'));
    expect(meeting.actualEndsAt?.getTime()).toBe(at('2017-09-14T11:00:00+02:00'));
    expect(meeting.actualLocation).toBe('Drammen rådhus');
    expect(meeting.noticeSentAt?.getTime()).toBe(at('2017-09-07T12:00:00+02:00'));
    expect(meeting.minutesApprovedAt).toBeNull();
    expect(meeting.noticeApproval?.text).toBe('Godkjent.');
    expect(meeting.noticeApproval?.adoptedAt?.getTime()).toBe(at('2017-09-14T09:00:00+02:00'));
    expect(innkalling).toContain(meeting.location!);
    expect(referat).toContain(`Sted: ${meeting.actualLocation}`);

    const previous = await em.findOneOrFail(Meeting, {
      body: { slug: 'radmannsgruppen' },
      startsAt: new Date('2017-06-01T09:00:00+02:00'),
    });
    expect(previous.status).toBe(MeetingStatus.MINUTES_APPROVED);
    expect(previous.minutesApprovedAt?.getTime()).toBe(at('2017-09-14T11:00:00+02:00'));
    const others = await em.find(Meeting, { body: { slug: { $in: ['styringsgruppen', 'generalforsamling'] } } });
    expect(others).toHaveLength(2);
    for (const m of others) {
      expect(m.status).toBe(MeetingStatus.HELD);
      expect(new Date(m.startsAt).toISOString().slice(0, 10)).toBe('2017-06-15');
    }
  });

  it('has items 21/2017–28/2017 in order with the exact titles, kinds and attachments', async () => {
    const { em, meeting } = await mainMeeting();
    const items = await em.find(
      AgendaItem,
      { meeting },
      { orderBy: { position: 'asc' }, populate: ['attachments', 'approvesMinutesOf', 'body'] },
    );
    expect(items.map((i) => [i.number, i.position, i.title, i.kind])).toEqual([
      ['21/2017', 1, 'Referat fra møte i Rådmannsgruppen', AgendaItemKind.MINUTES_APPROVAL],
      ['22/2017', 2, 'Referat fra møte i Styringsgruppen', AgendaItemKind.ORIENTATION],
      ['23/2017', 3, 'Protokoll fra Vestregionens generalforsamling', AgendaItemKind.ORIENTATION],
      ['24/2017', 4, 'Videreføring av Vestregionsamarbeidet etter 2018?', AgendaItemKind.DISCUSSION],
      ['25/2017', 5, 'Tertialrapport 2 \u2013 2017', AgendaItemKind.DECISION],
      ['26/2017', 6, 'Prosjekter innen prioriterte satsingsområder', AgendaItemKind.ORIENTATION],
      ['27/2017', 7, 'Øvrige orienteringer, meldinger og informasjon', AgendaItemKind.ORIENTATION],
      ['28/2017', 8, 'Eventuelt', AgendaItemKind.ANY_OTHER_BUSINESS],
    ]);
    for (const item of items) {
      expect(item.body.slug).toBe('radmannsgruppen');
      expect(innkalling).toContain(item.title);
      expect(referat).toContain(item.title);
    }
    expect(items[0]!.approvesMinutesOf?.startsAt.getTime()).toBe(at('2017-06-01T09:00:00+02:00'));
    expect(items.map((i) => i.attachments.getItems().map((a) => a.number).sort((a, b) => a - b))).toEqual([
      [1],
      [2],
      [3, 4],
      [5, 6],
      [7, 8],
      [],
      [],
      [],
    ]);
    expect(meeting.attachments.getItems().map((a) => a.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    expect(items[0]!.introduction).toBe('Til behandling foreligger referat fra møte 01.06.2017');
    expect(items[0]!.notes).toBe('Til behandling forelår referat fra møte 01.06.2017');
    expect(items[3]!.introduction).toContain('(jf vedtak i styringsgruppen 16.03.2016, sak 06/2017)');
    expect(items[3]!.introduction!.split('\n')).toHaveLength(2);
    expect(items[3]!.notes).toContain('spørrendersøkelse');
    expect(items[3]!.proposedDecision).toMatchObject({ text: 'Formuleres i møtet.', formulatedInMeeting: true });
    expect(items[7]!.notes).toBe('Ingen saker meldt.');
    for (const item of items) {
      if (item.decision) {
        expect(item.decision.voteOutcome).toBeNull();
        expect(item.decision.adoptedAt?.getTime()).toBe(at('2017-09-14T09:00:00+02:00') + item.position * 600_000);
      }
      if (item.proposedDecision && item.sequence !== 24) expect(item.proposedDecision.formulatedInMeeting).toBe(false);
    }

    const refs = await em.find(ItemReference, { agendaItem: { meeting } }, { populate: ['agendaItem', 'meeting', 'meeting.body'] });
    expect(
      refs
        .map((r) => [r.agendaItem.number, r.kind, r.meeting!.body.slug, new Date(r.meeting!.startsAt).toISOString().slice(0, 10), r.citation])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['21/2017', ReferenceKind.MEETING, 'radmannsgruppen', '2017-06-01', 'referat fra møte 01.06.2017'],
      ['22/2017', ReferenceKind.MEETING, 'styringsgruppen', '2017-06-15', 'referat fra møte 15.06.2017'],
      ['23/2017', ReferenceKind.MEETING, 'generalforsamling', '2017-06-15', 'protokoll fra generalforsamling 15.06.2017'],
      ['24/2017', ReferenceKind.MEETING, 'styringsgruppen', '2017-06-15', 'jf vedtak i styringsgruppen 16.03.2016, sak 06/2017'],
    ]);
    for (const r of refs) expect(innkalling).toContain(r.citation);
  });

  it('has sub-items A–G under 26/2017 and A–D under 27/2017', async () => {
    const { em, meeting } = await mainMeeting();
    const subs = await em.find(
      SubItem,
      { agendaItem: { meeting } },
      { orderBy: { agendaItem: { position: 'asc' }, position: 'asc' }, populate: ['agendaItem', 'attachments'] },
    );
    expect(subs.map((s) => [s.agendaItem.number, s.letter, s.position, s.title, s.subtitle])).toEqual([
      ['26/2017', 'A', 1, 'Kommnehelsesamarbeidet', null],
      ['26/2017', 'B', 2, 'KomUt', null],
      ['26/2017', 'C', 3, 'BPA', 'Sluttrapport revisjon og kontroll av lønns- og arbeidsforhold'],
      ['26/2017', 'D', 4, 'Folkehelse', null],
      ['26/2017', 'E', 5, 'Regional utvikling', 'Innvilget støtte fra Forskningsrådet'],
      ['26/2017', 'F', 6, 'Kunst rett vest', null],
      ['26/2017', 'G', 7, 'Ungdomssymfonikerne', null],
      ['27/2017', 'A', 1, 'Fra medlemskommunene + fylkeskommunene', null],
      ['27/2017', 'B', 2, 'Fra delregionene', null],
      ['27/2017', 'C', 3, 'Fra Osloregionen', null],
      ['27/2017', 'D', 4, 'Fra rådmannsgruppens leder/sekretariat', null],
    ]);
    for (const s of subs) {
      expect(innkalling).toContain(s.title);
      expect(referat).toContain(s.title);
      if (s.subtitle) {
        expect(innkalling).toContain(s.subtitle);
        expect(referat).toContain(s.subtitle);
      }
    }
    const byKey = new Map(subs.map((s) => [`${s.agendaItem.sequence}${s.letter}`, s]));
    expect(subs.map((s) => s.attachments.getItems().map((a) => a.number))).toEqual([[], [9], [10], [9], [], [], [], [], [], [], []]);
    for (const key of ['26A', '26D', '27A', '27B', '27C', '27D']) expect(byKey.get(key)!.decision).toBeNull();
    for (const key of ['26A', '26D', '26F', '26G', '27A', '27B', '27C', '27D']) expect(byKey.get(key)!.proposedDecision).toBeNull();
    expect(byKey.get('26B')!.notes!.split('\n')).toEqual([
      'Prosjektleder orienterte om status for kommunenes implementeringsarbeid og kommende nasjonale innføringstiltak:',
      '* Nye tjeneste områder for meldingsutveksling avventes til nasjonale veiledere foreligger',
      '* Alle legevakter unntatt Asker og Bærum har implementert kjernejournal',
      '* Implementering kjernejournal i pleie og omsorg i kommunene kan medføre betydelige kostnader, og investeringsbehovet bør adresseres gjennom KS.',
    ]);
    expect(byKey.get('26C')!.notes).toBe(
      'Sekretariatet orienterte om gjennomført revisjon og kontroll hos våre eksterne leverandører våren 2017.',
    );
    expect(byKey.get('26E')!.introduction).toContain('forprosjektet \u201d Prosesser og løsninger for klimaomstilling i kommunene\u201d i');
    expect(byKey.get('26E')!.notes).toContain('forprosjektet " Prosesser og løsninger for klimaomstilling i kommunene" i');
  });

  it('keeps every text verbatim: vedtak, forslag til vedtak, introductions and notes', async () => {
    const { em, meeting } = await mainMeeting();
    const items = await em.find(AgendaItem, { meeting }, { orderBy: { position: 'asc' }, populate: ['subItems'] });
    const inDocumentOrder = items.flatMap((i) => [i, ...i.subItems.getItems().sort((a, b) => a.position - b.position)]);

    // Every "Vedtak:" of the referat, in document order, is the decision text of the meeting, item or sub-item.
    const vedtak = textsAfter(referat, /^Vedtak:\s*$/);
    expect(vedtak).toHaveLength(11);
    const decisions = [meeting.noticeApproval, ...inDocumentOrder.map((x) => x.decision)]
      .filter((d) => d !== null)
      .map((d) => d.text);
    expect(decisions).toEqual(vedtak);

    // Every "Forslag til vedtak:" of the innkalling, in document order.
    const forslag = textsAfter(innkalling, /Forslag til vedtak:\*\s*$/, true);
    expect(forslag).toHaveLength(8);
    expect(inDocumentOrder.map((x) => x.proposedDecision).filter((p) => p !== null).map((p) => p.text)).toEqual(forslag);

    // Introductions and notes occur in the documents, up to how lines are broken.
    const innkallingText = squash(innkalling);
    const referatText = squash(referat);
    for (const x of inDocumentOrder) {
      if (x.introduction) expect(innkallingText).toContain(squash(x.introduction));
      if (x.notes) expect(referatText).toContain(squash(x.notes));
      if (x.notes) expect(x.notes).not.toMatch(/[ \u00a0]\n|\n[ \u00a0]|\n{3}/);
    }
  });

  it('records who was there, who stood in for whom, and who sent forfall', async () => {
    const { em, meeting } = await mainMeeting();
    const rows = await em.find(
      Attendance,
      { meeting },
      { orderBy: { position: 'asc' }, populate: ['person', 'substituteFor', 'fromItem'] },
    );
    expect(rows.map((r) => [r.position, r.person.name, r.person.municipality, r.role, r.status])).toEqual([
      [1, 'Erik Kjeldstadli', 'Bærum', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [2, 'Lars Bjerke', 'Asker', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [3, 'Per Kierulf', 'Akershus', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [4, 'Trude Andresen', 'Øvre Eiker', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [5, 'Georg N. Smedhus', 'Buskerud', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [6, 'Kjersti H. Berulf', null, AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [7, 'Lars J. Tveit', 'Hurum', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [8, 'Steinar Valstad', 'Drammen', AttendanceRole.SUBSTITUTE, AttendanceStatus.PRESENT],
      [9, 'Bente Gravdal', 'Lier', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [10, 'Øyvind Brandt', 'Bærum', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [11, 'Per Morstad', 'Røyken', AttendanceRole.MEMBER, AttendanceStatus.PRESENT],
      [12, 'Nina Solberg', null, AttendanceRole.SECRETARIAT, AttendanceStatus.PRESENT],
      [13, 'Lena Hansson', null, AttendanceRole.SECRETARIAT, AttendanceStatus.PRESENT],
      [14, 'Kjetil Axelsen', null, AttendanceRole.SECRETARIAT, AttendanceStatus.PRESENT],
      [15, 'Kari Engen Sørensen', null, AttendanceRole.SECRETARIAT, AttendanceStatus.PRESENT],
      [16, 'Torger Ødegaard', 'Hole', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
      [17, 'Stig Rune Kroken', 'Krødsherad', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
      [18, 'Aud Norunn Strand', 'Modum', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
      [19, 'Truls Hvitstein', 'Nedre Eiker', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
      [20, 'Tore Isaksen', 'Ringerike', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
      [21, 'Olav Grande', 'Sande', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
      [22, 'Jostein Harm', 'Sigdal', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE],
    ]);
    for (const r of rows) expect(referat).toContain(r.person.name);

    const valstad = rows.find((r) => r.person.name === 'Steinar Valstad')!;
    expect(valstad.substituteFor?.name).toBe('Trond Julin');
    expect(valstad.substituteFor?.municipality).toBe('Drammen');
    expect(rows.filter((r) => r.substituteFor !== null)).toHaveLength(1);

    const morstad = rows.find((r) => r.person.name === 'Per Morstad')!;
    expect(morstad.fromItem?.number).toBe('25/2017');
    expect(rows.filter((r) => r.fromItem !== null || r.untilItem !== null)).toHaveLength(1);

    const julin = await em.findOneOrFail(Person, { name: 'Trond Julin' });
    expect(rows.some((r) => r.person.id === julin.id)).toBe(false);
    expect(await em.count(Person, {})).toBe(23);
  });

  it('gives memberships in Rådmannsgruppen, with no leader', async () => {
    const em = orm.em.fork();
    const memberships = await em.find(Membership, {}, { populate: ['person', 'body'] });
    expect(memberships).toHaveLength(23);
    for (const m of memberships) {
      expect(m.body.slug).toBe('radmannsgruppen');
      expect(m.validFrom).toBe('2017-01-01');
      expect(m.validTo).toBeNull();
    }
    const role = (name: string) => memberships.find((m) => m.person.name === name)?.role;
    expect(memberships.filter((m) => m.role === MembershipRole.LEADER)).toHaveLength(0);
    expect(memberships.filter((m) => m.role === MembershipRole.MEMBER)).toHaveLength(18);
    expect(role('Steinar Valstad')).toBe(MembershipRole.DEPUTY);
    expect(role('Trond Julin')).toBe(MembershipRole.MEMBER);
    expect(memberships.filter((m) => m.role === MembershipRole.SECRETARIAT).map((m) => m.person.name).sort()).toEqual(
      ['Kari Engen Sørensen', 'Kjetil Axelsen', 'Lena Hansson', 'Nina Solberg'],
    );
  });
});
