/**
 * A second, differently shaped referat (test/fixtures/referat-styringsgruppen-2018-02-05.txt) written into the
 * database: voting lines, a protokolltilførsel, inhabilitet, a closed item, partial presence and a substitute.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem, Attendance, Body, Disqualification, Meeting, Person, ProtocolEntry } from '../../schema/entities/index.js';
import { AgendaItemKind, AttendanceRole, AttendanceStatus, BodyKind, MeetingStatus, VoteOutcome } from '../../schema/enums.js';
import { systemImport } from '../../server/services/import/import-service.js';
import { gatherDocument } from '../../server/documents/gather-document.js';
import { parseDocument } from '../../server/documents/parse-common.js';
import { renderMarkdown } from '../../server/documents/render-markdown.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { fixture } from '../helpers/fixtures.js';

const text = fixture('referat-styringsgruppen-2018-02-05.txt');

describe('importing the Styringsgruppen referat of 05.02.2018', () => {
  let orm: Orm;

  beforeAll(async () => {
    ({ orm } = await openDatabase({ kind: 'sqlite', url: 'sqlite::memory:', poolMax: 1 }, pino({ level: 'silent' })));
    const parsed = parseDocument(text);
    const report = await systemImport(orm.em.fork()).apply(parsed.document, { apply: true, unplaced: parsed.unplaced });
    expect(report.unplaced).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  it('creates the body and a held meeting with its actual time and place', async () => {
    const em = orm.em.fork();
    const body = await em.findOneOrFail(Body, { slug: 'styringsgruppen' });
    expect([body.name, body.kind]).toEqual(['Styringsgruppen', BodyKind.STEERING_GROUP]);
    const m = await em.findOneOrFail(Meeting, { body });
    expect(m.status).toBe(MeetingStatus.HELD);
    expect(m.actualStartsAt?.toISOString()).toBe(new Date('2018-02-05T09:00:00+01:00').toISOString());
    expect(m.actualEndsAt?.toISOString()).toBe(new Date('2018-02-05T11:00:00+01:00').toISOString());
    expect(m.actualLocation).toBe('Asker rådhus, formannskapssalen');
    expect(m.noticeApproval?.text).toBe('Godkjent uten merknader.');
  });

  it('records items, votes, protocol entries, inhabilitet and the closed item', async () => {
    const em = orm.em.fork();
    const items = await em.find(AgendaItem, {}, { orderBy: { position: 'asc' }, populate: ['attachments'] });
    expect(items.map((i) => [i.number, i.kind])).toEqual([
      ['03/2018', AgendaItemKind.MINUTES_APPROVAL],
      ['04/2018', AgendaItemKind.DECISION],
      ['04a/2018', AgendaItemKind.DISCUSSION],
      ['05/2018', AgendaItemKind.DECISION],
      ['06/2018', AgendaItemKind.ORIENTATION],
      ['07/2018', AgendaItemKind.ANY_OTHER_BUSINESS],
    ]);
    const [i03, i04, i04a, i05] = items;
    expect(i03!.decision?.voteOutcome).toBe(VoteOutcome.UNANIMOUS);
    expect(i04!.attachments.getItems().map((a) => [a.number, a.title]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 'Vedlegg 1'],
      [2, 'Vedlegg 2'],
      [3, 'Vedlegg 3'],
    ]);
    const krog = await em.findOneOrFail(Person, { name: 'Lisbeth Hammer Krog' });
    expect(i04!.decision).toMatchObject({ voteOutcome: VoteOutcome.MAJORITY, votesAgainst: 1, dissenterIds: [krog.id] });
    expect(i04!.proposedDecision?.text).toBe('Styringsgruppen vedtar budsjett for 2018 slik det er lagt fram.');
    expect((await em.find(ProtocolEntry, { agendaItem: i04! })).map((p) => p.text)).toEqual([
      'Bærum kommune mener økningen bør dekkes innenfor eksisterende ramme.',
    ]);
    const inhabil = await em.find(Disqualification, { agendaItem: i04a! }, { populate: ['person'] });
    expect(inhabil.map((d) => [d.person.name, d.legalBasis])).toEqual([['Tore Opdal Hansen', 'forvaltningsloven § 6 første ledd bokstav e']]);
    expect([i05!.public, i05!.closedLegalBasis]).toEqual([false, 'offentleglova § 25']);
  });

  it('records attendance with the substitute, partial presence and forfall', async () => {
    const rows = await orm.em
      .fork()
      .find(Attendance, {}, { orderBy: { position: 'asc' }, populate: ['person', 'substituteFor', 'fromItem', 'untilItem'] });
    expect(
      rows.map((r) => [r.person.name, r.person.municipality, r.role, r.status, r.substituteFor?.name ?? null, r.fromItem?.number ?? null, r.untilItem?.number ?? null]),
    ).toEqual([
      ['Lisbeth Hammer Krog', 'Bærum', AttendanceRole.MEMBER, AttendanceStatus.PRESENT, null, null, null],
      ['Kristin Ørmen Johnsen', 'Asker', AttendanceRole.MEMBER, AttendanceStatus.PRESENT, null, null, '06/2018'],
      ['Anders Olav Alsaker', 'Buskerud fylkeskommune', AttendanceRole.SUBSTITUTE, AttendanceStatus.PRESENT, 'Tore Hagebakken', null, null],
      ['Tore Opdal Hansen', 'Drammen', AttendanceRole.MEMBER, AttendanceStatus.PRESENT, null, '04/2018', null],
      ['Nina Solberg', null, AttendanceRole.SECRETARIAT, AttendanceStatus.PRESENT, null, null, null],
      ['Kjetil Axelsen', null, AttendanceRole.SECRETARIAT, AttendanceStatus.PRESENT, null, null, null],
      ['Morten Eriksrud', 'Nedre Eiker', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE, null, null, null],
      ['Per R. Berger', 'Hole', AttendanceRole.MEMBER, AttendanceStatus.ABSENT_WITH_NOTICE, null, null, null],
    ]);
  });

  it('renders from the database to Markdown that imports to the same rendering', async () => {
    const m = await orm.em.fork().findOneOrFail(Meeting, { body: { slug: 'styringsgruppen' } });
    const md = renderMarkdown(await gatherDocument(orm.em.fork(), m.id, 'referat'));
    expect(md).toContain('Vedtatt mot 1 stemme (Lisbeth Hammer Krog).');
    expect(md).toContain('Protokolltilførsel: Bærum kommune mener');
    expect(md).toContain('Inhabil: Tore Opdal Hansen (forvaltningsloven § 6 første ledd bokstav e)');
    expect(md).toContain('Unntatt offentlighet, jf. offentleglova § 25');
    const { orm: fresh } = await openDatabase({ kind: 'sqlite', url: 'sqlite::memory:', poolMax: 1 }, pino({ level: 'silent' }));
    try {
      const parsed = parseDocument(md);
      expect(parsed.unplaced).toEqual([]);
      await systemImport(fresh.em.fork()).apply(parsed.document, { apply: true });
      const m2 = await fresh.em.fork().findOneOrFail(Meeting, { body: { slug: 'styringsgruppen' } });
      expect(renderMarkdown(await gatherDocument(fresh.em.fork(), m2.id, 'referat'))).toBe(md);
    } finally {
      await fresh.close(true);
    }
  });
});
