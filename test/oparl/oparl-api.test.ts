/**
 * The open-data API at /oparl/v1, harvested as an OParl client does (System → Bodies → lists, following `next`
 * links and dereferencing every id): every object validates against the specification's JSON Schema of its type;
 * only what the public may read is served; `modified_since` returns exactly what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { addItem, bodyId, createMeeting, personId, sendNotice } from '../helpers/meeting-api.js';
import { seedMeeting } from '../helpers/seed-meeting.js';
import { oparlErrors } from './oparl-schema.js';

type OObject = Record<string, any> & { id: string; type: string };
const TYPES = ['System', 'Body', 'Organization', 'Person', 'Membership', 'Meeting', 'AgendaItem', 'File', 'Location'];
const CLOSED_TITLE = 'Tomtesalg Lierskogen';
const SECRET_EMAIL = 'ikke.publiser@example.no';

describe.each(dbKinds())('OParl 1.1 open data (%s)', (kind) => {
  let server: TestServer;
  let rg: string;
  let planned: string;
  let noticed: string;
  const get = async (url: string) => {
    const res = await fetch(url.startsWith('http') ? url : `${server.url}${url}`);
    return { status: res.status, body: (await res.json()) as any, type: res.headers.get('content-type') };
  };
  const ok = async (url: string) => {
    const r = await get(url);
    expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    return r.body;
  };
  /** Every element of a list, following `links.next`; checks the pagination block on the way. */
  const all = async (url: string): Promise<OObject[]> => {
    const out: OObject[] = [];
    for (let next: string | undefined = url, n = 0; next; n++) {
      const page = await ok(next);
      expect(page.pagination.elementsPerPage).toBeGreaterThan(0);
      expect(page.pagination.currentPage).toBe(n + 1);
      out.push(...page.data);
      next = page.links.next;
      if (!next) expect(out.length).toBe(page.pagination.totalElements);
    }
    return out;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    rg = await bodyId(server, 'radmannsgruppen');
    planned = (await createMeeting(server, { bodyId: rg, startsAt: '2018-02-01T08:00:00.000Z', approvePreviousMinutes: false })).id;
    const m = await createMeeting(server, { bodyId: rg, startsAt: '2018-01-11T08:00:00.000Z', location: 'Drammen rådhus', approvePreviousMinutes: false });
    noticed = m.id;
    const open = await addItem(server, { meetingId: noticed, title: 'Budsjett 2018' });
    const closed = await addItem(server, { meetingId: noticed, title: CLOSED_TITLE, public: false, closedLegalBasis: 'offentleglova § 23', publicTitle: 'Forhandlingssak' });
    const file = `mutation ($input: AddAttachmentInput!) { addAttachment(input: $input) { id } }`;
    await server.ok(file, { input: { meetingId: noticed, title: 'Budsjettforslag', fileName: 'budsjett.pdf', mimeType: 'application/pdf', url: 'https://arkiv.example.no/budsjett.pdf', agendaItemIds: [open.id] } });
    await server.ok(file, { input: { meetingId: noticed, title: `Takst ${CLOSED_TITLE}`, url: 'https://arkiv.example.no/takst.pdf', agendaItemIds: [closed.id] } });
    await sendNotice(server, noticed);
    const person = await server.ok(`mutation { createPerson(input: { name: "Kari Testesen", email: "${SECRET_EMAIL}", position: "rådmann", municipality: "Lier" }) { id } }`);
    await server.ok(`mutation ($i: AddMembershipInput!) { addMembership(input: $i) { id } }`, { i: { personId: person.createPerson.id, bodyId: rg, role: 'MEMBER', validFrom: '2018-01-01' } });
  });
  afterAll(() => server?.close());

  it('serves System, Bodies and every list; each object validates against its OParl 1.1 schema, as do the objects its id leads to', async () => {
    const system = await ok('/oparl/v1');
    const seen = new Map<string, OObject>([[system.id, system]]);
    for (const body of await all(system.body)) {
      seen.set(body.id, body);
      for (const list of ['organization', 'person', 'membership', 'meeting', 'agendaItem', 'file', 'paper']) {
        expect(body[list], list).toMatch(/^http:\/\//);
        for (const o of await all(`${body[list]}?limit=10`)) seen.set(o.id, o);
      }
    }
    for (const o of [...seen.values()]) if (o.location) seen.set(o.location.id, o.location);
    const types = new Map<string, number>();
    for (const o of seen.values()) {
      expect(oparlErrors(o), `${o.type} ${o.id}`).toEqual([]);
      const type = o.type.split('/').at(-1)!;
      types.set(type, (types.get(type) ?? 0) + 1);
      // An id is a URL that answers with the same object (the first few of each type, and every File).
      if (type !== 'System' && (types.get(type)! <= 3 || type === 'File')) expect(await ok(o.id)).toEqual(o);
    }
    expect([...types.keys()].sort()).toEqual([...TYPES].sort());
    // Embedded objects were validated with their parent (the schemas' "schema" keyword); once more on their own.
    const meetings = [...seen.values()].filter((o) => o.type.endsWith('/Meeting'));
    const embedded = meetings.flatMap((m) => [...m.agendaItem, m.invitation, m.resultsProtocol, ...(m.auxiliaryFile ?? [])].filter(Boolean));
    expect(embedded.length).toBeGreaterThan(10);
    for (const o of embedded) expect(oparlErrors(o), o.id).toEqual([]);
  });

  it('publishes only what the public may read: no planned meeting, no closed item text or file, no e-mail', async () => {
    const vestregionen = (await ok('/oparl/v1/body')).data[0];
    const meetings = await all(vestregionen.meeting);
    expect(meetings.map((m) => m.id)).not.toContain(`${server.url}/oparl/v1/meeting/${planned}`);
    expect((await get(`/oparl/v1/meeting/${planned}`)).status).toBe(404);
    const harvest = JSON.stringify([meetings, await all(vestregionen.agendaItem), await all(vestregionen.file), await all(vestregionen.person)]);
    expect(harvest).not.toContain('Lierskogen');
    expect(harvest).not.toContain(SECRET_EMAIL);
    expect(harvest).toContain('Kari Testesen');

    const m = meetings.find((x) => x.id.endsWith(noticed))!;
    expect(m.start).toBe('2018-01-11T09:00:00+01:00');
    expect(m.location.description).toBe('Drammen rådhus');
    expect(m.invitation.accessUrl).toBe(`${server.url}/meetings/${noticed}/innkalling.pdf`);
    expect(m.resultsProtocol).toBeUndefined(); // not held yet: no referat
    const closed = m.agendaItem.find((i: OObject) => i.public === false);
    expect(closed.name).toBe('Forhandlingssak');
    expect(m.auxiliaryFile.map((f: OObject) => f.accessUrl)).toEqual(['https://arkiv.example.no/budsjett.pdf']);
    const pdf = await fetch(m.invitation.accessUrl);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);

    // The example meeting (held, referat published): vedtak as resolutionText, the referat as resultsProtocol.
    const sept14 = meetings.find((x) => x.start === '2017-09-14T09:00:00+02:00')!;
    expect(sept14.id).toBe(`${server.url}/oparl/v1/meeting/${(await seedMeeting(server)).id}`);
    expect(sept14.resultsProtocol.accessUrl).toMatch(/\/referat\.pdf$/);
    expect(sept14.agendaItem.find((i: OObject) => i.number === '21/2017').resolutionText).toMatch(/\S/);
    expect(sept14.participant.length).toBeGreaterThan(3);
  });

  it('returns with modified_since exactly the meeting changed through GraphQL, and the item changed', async () => {
    const vestregionen = (await ok('/oparl/v1/body')).data[0];
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await server.ok(`mutation ($id: ID!) { updateMeeting(id: $id, input: { location: "Lier rådhus" }) { id } }`, { id: noticed });
    const changed = await all(`${vestregionen.meeting}?modified_since=${encodeURIComponent(since)}`);
    expect(changed.map((m) => m.id)).toEqual([`${server.url}/oparl/v1/meeting/${noticed}`]);
    expect(changed[0]!.location.description).toBe('Lier rådhus');
    expect(Date.parse(changed[0]!.modified)).toBeGreaterThanOrEqual(Date.parse(since));
    expect(await all(`${vestregionen.meeting}?modified_since=${encodeURIComponent(new Date().toISOString())}`)).toEqual([]);

    // An item's title changed: the item, and the meeting whose agenda embeds it, are what changed.
    const since2 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { agendaItems { id title } } }`, { id: noticed });
    const item = meeting.agendaItems.find((i: { title: string }) => i.title === 'Budsjett 2018');
    await server.ok(`mutation ($id: ID!) { updateAgendaItem(id: $id, input: { title: "Budsjett 2018, revidert" }) { id } }`, { id: item.id });
    const items2 = await all(`${vestregionen.agendaItem}?modified_since=${encodeURIComponent(since2)}`);
    expect(items2.map((i) => [i.id, i.name])).toEqual([[`${server.url}/oparl/v1/agendaitem/${item.id}`, 'Budsjett 2018, revidert']]);
    const meetings2 = await all(`${vestregionen.meeting}?modified_since=${encodeURIComponent(since2)}`);
    expect(meetings2.map((m) => m.id)).toEqual([`${server.url}/oparl/v1/meeting/${noticed}`]);
    const created = await all(`${vestregionen.agendaItem}?created_since=${encodeURIComponent(since)}`);
    expect(created.every((i) => Date.parse(i.created) >= Date.parse(since))).toBe(true);
  });

  it('pages with limit and links, and refuses bad filters with BAD_USER_INPUT', async () => {
    const vestregionen = (await ok('/oparl/v1/body')).data[0];
    const first = await ok(`${vestregionen.meeting}?limit=1`);
    expect(first.data).toHaveLength(1);
    expect(first.pagination.totalPages).toBe(first.pagination.totalElements);
    expect(first.links.prev).toBeUndefined();
    const second = await ok(first.links.next);
    expect(second.links.prev).toBe(first.links.first);
    expect(second.data[0].id).not.toBe(first.data[0].id);
    for (const q of ['modified_since=yesterday', 'created_since=2017-09-14', 'limit=0', 'limit=abc', 'page=0', 'modified_until=2020-01-01T00:00:00Z']) {
      const r = await get(`${vestregionen.meeting}?${q}`);
      expect([r.status, r.body.error.code], q).toEqual([400, 'BAD_USER_INPUT']);
    }
    for (const path of ['/oparl/v1/meeting/not-an-id', '/oparl/v1/body/00000000-0000-0000-0000-000000000000', '/oparl/v1/nothing/1', `/oparl/v1/body/${vestregionen.id.split('/').at(-1)}/nothing`]) {
      const r = await get(path);
      expect([r.status, r.body.error.code], path).toEqual([404, 'NOT_FOUND']);
    }
    const kari = await ok(`/oparl/v1/person/${await personId(server, 'Kari Testesen')}`);
    expect([kari.name, kari.status, kari.membership[0].role, kari.membership[0].startDate]).toEqual(['Kari Testesen', ['rådmann', 'Lier'], 'member', '2018-01-01']);
  });
});
