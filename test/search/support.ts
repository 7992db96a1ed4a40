/**
 * Shared pieces of the search tests (not a test file itself): the search query, and meetings with known words built
 * through GraphQL.
 */
import type { TestServer } from '../helpers/app.js';

export const SEARCH = /* GraphQL */ `
  query Search($q: String!, $filter: SearchFilter, $order: SearchOrder, $first: Int, $after: String) {
    search(query: $q, filter: $filter, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id kind label title score
          titleHighlights { text match }
          snippet { text match }
          meeting { id status }
          agendaItem { id number title notes decision { text } }
          subItem { id letter }
        }
      }
    }
  }
`;

export interface Hit {
  id: string;
  kind: 'MEETING' | 'AGENDA_ITEM' | 'SUB_ITEM';
  label: string;
  title: string;
  score: number;
  titleHighlights: Array<{ text: string; match: boolean }>;
  snippet: Array<{ text: string; match: boolean }>;
  meeting: { id: string; status: string };
  agendaItem: { id: string; number: string; title: string; notes: string | null; decision: { text: string } | null } | null;
  subItem: { id: string; letter: string } | null;
}

export interface SearchPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: Hit }>;
}

/** Runs a search as `as` (a token, or 'public'); throws on errors. */
export async function search(
  server: TestServer,
  q: string,
  vars: { filter?: Record<string, unknown>; order?: string; first?: number; after?: string } = {},
  as?: string,
): Promise<SearchPage> {
  return (await server.ok<{ search: SearchPage }>(SEARCH, { q, ...vars }, as)).search;
}

/** The labels of a search's hits, in order. */
export const labels = (page: SearchPage) => page.edges.map((e) => e.node.label);

/** The marked words of a snippet or title: "[word]". */
export const marked = (parts: Array<{ text: string; match: boolean }>) => parts.filter((p) => p.match).map((p) => p.text);

export interface ItemSpec {
  title: string;
  kind?: string;
  introduction?: string;
  proposed?: string;
  public?: boolean;
  closedLegalBasis?: string;
  publicTitle?: string;
  archiveCaseNumber?: string;
  notes?: string;
  decision?: string;
  protocol?: string;
  subItems?: Array<{ title: string; introduction?: string; notes?: string; decision?: string }>;
}

export interface MeetingSpec {
  body: string;
  startsAt: string;
  /** PLANNED (default), NOTICE_SENT, HELD or MINUTES_APPROVED. */
  status?: string;
  title?: string;
  items: ItemSpec[];
}

export interface BuiltMeeting {
  id: string;
  items: Array<{ id: string; number: string; subItems: Array<{ id: string; letter: string }> }>;
}

/** Builds a meeting through the API as the administrator: items, texts, protocol, then its status. */
export async function buildMeeting(server: TestServer, spec: MeetingSpec): Promise<BuiltMeeting> {
  const { body } = await server.ok(`query($s: String!) { body(slug: $s) { id } }`, { s: spec.body });
  const { createMeeting: m } = await server.ok(
    `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { id } }`,
    { i: { bodyId: body.id, startsAt: spec.startsAt, title: spec.title, approvePreviousMinutes: false } },
  );
  const items: BuiltMeeting['items'] = [];
  for (const it of spec.items) {
    const { addAgendaItem: item } = await server.ok(
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id number } }`,
      {
        i: {
          meetingId: m.id,
          title: it.title,
          kind: it.kind,
          introduction: it.introduction,
          proposedDecision: it.proposed ? { text: it.proposed } : undefined,
          public: it.public,
          closedLegalBasis: it.closedLegalBasis,
          publicTitle: it.publicTitle,
          archiveCaseNumber: it.archiveCaseNumber,
        },
      },
    );
    const subItems: Array<{ id: string; letter: string }> = [];
    for (const s of it.subItems ?? []) {
      const { addSubItem: sub } = await server.ok(
        `mutation($i: AddSubItemInput!) { addSubItem(input: $i) { id letter } }`,
        { i: { agendaItemId: item.id, title: s.title, introduction: s.introduction } },
      );
      subItems.push(sub);
      if (s.notes) await setText(server, item.id, 'NOTES', s.notes, sub.letter);
      if (s.decision) await setText(server, item.id, 'DECISION', s.decision, sub.letter);
    }
    if (it.notes) await setText(server, item.id, 'NOTES', it.notes);
    if (it.decision) await setText(server, item.id, 'DECISION', it.decision);
    if (it.protocol) {
      await server.ok(`mutation($i: AddProtocolEntryInput!) { addProtocolEntry(input: $i) { id } }`, { i: { agendaItemId: item.id, text: it.protocol } });
    }
    items.push({ ...item, subItems });
  }
  const steps = ['NOTICE_SENT', 'HELD', 'MINUTES_APPROVED'];
  const mutations = ['sendNotice', 'markMeetingHeld', 'approveMinutes'];
  for (let i = 0; i < steps.indexOf(spec.status ?? 'PLANNED') + 1; i++) {
    await server.ok(`mutation($id: ID!) { ${mutations[i]}(meetingId: $id) { id } }`, { id: m.id });
  }
  return { id: m.id, items };
}

export async function setText(server: TestServer, itemId: string, field: 'NOTES' | 'DECISION', text: string, letter?: string): Promise<void> {
  await server.ok(
    `mutation($t: MinutesTargetInput!, $f: MinutesField!, $x: String!) { setMinutesText(input: { target: $t, field: $f, text: $x }) { id } }`,
    { t: { agendaItemId: itemId, subItemLetter: letter }, f: field, x: text },
  );
}
