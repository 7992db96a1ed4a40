/**
 * Acceptance 1 (search in the authorisation matrix): what each caller can find. Words that occur in one place only
 * are searched for as an administrator, a secretary of Rådmannsgruppen, a secretary of Styringsgruppen, a member of
 * Rådmannsgruppen, the public of a deployment that does not publish draft minutes, and the public of one that does
 * (PUBLISH_DRAFT_MINUTES). The public never finds a planned meeting, a closed item's title, text, vedtak, protocol or
 * sub-items, nor a referat it may not read; what it does find shows only what it may read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { buildMeeting, labels, search, type BuiltMeeting, type MeetingSpec } from '../search/support.js';
import { roleTokens, type Tokens } from '../helpers/roles.js';

type Who = 'admin' | 'secretaryRG' | 'secretarySG' | 'memberRG' | 'public' | 'publicDraft';
const WHO: Who[] = ['admin', 'secretaryRG', 'secretarySG', 'memberRG', 'public', 'publicDraft'];
const Y = true;
const N = false;

/** word → found by [admin, secretaryRG, secretarySG, memberRG, public, public with draft minutes]. */
const MATRIX: Array<[word: string, ...found: boolean[]]> = [
  // a planned meeting of Rådmannsgruppen: its readers only
  ['planordet',         Y, Y, N, Y, N, N],
  // notice sent: the innkalling is public; notes and vedtak written early are not
  ['innkallingsord',    Y, Y, Y, Y, Y, Y],
  ['notatordet',        Y, Y, N, Y, N, N],
  ['vedtaksordet',      Y, Y, N, Y, N, N],
  // held: the draft referat is public only where drafts are published
  ['holdtinnkalling',   Y, Y, Y, Y, Y, Y],
  ['utkastord',         Y, Y, N, Y, N, Y],
  // a closed item of the held meeting: everything but its public title is for its readers
  ['lukkettittel',      Y, Y, N, Y, N, N],
  ['lukketinnledning',  Y, Y, N, Y, N, N],
  ['lukketnotat',       Y, Y, N, Y, N, N],
  ['lukketvedtak',      Y, Y, N, Y, N, N],
  ['lukketprotokoll',   Y, Y, N, Y, N, N],
  ['lukketunderpunkt',  Y, Y, N, Y, N, N],
  ['lukketvedlegg',     Y, Y, N, Y, N, N],
  ['offentligtittel',   Y, Y, Y, Y, Y, Y],
  // approved: the referat is public, a closed item still is not
  ['godkjentnotat',     Y, Y, Y, Y, Y, Y],
  ['fortroligord',      Y, Y, N, Y, N, N],
  // Styringsgruppen: held and planned
  ['styringsnotat',     Y, N, Y, N, N, Y],
  ['styringsplan',      Y, N, Y, N, N, N],
];

const RG = 'radmannsgruppen';
const FIXTURE: MeetingSpec[] = [
  { body: RG, startsAt: '2024-01-10T08:00:00Z', items: [{ title: 'Planleggingssak', introduction: 'planordet' }] },
  {
    body: RG,
    startsAt: '2024-02-10T08:00:00Z',
    status: 'NOTICE_SENT',
    items: [{ title: 'Innkallingstittel', introduction: 'innkallingsord', notes: 'notatordet', decision: 'vedtaksordet' }],
  },
  {
    body: RG,
    startsAt: '2024-03-10T08:00:00Z',
    status: 'HELD',
    items: [
      { title: 'Holdt sak', introduction: 'holdtinnkalling', notes: 'utkastord' },
      {
        title: 'Lukkettittel',
        introduction: 'lukketinnledning',
        notes: 'lukketnotat',
        decision: 'lukketvedtak',
        protocol: 'lukketprotokoll',
        public: false,
        closedLegalBasis: 'Offentleglova § 13',
        publicTitle: 'Offentligtittel',
        subItems: [{ title: 'lukketunderpunkt' }],
      },
    ],
  },
  {
    body: RG,
    startsAt: '2024-04-10T08:00:00Z',
    status: 'MINUTES_APPROVED',
    items: [
      { title: 'Godkjent sak', notes: 'godkjentnotat' },
      { title: 'Fortrolig', notes: 'fortroligord', public: false, closedLegalBasis: 'Offentleglova § 13' },
    ],
  },
  { body: 'styringsgruppen', startsAt: '2024-03-11T08:00:00Z', status: 'HELD', items: [{ title: 'Styringssak', notes: 'styringsnotat' }] },
  { body: 'styringsgruppen', startsAt: '2024-05-11T08:00:00Z', items: [{ title: 'Styringsplan', introduction: 'styringsplan' }] },
];

describe.each(dbKinds())('search visibility (%s)', (kind) => {
  let plain: TestServer;
  let drafts: TestServer;
  let tokens: Tokens;
  let held: BuiltMeeting;

  beforeAll(async () => {
    [plain, drafts] = await Promise.all([
      startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'false' } }),
      startTestServer(kind, { env: { PUBLISH_DRAFT_MINUTES: 'true' } }),
    ]);
    tokens = await roleTokens(plain);
    for (const server of [plain, drafts]) {
      const built = [];
      for (const spec of FIXTURE) built.push(await buildMeeting(server, spec));
      // A vedlegg only the closed item has
      await server.ok(`mutation($i: AddAttachmentInput!) { addAttachment(input: $i) { id } }`, {
        i: { meetingId: built[2]!.id, title: 'lukketvedlegg', agendaItemIds: [built[2]!.items[1]!.id] },
      });
      if (server === plain) held = built[2]!;
      await server.app.search.flush();
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all([plain?.close(), drafts?.close()]);
  });

  const find = (who: Who, word: string) =>
    who === 'publicDraft' ? search(drafts, word, {}, 'public') : search(plain, word, {}, who === 'public' ? 'public' : tokens[who]);

  it('finds for each caller exactly what they may read', async () => {
    const wrong: string[] = [];
    for (const [word, ...expected] of MATRIX) {
      for (const [i, who] of WHO.entries()) {
        const page = await find(who, word);
        if ((page.totalCount > 0) !== expected[i]) wrong.push(`${word} / ${who}: found ${page.totalCount}, expected ${expected[i] ? 'some' : 'none'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('shows the public a closed item as its number, public title and legal basis only', async () => {
    const number = (await plain.ok(`query($id: ID!) { meeting(id: $id) { agendaItems { number } } }`, { id: held.id })).meeting.agendaItems[1].number;
    for (const q of ['offentligtittel', number, `sak ${number}`]) {
      const page = await search(plain, q, {}, 'public');
      expect(labels(page), q).toEqual([`Sak ${number}`]);
      const hit = page.edges[0]!.node;
      const shown = JSON.stringify(hit);
      expect(hit.title).toBe('Offentligtittel');
      expect(hit.agendaItem!.title).toBe('Offentligtittel');
      expect(hit.snippet.map((p) => p.text).join('')).toContain('Offentleglova § 13');
      expect(shown).not.toMatch(/lukket/i);
    }
    // Its readers see the real title under the same number
    const member = await search(plain, number, {}, tokens.memberRG);
    expect(member.edges.map((e) => e.node.title)).toContain('Lukkettittel');
  });

  it('shows what may be read, and nothing more, in hits of the innkalling', async () => {
    const page = await search(plain, 'innkallingsord', {}, 'public');
    const shown = JSON.stringify(page);
    expect(shown).not.toContain('notatordet');
    expect(shown).not.toContain('vedtaksordet');
    expect(page.edges[0]!.node.agendaItem!.notes).toBeNull();
    // Filters cannot widen what is found
    const planned = await search(plain, 'planordet', { filter: { meetingStatus: ['PLANNED'] } }, 'public');
    expect(planned.totalCount).toBe(0);
    const vedtak = await search(plain, 'innkallingsord', { filter: { hasDecision: true } }, 'public');
    expect(vedtak.totalCount).toBe(0); // its vedtak is not the public's yet
    expect((await search(plain, 'innkallingsord', { filter: { hasDecision: true } }, tokens.memberRG)).totalCount).toBe(1);
  });

  it('follows the meeting: once the referat is approved, the public finds it', async () => {
    expect((await search(plain, 'utkastord', {}, 'public')).totalCount).toBe(0);
    await plain.ok(`mutation($id: ID!) { approveMinutes(meetingId: $id) { id } }`, { id: held.id });
    await plain.app.search.flush();
    expect(labels(await search(plain, 'utkastord', {}, 'public'))).toHaveLength(1);
    // The closed item stays closed
    expect((await search(plain, 'lukketnotat', {}, 'public')).totalCount).toBe(0);
  });
});
