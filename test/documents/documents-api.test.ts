import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { connectLive, waitSynced } from '../helpers/live-docs.js';
import { waitFor } from '../helpers/wait.js';
import { fixture } from '../helpers/fixtures.js';


describe('documents through the API', () => {
  let s: TestServer;
  let meetingId: string;
  let item24: string;

  beforeAll(async () => {
    s = await startTestServer('sqlite', { env: { PUBLISH_DRAFT_MINUTES: 'false' } });
    const { meetings } = await s.ok('{ meetings(filter: { status: [HELD], bodySlug: "radmannsgruppen" }) { id agendaItems { id number } } }');
    meetingId = meetings[0].id;
    item24 = meetings[0].agendaItems.find((i: { number: string }) => i.number === '24/2017').id;
  });
  afterAll(() => s?.close());

  const get = (path: string, token?: string) =>
    fetch(`${s.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves innkalling and referat in every format, with the right types, to those who may read them', async () => {
    const types = { md: 'text/markdown', html: 'text/html', docx: 'application/vnd.openxmlformats', pdf: 'application/pdf' };
    for (const [format, type] of Object.entries(types)) {
      for (const kind of ['innkalling', 'referat']) {
        const r = await get(`/meetings/${meetingId}/${kind}.${format}`, s.adminToken);
        expect(r.status, `${kind}.${format}`).toBe(200);
        expect(r.headers.get('content-type')).toContain(type);
        expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(500);
      }
    }
    const md = await (await get(`/meetings/${meetingId}/referat.md`, s.adminToken)).text();
    expect(md).toContain('Sak 24/2017');
    expect(md).toContain('Rådmannsgruppen slutter seg til framlagt forslag til prosess');
  });

  it('refuses the public a draft referat and a bad token, but shows the public the innkalling', async () => {
    expect((await get(`/meetings/${meetingId}/referat.md`)).status).toBe(404);
    expect((await get(`/meetings/${meetingId}/innkalling.md`)).status).toBe(200);
    const bad = await get(`/meetings/${meetingId}/referat.pdf`, 'not-a-token');
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    // A bearer token in the URL is refused, even a valid one (signed links: resource-links.test.ts).
    const inUrl = await get(`/meetings/${meetingId}/referat.pdf?token=${s.adminToken}`);
    expect(inUrl.status).toBe(400);
    expect(((await inUrl.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    const member = await s.tokenFor('MEMBER', 'radmannsgruppen');
    expect((await get(`/meetings/${meetingId}/referat.md`, member)).status).toBe(200);
  });

  it('renders the live text of the referat, and a named version as it was', async () => {
    const { createMinutesVersion } = await s.ok(
      'mutation ($m: ID!) { createMinutesVersion(meetingId: $m, label: "Før endring") { id } }',
      { m: meetingId },
    );
    const client = connectLive(s.url, meetingId);
    try {
      await waitSynced([client], [item24]);
      const text = client.text(item24, 'decision');
      text.insert(0, 'LIVE-ENDRING ');
      // The live document is read, so the text shows before the binding has stored it.
      await waitFor(async () => (await (await get(`/meetings/${meetingId}/referat.md`, s.adminToken)).text()).includes('LIVE-ENDRING'), 'the live edit in the rendered referat', 3000);
      const old = await (await get(`/meetings/${meetingId}/referat.md?version=${createMinutesVersion.id}`, s.adminToken)).text();
      expect(old).not.toContain('LIVE-ENDRING');
      expect(old).toContain('Rådmannsgruppen slutter seg til');
      const viaGraphql = await s.ok('query ($m: ID!, $v: ID) { meeting(id: $m) { referatMarkdown(version: $v) } }', {
        m: meetingId,
        v: createMinutesVersion.id,
      });
      expect(viaGraphql.meeting.referatMarkdown).toBe(old);
    } finally {
      client.destroy();
    }
  });

  it('imports through GraphQL: a dry run reports and changes nothing; applying needs the body\'s secretariat', async () => {
    const text = fixture('referat-radmannsgruppen-2017-09-14.txt');
    const q = 'mutation ($t: String!, $a: Boolean!) { importDocument(text: $t, apply: $a) { kind applied meeting { body date created } unplaced { line text } } }';
    const counts = async () => {
      const em = s.app.orm.em.fork();
      return Promise.all(['Meeting', 'AgendaItem', 'SubItem', 'Person', 'Attendance', 'Attachment'].map((e) => em.count(e)));
    };
    const before = await counts();
    // A line in the heading block, where only Tid, Sted and the attendance lists belong.
    const odd = text.replace('Sted: Drammen rådhus', 'Sted: Drammen rådhus\n\n§§ en linje ingen forstår');
    const dry = await s.ok(q, { t: odd, a: false });
    expect(dry.importDocument).toMatchObject({ kind: 'referat', applied: false, meeting: { body: 'Rådmannsgruppen', date: '2017-09-14', created: false } });
    expect(dry.importDocument.unplaced.map((u: { text: string }) => u.text)).toContain('§§ en linje ingen forstår');
    const other = await s.tokenFor('SECRETARY', 'styringsgruppen');
    const refused = await s.gql(q, { t: text, a: true }, other);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const pub = await s.gql(q, { t: text, a: false }, 'public');
    expect(pub.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const empty = await s.gql(q, { t: '   ', a: false });
    expect(empty.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });
});
