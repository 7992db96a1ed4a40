/**
 * Importing the two real documents of 14.09.2017 into an empty database gives the meeting the seed describes;
 * a dry run changes nothing; applying twice changes nothing the second time; unknown lines are reported.
 */
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgendaItem,
  Attendance,
  Body,
  ItemReference,
  Meeting,
  Organisation,
  Person,
} from '../../schema/entities/index.js';
import { AgendaItemKind, BodyKind, MeetingStatus, ReferenceKind } from '../../schema/enums.js';
import type { ApplyOptions } from '../../server/services/import/document-writer.js';
import { systemImport } from '../../server/services/import/import-service.js';
import type { ImportReport } from '../../server/documents/import-report.js';
import { parseDocument } from '../../server/documents/parse-common.js';
import { entities } from '../../server/db/entities.js';
import type { Orm } from '../../server/db/orm.js';
import { seedExample } from '../../server/services/seed/seed-example.js';
import { openMemoryOrm } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';

const INNKALLING = fixture('innkalling-radmannsgruppen-2017-09-14.txt');
const REFERAT = fixture('referat-radmannsgruppen-2017-09-14.txt');


async function importText(orm: Orm, text: string, opts: Partial<ApplyOptions> = {}): Promise<ImportReport> {
  const parsed = parseDocument(text);
  return systemImport(orm.em.fork()).apply(parsed.document, {
    apply: true,
    unplaced: parsed.unplaced,
    attachmentTitles: parsed.attachmentTitles,
    ...opts,
  });
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const numbers = (c: { getItems(): { number: number }[] }): number[] => c.getItems().map((a) => a.number).sort((a, b) => a - b);

/**
 * The 14.09.2017 meeting of Rådmannsgruppen, field for field, without ids, createdAt/updatedAt, adoption times,
 * noticeSentAt (no document gives it) and links to other meetings (compared separately).
 */
async function snapshot(orm: Orm) {
  const em = orm.em.fork();
  const meeting = await em.findOneOrFail(
    Meeting,
    {
      body: { slug: 'radmannsgruppen' },
      startsAt: { $gte: new Date('2017-09-14T00:00:00+02:00'), $lt: new Date('2017-09-15T00:00:00+02:00') },
    },
    { populate: ['body', 'body.organisation', 'attachments'] },
  );
  const items = await em.find(
    AgendaItem,
    { meeting },
    {
      orderBy: { position: 'asc' },
      populate: ['attachments', 'subItems', 'subItems.attachments', 'protocolEntries', 'disqualifications', 'disqualifications.person'],
    },
  );
  const attendance = await em.find(
    Attendance,
    { meeting },
    { orderBy: { position: 'asc' }, populate: ['person', 'substituteFor', 'fromItem', 'untilItem'] },
  );
  const decision = (d: AgendaItem['decision']) =>
    d && { text: d.text, voteOutcome: d.voteOutcome, votesFor: d.votesFor, votesAgainst: d.votesAgainst, votesBlank: d.votesBlank, dissenterIds: d.dissenterIds };
  const proposed = (p: AgendaItem['proposedDecision']) => p && { text: p.text, formulatedInMeeting: p.formulatedInMeeting };
  return {
    organisation: meeting.body.organisation.name,
    body: { name: meeting.body.name, slug: meeting.body.slug, kind: meeting.body.kind },
    meeting: {
      title: meeting.title,
      status: meeting.status,
      remote: meeting.remote,
      startsAt: iso(meeting.startsAt),
      endsAt: iso(meeting.endsAt),
      location: meeting.location,
      actualStartsAt: iso(meeting.actualStartsAt),
      actualEndsAt: iso(meeting.actualEndsAt),
      actualLocation: meeting.actualLocation,
      minutesApprovedAt: iso(meeting.minutesApprovedAt),
      noticeApproval: meeting.noticeApproval && { text: meeting.noticeApproval.text, voteOutcome: meeting.noticeApproval.voteOutcome },
    },
    attachments: numbers(meeting.attachments),
    items: items.map((i) => ({
      number: i.number,
      year: i.year,
      sequence: i.sequence,
      numberSuffix: i.numberSuffix,
      position: i.position,
      kind: i.kind,
      title: i.title,
      introduction: i.introduction,
      notes: i.notes,
      proposedDecision: proposed(i.proposedDecision),
      decision: decision(i.decision),
      public: i.public,
      closedLegalBasis: i.closedLegalBasis,
      publicTitle: i.publicTitle,
      archiveCaseNumber: i.archiveCaseNumber,
      attachments: numbers(i.attachments),
      protocolEntries: i.protocolEntries.getItems().map((p) => p.text),
      disqualifications: i.disqualifications.getItems().map((d) => [d.person.name, d.legalBasis]),
      subItems: i.subItems
        .getItems()
        .sort((a, b) => a.position - b.position)
        .map((s) => ({
          letter: s.letter,
          position: s.position,
          title: s.title,
          subtitle: s.subtitle,
          introduction: s.introduction,
          notes: s.notes,
          proposedDecision: proposed(s.proposedDecision),
          decision: decision(s.decision),
          attachments: numbers(s.attachments),
        })),
    })),
    attendance: attendance.map((a) => ({
      position: a.position,
      person: a.person.name,
      municipality: a.person.municipality,
      role: a.role,
      status: a.status,
      substituteFor: a.substituteFor && { name: a.substituteFor.name, municipality: a.substituteFor.municipality },
      representing: a.representing,
      fromItem: a.fromItem?.number ?? null,
      untilItem: a.untilItem?.number ?? null,
      note: a.note,
    })),
    persons: (await em.find(Person, {}, { orderBy: { name: 'asc' } })).map((p) => [p.name, p.municipality]),
  };
}

/** Rows in every table, the pivot tables included. */
async function rowCounts(em: EntityManager): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of entities) {
    const meta = em.getMetadata().find(e.name);
    if (!meta || meta.embeddable) continue;
    out[e.name] = await em.count(e, {});
  }
  for (const table of ['agenda_item_attachment', 'sub_item_attachment']) {
    const [row] = await em.getConnection().execute<{ n: number }[]>(`select count(*) as n from ${table}`);
    out[table] = Number(row!.n);
  }
  return out;
}

describe('importing the documents of 14.09.2017 into an empty database (acceptance 1)', () => {
  let seeded: Orm;
  let imported: Orm;
  const reports: ImportReport[] = [];

  beforeAll(async () => {
    seeded = await openMemoryOrm();
    await seedExample(seeded.em.fork());
    imported = await openMemoryOrm();
    reports.push(await importText(imported, INNKALLING), await importText(imported, REFERAT));
  });

  afterAll(async () => {
    await seeded?.close(true);
    await imported?.close(true);
  });

  it('places every line and fills one meeting', async () => {
    for (const r of reports) {
      expect(r.unplaced).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.applied).toBe(true);
    }
    expect(reports.map((r) => r.meeting)).toEqual([
      { body: 'Rådmannsgruppen', date: '2017-09-14', created: true },
      { body: 'Rådmannsgruppen', date: '2017-09-14', created: false },
    ]);
    const em = imported.em.fork();
    expect(await em.count(Meeting, {})).toBe(1);
    expect(await em.count(Organisation, {})).toBe(1);
    expect(await em.count(Body, {})).toBe(1);
  });

  it('gives the seeded meeting field for field', async () => {
    const expected = await snapshot(seeded);
    const actual = await snapshot(imported);
    expect(expected.items).toHaveLength(8);
    expect(expected.items.flatMap((i) => i.subItems)).toHaveLength(11);
    expect(expected.attendance).toHaveLength(22);
    expect(actual.organisation).toBe('Vestregionen');
    expect(actual.body).toEqual({ name: 'Rådmannsgruppen', slug: 'radmannsgruppen', kind: BodyKind.EXECUTIVE_GROUP });
    expect(actual.meeting).toEqual(expected.meeting);
    expect(actual.attachments).toEqual(expected.attachments);
    expect(actual.attendance).toEqual(expected.attendance);
    expect(actual.persons).toEqual(expected.persons);
    expect(actual.items.length).toBe(expected.items.length);
    actual.items.forEach((item, i) => expect(item, item.number).toEqual(expected.items[i]));
    expect(actual).toEqual(expected);
  });
});

describe('links to other meetings', () => {
  let orm: Orm;

  beforeAll(async () => {
    orm = await openMemoryOrm();
    // The meetings the documents refer to, as the seed has them.
    const em = orm.em.fork();
    const org = em.create(Organisation, { name: 'Vestregionen', slug: 'vestregionen' });
    const body = (name: string, slug: string, kind: BodyKind) => em.create(Body, { organisation: org, name, slug, kind });
    const rg = body('Rådmannsgruppen', 'radmannsgruppen', BodyKind.EXECUTIVE_GROUP);
    const sg = body('Styringsgruppen', 'styringsgruppen', BodyKind.STEERING_GROUP);
    const gf = body('Generalforsamling', 'generalforsamling', BodyKind.GENERAL_ASSEMBLY);
    em.create(Meeting, { body: rg, startsAt: new Date('2017-06-01T09:00:00+02:00'), status: MeetingStatus.HELD });
    em.create(Meeting, { body: sg, startsAt: new Date('2017-06-15T09:00:00+02:00'), status: MeetingStatus.HELD });
    em.create(Meeting, { body: gf, startsAt: new Date('2017-06-15T12:00:00+02:00'), status: MeetingStatus.HELD });
    await em.flush();
    await importText(orm, INNKALLING);
    await importText(orm, REFERAT);
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  it('links the minutes approval and the references the introductions make, as the seed has them', async () => {
    const em = orm.em.fork();
    const items = await em.find(
      AgendaItem,
      { meeting: { startsAt: new Date('2017-09-14T09:00:00+02:00') } },
      { orderBy: { position: 'asc' }, populate: ['approvesMinutesOf'] },
    );
    expect(items[0]!.kind).toBe(AgendaItemKind.MINUTES_APPROVAL);
    expect(items[0]!.approvesMinutesOf?.startsAt.toISOString()).toBe(new Date('2017-06-01T09:00:00+02:00').toISOString());
    expect(items.slice(1).every((i) => i.approvesMinutesOf === null)).toBe(true);
    const refs = await em.find(ItemReference, {}, { populate: ['agendaItem', 'meeting', 'meeting.body'] });
    expect(
      refs
        .map((r) => [r.agendaItem.number, r.kind, r.meeting!.body.slug, iso(r.meeting!.startsAt)!.slice(0, 10), r.citation])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['21/2017', ReferenceKind.MEETING, 'radmannsgruppen', '2017-06-01', 'referat fra møte 01.06.2017'],
      ['22/2017', ReferenceKind.MEETING, 'styringsgruppen', '2017-06-15', 'referat fra møte 15.06.2017'],
      ['23/2017', ReferenceKind.MEETING, 'generalforsamling', '2017-06-15', 'protokoll fra generalforsamling 15.06.2017'],
      // "jf vedtak i styringsgruppen 16.03.2016, sak 06/2017" names a date with no meeting and an item not on record:
      // the seed's link of it to 15.06.2017 cannot be derived from the documents.
    ]);
  });
});

describe('dry run and idempotence', () => {
  let orm: Orm;

  beforeAll(async () => {
    orm = await openMemoryOrm();
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  it('a dry run reports what it would do and changes nothing', async () => {
    const before = await rowCounts(orm.em.fork());
    const dry = await importText(orm, INNKALLING, { apply: false });
    expect(dry.applied).toBe(false);
    expect(dry.meeting.created).toBe(true);
    expect(dry.created).toContain('meeting Rådmannsgruppen 14.09.2017');
    expect(dry.created).toContain('sak 26/2017 B KomUt');
    expect(dry.created).toContain('vedlegg 10');
    expect(await rowCounts(orm.em.fork())).toEqual(before);
    expect(Object.values(before).every((n) => n === 0)).toBe(true);
  });

  it('applying twice creates and changes nothing the second time', async () => {
    const first = [await importText(orm, INNKALLING), await importText(orm, REFERAT)];
    expect(first[0]!.created.length).toBeGreaterThan(20);
    expect(first[1]!.created).toContain('attendance Steinar Valstad (til stede)');
    expect(first[1]!.updated).toContain('sak 21/2017: notes → "Til behandling forelår referat fra møte 01.06.2017"');
    const counts = await rowCounts(orm.em.fork());
    const second = [await importText(orm, INNKALLING), await importText(orm, REFERAT)];
    for (const r of second) {
      expect(r.created).toEqual([]);
      expect(r.updated).toEqual([]);
      expect(r.meeting.created).toBe(false);
    }
    expect(await rowCounts(orm.em.fork())).toEqual(counts);
  });

  it('a dry run of a referat over an existing meeting changes nothing either', async () => {
    const before = await rowCounts(orm.em.fork());
    const changed = REFERAT.replace('Sted: Drammen rådhus', 'Sted: Asker rådhus');
    const dry = await importText(orm, changed, { apply: false });
    expect(dry.updated).toEqual(['meeting Rådmannsgruppen 14.09.2017: actualLocation → "Asker rådhus"']);
    expect(await rowCounts(orm.em.fork())).toEqual(before);
    const m = await orm.em.fork().findOneOrFail(Meeting, { body: { slug: 'radmannsgruppen' } });
    expect(m.actualLocation).toBe('Drammen rådhus');
  });

  it('importing the documents into the seeded database changes nothing', async () => {
    const seeded = await openMemoryOrm();
    try {
      await seedExample(seeded.em.fork());
      const before = await rowCounts(seeded.em.fork());
      for (const text of [INNKALLING, REFERAT]) {
        const r = await importText(seeded, text);
        expect([r.created, r.updated, r.warnings]).toEqual([[], [], []]);
      }
      expect(await rowCounts(seeded.em.fork())).toEqual(before);
    } finally {
      await seeded.close(true);
    }
  });
});

describe('unknown lines (acceptance 4)', () => {
  let orm: Orm;

  beforeAll(async () => {
    orm = await openMemoryOrm();
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  it('imports the rest of the document and reports each unknown line with its number and text', async () => {
    const lines = REFERAT.split('\n');
    const sted = lines.findIndex((l) => l.startsWith('Sted:'));
    const sak28 = lines.findIndex((l) => l.startsWith('Sak 28/2017'));
    // Inserted from the bottom so that the indexes above stay valid.
    lines.splice(sak28, 0, 'Sak 29/ ???', '');
    lines.splice(sted + 2, 0, '§§ ##### Ukjent linje uten form ##### §§', '');
    const text = lines.join('\n');
    const parsed = parseDocument(text);
    const report = await systemImport(orm.em.fork()).apply(parsed.document, { apply: true, unplaced: parsed.unplaced });
    const numbered = text.split('\n');
    expect(report.unplaced).toEqual([
      { line: sted + 3, text: '§§ ##### Ukjent linje uten form ##### §§' },
      { line: sak28 + 3, text: 'Sak 29/ ???' },
    ]);
    for (const u of report.unplaced) expect(numbered[u.line - 1]).toBe(u.text);

    const em = orm.em.fork();
    expect(await em.count(AgendaItem, {})).toBe(8);
    expect(await em.count(Attendance, {})).toBe(22);
    const m = await em.findOneOrFail(Meeting, { body: { slug: 'radmannsgruppen' } });
    expect(m.actualLocation).toBe('Drammen rådhus');
    const eventuelt = await em.findOneOrFail(AgendaItem, { sequence: 28 });
    expect(eventuelt.notes).toBe('Ingen saker meldt.');
  });

  it('reports text before the first item and a vedlegg line outside any item', async () => {
    const text = INNKALLING.replace('### Saker til behandling:', 'Dette er en løs kommentar.\n\nVedlegg 11\n\n### Saker til behandling:');
    const { unplaced, document } = parseDocument(text);
    expect(unplaced.map((u) => u.text)).toEqual(['Dette er en løs kommentar.', 'Vedlegg 11']);
    expect(document.items).toHaveLength(8);
  });
});
