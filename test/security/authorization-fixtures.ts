/**
 * Targets for the authorisation matrix: every row builds fresh targets in a year of its own (every allowed cell gets
 * a set of its own; the denied cells of a row share one), and a denied cell proves that nothing changed by re-reading
 * from the database everything the targets are part of (snapshot). Also the server every matrix file runs against.
 */
import { wrap } from '@mikro-orm/core';
import { AuditEntry, Body, DocumentUpdate, Meeting, MinutesVersion, Person } from '../../schema/entities/index.js';
import type { AddAgendaItemInput } from '../../schema/inputs/index.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { SYSTEM_VIEWER } from '../../server/auth/viewer.js';
import { createEvents } from '../../server/pubsub.js';
import { createServices, noMinutesSync } from '../../server/services/index.js';
import { afterAll, beforeAll, describe } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds, type DbKind } from '../helpers/databases.js';
import { roleTokens, type Tokens } from '../helpers/roles.js';

export interface Fixture {
  /** Year of the cell's meetings: nothing else lives in it. */
  year: number;
  /** Name prefix of the cell's persons. */
  prefix: string;
}

/**
 * Everything a mutation could change about a cell's targets, read straight from the database: the meetings of the
 * cell's year with all they hold, the cell's persons and memberships, versions, audit entries and live-document log.
 */
export async function snapshot(server: TestServer, fx: Fixture): Promise<unknown> {
  const em = server.app.orm.em.fork();
  const meetings = await em.find(
    Meeting,
    { startsAt: { $gte: new Date(Date.UTC(fx.year, 0, 1)), $lt: new Date(Date.UTC(fx.year + 1, 0, 1)) } },
    {
      orderBy: { id: 'asc' },
      populate: [
        'attachments',
        'attendance',
        'agendaItems',
        'agendaItems.attachments',
        'agendaItems.subItems',
        'agendaItems.subItems.attachments',
        'agendaItems.references',
        'agendaItems.disqualifications',
        'agendaItems.protocolEntries',
      ],
    },
  );
  const ids = meetings.map((m) => m.id);
  const persons = await em.find(Person, { name: { $like: `${fx.prefix}%` } }, { orderBy: { id: 'asc' }, populate: ['memberships'] });
  const versions = await em.find(MinutesVersion, { meeting: { $in: ids } }, { orderBy: { id: 'asc' } });
  const audit = await em.find(AuditEntry, { meetingId: { $in: ids } }, { orderBy: { id: 'asc' } });
  const logged = await em.count(DocumentUpdate, { docName: { $in: ids.map(minutesDocName) } });
  return JSON.parse(
    JSON.stringify({
      meetings: meetings.map((m) => wrap(m).toObject()),
      persons: persons.map((p) => wrap(p).toObject()),
      versions: versions.map((v) => ({ id: v.id, label: v.label, reason: v.reason, seq: v.seq })),
      audit: audit.map((a) => wrap(a).toObject()),
      logged,
    }),
  );
}

/**
 * Builds targets through the services themselves (the same rules as the API), as the system and without the live
 * referat: quick, and nothing the cell under test does is involved.
 */
export function fixtures(server: TestServer) {
  let cells = 0;
  let rg = '';
  const events = createEvents();
  const svc = () => createServices({ em: server.app.orm.em.fork(), events, sync: noMinutesSync, viewer: SYSTEM_VIEWER });
  return {
    svc,
    async init() {
      rg = (await server.app.orm.em.fork().findOneOrFail(Body, { slug: 'radmannsgruppen' })).id;
    },
    get bodyId() {
      return rg;
    },
    next(): Fixture {
      cells++;
      return { year: 2100 + cells, prefix: `Celle ${cells}:` };
    },
    async meeting(fx: Fixture, status: 'PLANNED' | 'NOTICE_SENT' | 'HELD' = 'PLANNED', items: string[] = []): Promise<{ m: string; items: string[] }> {
      const m = (
        await svc().meetings.create({ bodyId: rg, startsAt: new Date(Date.UTC(fx.year, 2, 1, 9)), approvePreviousMinutes: false, location: 'Rådhuset' })
      ).id;
      const ids: string[] = [];
      for (const title of items) ids.push(await this.item(m, title));
      if (status !== 'PLANNED') await svc().meetings.sendNotice(m);
      if (status === 'HELD') await svc().meetings.markHeld(m);
      return { m, items: ids };
    },
    async item(meetingId: string, title = 'Sak', extra: Partial<AddAgendaItemInput> = {}): Promise<string> {
      return (await svc().agenda.addItem({ meetingId, title, ...extra })).id;
    },
    async subItem(agendaItemId: string, title = 'Undersak'): Promise<string> {
      return (await svc().agenda.addSubItem({ agendaItemId, title })).id;
    },
    async person(fx: Fixture, name = 'Person'): Promise<string> {
      return (await svc().people.create({ name: `${fx.prefix} ${name}`, municipality: 'Asker' })).id;
    },
    async attachment(meetingId: string, agendaItemIds: string[] = []): Promise<string> {
      return (await svc().attachments.add({ meetingId, title: 'Vedlegg', agendaItemIds })).id;
    },
  };
}

export type Fixtures = ReturnType<typeof fixtures>;

export interface MatrixContext {
  server: TestServer;
  /** One token per role. */
  tokens: Tokens;
  f: Fixtures;
  /** server.gql: GraphQL as a given token. */
  gql: TestServer['gql'];
}

/** The server the matrix runs against (draft minutes not published), a token per role and the target builder. */
export async function startMatrixServer(kind: DbKind): Promise<MatrixContext> {
  const server = await startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'false' } });
  const f = fixtures(server);
  await f.init();
  return { server, tokens: await roleTokens(server), f, gql: server.gql.bind(server) };
}

/**
 * `describe(name)` inside "authorisation matrix (<database>)" for each database kind, with the matrix server started
 * before its tests (the context is filled in then) and closed after them.
 */
export function describeMatrix(name: string, body: (ctx: MatrixContext) => void): void {
  describe.each(dbKinds())('authorisation matrix (%s)', (kind) => {
    const ctx = {} as MatrixContext;
    beforeAll(async () => {
      Object.assign(ctx, await startMatrixServer(kind));
    });
    afterAll(async () => {
      await ctx.server?.close();
    });
    describe(name, () => body(ctx));
  });
}

