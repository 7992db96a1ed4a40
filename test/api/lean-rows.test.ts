import { ReferenceKind, type EntityManager, type EntityProperty } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgendaItem,
  Attachment,
  Attendance,
  Body,
  Decision,
  Meeting,
  Person,
  ProposedDecision,
  SubItem,
  User,
} from '../../schema/entities/index.js';
import { AttendanceRole, BodyRole, MeetingStatus, VoteOutcome } from '../../schema/enums.js';
import { createUser, grantRole, revokeTokens } from '../../server/services/users.js';
import { RowReader, type EntityClass } from '../../server/db/rows.js';
import { asAnotherProcess, dbKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/app.js';

/**
 * The GraphQL loaders read the meeting tree as plain rows (server/db/rows.ts) instead of managed entities; the
 * viewer of a token is read the same way. These check that a row reads exactly as MikroORM hydrates the entity,
 * property by property, on every table that is read so, and that the viewer lookup keeps its rules.
 */
describe.each(dbKinds())('read-only rows look like the entities (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
    // Cover what the example data may not: votes with dissenters (JSON), a closed item, a substitute, a nullable
    // embeddable left null, booleans both ways, a user with a grant, a disabled user.
    const em = server.app.orm.em.fork();
    const body = await em.findOneOrFail(Body, { slug: 'styringsgruppen' });
    const [p1, p2] = [new Person(), new Person()];
    p1.name = 'Rad Rolle';
    p1.municipality = 'Asker';
    p2.name = 'Vara Vikar';
    const meeting = new Meeting();
    meeting.body = body;
    meeting.startsAt = new Date(Date.UTC(2040, 0, 10, 8));
    meeting.status = MeetingStatus.HELD;
    meeting.remote = true;
    meeting.noticeApproval = Object.assign(new Decision(), { text: 'Godkjent.', adoptedAt: new Date(Date.UTC(2040, 0, 10, 8, 5)) });
    const item = new AgendaItem();
    Object.assign(item, { meeting, body, year: 2040, sequence: 1, position: 1, title: 'Lukket sak', public: false, closedLegalBasis: 'offl. § 13' });
    item.proposedDecision = Object.assign(new ProposedDecision(), { text: 'Formuleres i møtet.', formulatedInMeeting: true });
    item.decision = Object.assign(new Decision(), {
      text: 'Vedtatt.',
      adoptedAt: new Date(Date.UTC(2040, 0, 10, 9)),
      voteOutcome: VoteOutcome.MAJORITY,
      votesFor: 5,
      votesAgainst: 1,
      dissenterIds: [p2.id],
    });
    const sub = new SubItem();
    Object.assign(sub, { agendaItem: item, letter: 'A', position: 1, title: 'Punkt A' });
    const attachment = new Attachment();
    Object.assign(attachment, { meeting, number: 1, title: 'Vedlegg' });
    item.attachments.add(attachment);
    const row = new Attendance();
    Object.assign(row, { meeting, person: p1, position: 1, role: AttendanceRole.SUBSTITUTE, substituteFor: p2, fromItem: item });
    em.persist([p1, p2, meeting, item, sub, attachment, row]);
    await em.flush();
    const member = await createUser(em, { name: 'Medlem', email: 'medlem@example.invalid' });
    await grantRole(em, member, 'styringsgruppen', BodyRole.MEMBER);
    const gone = await createUser(em, { name: 'Borte' });
    gone.disabledAt = new Date();
    await em.flush();
  });

  afterAll(async () => {
    await server?.close();
  });

  function same(entity: EntityClass<object>, em: EntityManager, lean: Record<string, unknown>, managed: Record<string, unknown>): void {
    const meta = em.getMetadata().get(entity.name);
    expect(lean).toBeInstanceOf(entity);
    for (const prop of meta.props as EntityProperty[]) {
      if (prop.persist === false || prop.embedded) continue;
      const where = `${entity.name}.${prop.name} of ${managed.id}`;
      if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED) {
        expect(lean[prop.name], where).toEqual(managed[prop.name]);
        if (prop.kind === ReferenceKind.EMBEDDED && managed[prop.name]) expect(lean[prop.name], where).toBeInstanceOf(prop.targetMeta!.class);
      } else if (prop.kind === ReferenceKind.MANY_TO_ONE) {
        const ref = managed[prop.name] as { id: string } | null;
        expect(lean[prop.name], where).toEqual(ref ? { id: ref.id } : null);
      }
    }
  }

  it.each([Meeting, Body, Person, AgendaItem, SubItem, Attendance, Attachment, User] as EntityClass<object>[])(
    'every row of %o reads as MikroORM hydrates it',
    async (entity) => {
      const em = server.app.orm.em.fork();
      const rows = new RowReader(em);
      const managed = (await em.find(entity.name, {})) as Record<string, unknown>[];
      expect(managed.length).toBeGreaterThan(0);
      const lean = rows.map(entity, await rows.rows(`select * from ${rows.table(entity)}`, [])) as Record<string, unknown>[];
      const byId = new Map(lean.map((r) => [r.id, r]));
      expect(byId.size).toBe(managed.length);
      for (const m of managed) same(entity, em, byId.get(m.id)!, m);
    },
  );

  it('the nested meeting answer shows the closed item, the vote and the substitute as before', async () => {
    const id = (await server.app.orm.em.fork().findOneOrFail(Meeting, { startsAt: new Date(Date.UTC(2040, 0, 10, 8)) })).id;
    const Q = `query ($id: ID!) { meeting(id: $id) { remote noticeApproval { text adoptedAt } body { slug }
      attendance { role person { name municipality } substituteFor { name } municipality fromItem { number } }
      agendaItems { number title public proposedDecision { text formulatedInMeeting } decision { text voteOutcome votesFor dissenters { name } }
        attachments { number } subItems { letter decision { text } } } } }`;
    const admin = (await server.ok(Q, { id })).meeting;
    expect(admin).toEqual({
      remote: true,
      noticeApproval: { text: 'Godkjent.', adoptedAt: '2040-01-10T08:05:00.000Z' },
      body: { slug: 'styringsgruppen' },
      attendance: [{ role: 'SUBSTITUTE', person: { name: 'Rad Rolle', municipality: 'Asker' }, substituteFor: { name: 'Vara Vikar' }, municipality: null, fromItem: { number: '01/2040' } }],
      agendaItems: [
        {
          number: '01/2040',
          title: 'Lukket sak',
          public: false,
          proposedDecision: { text: 'Formuleres i møtet.', formulatedInMeeting: true },
          decision: { text: 'Vedtatt.', voteOutcome: 'MAJORITY', votesFor: 5, dissenters: [{ name: 'Vara Vikar' }] },
          attachments: [{ number: 1 }],
          subItems: [{ letter: 'A', decision: null }],
        },
      ],
    });
    // The public (this deployment publishes held meetings' draft referat): the referat, but the closed item redacted.
    const pub = (await server.ok(Q, { id }, 'public')).meeting;
    expect(pub.attendance).toEqual(admin.attendance);
    expect(pub.noticeApproval).toEqual(admin.noticeApproval);
    expect(pub.agendaItems).toEqual([
      { number: '01/2040', title: 'Unntatt offentlighet', public: false, proposedDecision: null, decision: null, attachments: [], subItems: [] },
    ]);
  });

  it('the viewer of a token: roles from grants; disabled users, revoked tokens and unknown users are refused', async () => {
    const em = server.app.orm.em.fork();
    const id = (await em.findOneOrFail(Meeting, { startsAt: new Date(Date.UTC(2040, 0, 10, 8)) })).id;
    const Q = `query ($id: ID!) { meeting(id: $id) { agendaItems { title } } }`;
    const member = await em.findOneOrFail(User, { email: 'medlem@example.invalid' });
    const memberToken = await server.app.tokens.issue(member.id);
    // A member of Styringsgruppen sees the closed item's real title.
    expect((await server.ok(Q, { id }, memberToken)).meeting.agendaItems).toEqual([{ title: 'Lukket sak' }]);
    // A member of another body sees what the public sees.
    expect((await server.ok(Q, { id }, await server.tokenFor('MEMBER', 'radmannsgruppen'))).meeting.agendaItems).toEqual([
      { title: 'Unntatt offentlighet' },
    ]);

    const refused = async (token: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: Q, variables: { id } }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    };
    await refused(await server.app.tokens.issue((await em.findOneOrFail(User, { name: 'Borte' })).id));
    await refused(await server.app.tokens.issue('6f1d3c2e-0000-4000-8000-000000000000'));
    await refused(await server.app.tokens.issue('not-a-uuid'));
    const old = await server.app.tokens.issue(member.id, 3600);
    await new Promise((r) => setTimeout(r, 2100)); // iat has a resolution of one second, and a second's grace
    await revokeTokens(em, member);
    await refused(old);
    expect((await server.ok(Q, { id }, await server.app.tokens.issue(member.id))).meeting.agendaItems).toEqual([{ title: 'Lukket sak' }]);
  });

  it('the viewer follows grants, revocations and disabled users written by another process, on the very next request', async () => {
    const em = server.app.orm.em.fork();
    const id = (await em.findOneOrFail(Meeting, { startsAt: new Date(Date.UTC(2040, 0, 10, 8)) })).id;
    const Q = `query ($id: ID!) { meeting(id: $id) { agendaItems { title } } }`;
    const user = await createUser(em, { name: `Utenfra ${kind}`, email: `utenfra-${kind}@example.invalid` });
    await grantRole(em, user, 'styringsgruppen', BodyRole.MEMBER);
    const token = await server.app.tokens.issue(user.id);
    const titles = async () => (await server.ok(Q, { id }, token)).meeting.agendaItems;
    // Asked twice: the second viewer may come from the cache.
    expect(await titles()).toEqual([{ title: 'Lukket sak' }]);
    expect(await titles()).toEqual([{ title: 'Lukket sak' }]);
    // Another process (the token CLI, another instance) writes through its own connection; no event reaches this one.
    await asAnotherProcess(server.db.url, async (run) => {
      await run('delete from role_grant where user_id = ?', [user.id]);
      expect(await titles()).toEqual([{ title: 'Unntatt offentlighet' }]);
      await run('update app_user set disabled_at = ? where id = ?', [kind === 'sqlite' ? Date.now() : new Date(), user.id]);
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: Q, variables: { id } }),
      });
      expect(res.status).toBe(401);
    });
  });

  it('one statement text, many parameters: each read gets its own rows, is counted, and never sees another request’s open transaction', async () => {
    const em = server.app.orm.em.fork();
    const meetings = await em.find(Meeting, {}, { orderBy: { startsAt: 'asc' }, limit: 3 });
    const rows = new RowReader(server.app.orm.em.fork());
    const sql = `select ${rows.column(Meeting, 'id')} as ${rows.q('id')}, ${rows.column(Meeting, 'title')} as ${rows.q('title')} from ${rows.table(Meeting)} where ${rows.column(Meeting, 'id')} = ?`;
    const before = server.app.sqlStats.statements;
    for (let round = 0; round < 2; round++) {
      for (const m of meetings) expect(await rows.rows(sql, [m.id])).toEqual([{ id: m.id, title: m.title }]);
    }
    expect(server.app.sqlStats.statements - before).toBe(2 * meetings.length);

    // A write transaction of another request holds the (on SQLite, only) connection: the read waits for it and
    // sees the committed state, not the uncommitted title.
    const target = meetings[0]!;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let began!: () => void;
    const begun = new Promise<void>((r) => (began = r));
    const tx = server.app.orm.em.fork().transactional(async (t) => {
      const m = await t.findOneOrFail(Meeting, { id: target.id });
      m.title = 'Uncommitted title';
      await t.flush();
      began();
      await held;
      throw new Error('rolled back on purpose');
    });
    await begun;
    const read = rows.rows(sql, [target.id]);
    let answered = false;
    void read.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 100));
    if (kind === 'sqlite') expect(answered).toBe(false);
    release();
    await expect(tx).rejects.toThrow('rolled back on purpose');
    expect(await read).toEqual([{ id: target.id, title: target.title }]);
  });
});
