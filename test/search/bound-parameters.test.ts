/**
 * The search stores, and every hand-written statement (server/db/rows.ts RowReader), send every value as a bound
 * parameter: a re-index's texts (a referat of megabytes typed live) and a search's words never become part of the
 * SQL text (MikroORM's `execute` writes values into the text; server/db/bound-sql.ts goes around it). Watched where
 * knex hands statements to the driver.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { RowReader } from '../../server/db/rows.js';
import { MeetingStatus } from '../../schema/enums.js';
import { ensureSearchSchema, searchStoreFor } from '../../server/search/index.js';
import type { IndexEntry } from '../../server/search/port.js';
import { parseQuery } from '../../server/search/query.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../helpers/databases.js';
import { captureStatements, type CapturedStatement } from '../helpers/sql-capture.js';

describe.each(dbKinds())('search store parameters (%s)', (kind) => {
  let db: TestDatabase;
  let orm: Orm;
  let statements: CapturedStatement[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ({ orm } = await openDatabase({ kind, url: db.url, poolMax: 2 }, pino({ level: 'silent' }), (o) => ensureSearchSchema(o)));
    statements = captureStatements(orm);
  }, 60_000);

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('binds a large text and the searched words instead of writing them into the SQL', async () => {
    const text = `Vedlegget gjelder havnefogdkontoret. ${'Sjøkart og fyrlykter langs leia. '.repeat(30_000)}`; // ≈ 1 MB
    const meetingId = randomUUID();
    const entry: IndexEntry = {
      meetingId,
      bodyId: randomUUID(),
      year: 2026,
      startsAt: Date.UTC(2026, 11, 7, 9),
      status: MeetingStatus.MINUTES_APPROVED,
      kind: 'MEETING',
      entityId: meetingId,
      agendaItemId: null,
      itemKind: null,
      label: 'Møte 07.12.2026',
      title: "Havnestyret's møte; 'quoted' \\ title",
      text,
      keys: [],
      hasDecision: false,
      audiences: new Set(['readers', 'publicMinutes']),
    };
    statements.length = 0;
    await searchStoreFor(orm.em.fork()).replace([{ meetingId, entries: [entry] }], Date.now());
    const found = await searchStoreFor(orm.em.fork()).search({
      query: parseQuery('havnefogdkontoret'),
      scope: { allBodies: true, readerBodies: [], minutesStatuses: [], noticeStatuses: [] },
      filter: {},
      order: 'RELEVANCE',
      offset: 0,
      limit: 5,
    });
    expect(found.total).toBe(1);
    expect(found.hits[0]!.title).toBe(entry.title);
    expect(found.hits[0]!.text).toBe(text);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => /havnefogd|Sjøkart|quoted/i.test(s.sql))).toEqual([]);
    expect(statements.some((s) => s.bindings.includes(text))).toBe(true);
  }, 60_000);

  it('binds the values of hand-written statements, in a transaction and outside one', async () => {
    const marker = `sak-${randomUUID()}`;
    statements.length = 0;
    const outside = await new RowReader(orm.em.fork()).rows('select ? as v', [marker]);
    const inside = await orm.em.fork().transactional((em) => new RowReader(em).rows('select ? as v', [marker]));
    expect([outside[0]!.v, inside[0]!.v]).toEqual([marker, marker]);
    expect(statements.filter((s) => s.sql.includes(marker))).toEqual([]);
    // Through knex: both on PostgreSQL; on SQLite outside a transaction the statement is prepared by RowReader itself.
    expect(statements.filter((s) => s.bindings.includes(marker)).length).toBe(kind === 'sqlite' ? 1 : 2);
  });
});
