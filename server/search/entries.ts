/**
 * The index entries of meetings: read through the request-style loaders (read-only rows, server/graphql/loaders.ts)
 * and presented, once per audience, by the presenters that redact GraphQL answers (see search-visibility.ts). Reads
 * only; the stores write the index tables.
 */
import type { AgendaItem, Attachment, Body, Meeting, SubItem } from '../../schema/entities/index.js';
import type { Viewer } from '../auth/viewer.js';
import { formatLongDate } from '../documents/norwegian-dates.js';
import type { Loaders } from '../graphql/loaders.js';
import { presentAttachments, presentItem, presentMeeting, presentSubItems, showsMinutesDetails, showsNoticeDetails } from '../auth/read-policy.js';
import { formatShortDate as osloDate, osloParts } from '../documents/norwegian-dates.js';
import type { IndexEntry, MeetingEntries } from './port.js';
import { lensesOf, type Audience } from './search-visibility.js';
import { numberKeys } from './text.js';

/** What one item brings besides its own fields. */
interface ItemParts {
  item: AgendaItem;
  subItems: SubItem[];
  attachments: Attachment[];
  subAttachments: Map<string, Attachment[]>;
  protocol: string[];
  citations: string[];
  /** The extracted texts of the item's files, by sha256. */
  fileTexts: Map<string, string>;
}

const joined = (...texts: Array<string | null | undefined | false>) => texts.filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('\n');
/** A vedlegg's title, and the text of its file (extracted after the upload; server/files/text-extractor.ts). */
const attachmentLines = (list: Attachment[], texts: ReadonlyMap<string, string>) =>
  list.map((a) => joined(`Vedlegg ${a.number}: ${a.title}`, a.sha256 ? texts.get(a.sha256) : null));

/** The entries of each meeting now (null for a meeting that no longer exists). */
export async function meetingEntries(loaders: Loaders, meetingIds: string[]): Promise<MeetingEntries[]> {
  return Promise.all(
    meetingIds.map(async (meetingId) => {
      const meeting = await loaders.meeting.load(meetingId);
      if (!meeting) return { meetingId, entries: null };
      const body = (await loaders.body.load(meeting.body.id))!;
      const items = await loaders.itemsOfMeeting.load(meeting.id);
      const parts = await Promise.all(items.map((item) => itemParts(loaders, item)));
      return { meetingId, entries: entriesOf(meeting, body, parts) };
    }),
  );
}

async function itemParts(loaders: Loaders, item: AgendaItem): Promise<ItemParts> {
  const [subItems, attachments, protocol, references] = await Promise.all([
    loaders.subItemsOfItem.load(item.id),
    loaders.attachmentsOfItem.load(item.id),
    loaders.protocolEntriesOfItem.load(item.id),
    loaders.referencesOfItem.load(item.id),
  ]);
  const subAttachments = new Map(
    await Promise.all(subItems.map(async (s) => [s.id, await loaders.attachmentsOfSubItem.load(s.id)] as const)),
  );
  const shas = [...attachments, ...[...subAttachments.values()].flat()].map((a) => a.sha256).filter((s): s is string => s !== null);
  const texts = await Promise.all(shas.map(async (sha) => [sha, await loaders.fileText.load(sha)] as const));
  const fileTexts = new Map(texts.filter((t): t is readonly [string, string] => t[1] !== null));
  return { item, subItems, attachments, subAttachments, protocol: protocol.map((p) => p.text), citations: references.map((r) => r.citation), fileTexts };
}

/** One entry per entity and distinct view: audiences that see the same text share it. */
function entriesOf(meeting: Meeting, body: Body, items: ItemParts[]): IndexEntry[] {
  const byView = new Map<string, IndexEntry & { audiences: Set<Audience> }>();
  const add = (audience: Audience, e: Omit<IndexEntry, 'audiences'>) => {
    const key = JSON.stringify([e.entityId, e.label, e.title, e.text, e.keys, e.hasDecision]);
    const found = byView.get(key);
    if (found) found.audiences.add(audience);
    else byView.set(key, { ...e, audiences: new Set([audience]) });
  };
  const common = {
    meetingId: meeting.id,
    bodyId: body.id,
    year: osloParts(meeting.startsAt).year,
    startsAt: meeting.startsAt.getTime(),
    status: meeting.status,
  };
  for (const { audience, viewer } of lensesOf(meeting)) {
    const m = presentMeeting(viewer, meeting);
    const text = joined(formatLongDate(m.startsAt), m.location, m.actualLocation !== m.location && m.actualLocation, body.name, m.noticeApproval?.text);
    add(audience, {
      ...common,
      kind: 'MEETING',
      entityId: m.id,
      agendaItemId: null,
      itemKind: null,
      label: `Møte ${osloDate(m.startsAt)}`,
      title: m.title ?? `Møte i ${body.name}`,
      text,
      keys: numberKeys(text),
      hasDecision: Boolean(m.noticeApproval?.text.trim()),
    });
    for (const parts of items) for (const e of itemEntries(viewer, meeting, parts)) add(audience, { ...common, ...e });
  }
  return [...byView.values()];
}

type ItemEntry = Omit<IndexEntry, 'audiences' | 'meetingId' | 'bodyId' | 'year' | 'startsAt' | 'status'>;

/** An item and its sub-items as `viewer` sees them (nothing of what they may not see). */
function itemEntries(viewer: Viewer, meeting: Meeting, parts: ItemParts): ItemEntry[] {
  const { item } = parts;
  const p = presentItem(viewer, meeting, item);
  const notice = showsNoticeDetails(viewer, meeting, item);
  const minutes = showsMinutesDetails(viewer, meeting, item);
  const text = joined(
    p.introduction,
    p.proposedDecision?.text,
    p.decision?.text,
    p.notes,
    ...(minutes ? parts.protocol : []),
    ...(notice ? [...attachmentLines(presentAttachments(viewer, meeting, parts.attachments), parts.fileTexts), ...parts.citations] : []),
    p.publicTitle !== p.title && p.publicTitle,
    p.closedLegalBasis,
    p.archiveCaseNumber && `Arkivsak ${p.archiveCaseNumber}`,
  );
  const out: ItemEntry[] = [{
    kind: 'AGENDA_ITEM',
    entityId: item.id,
    agendaItemId: item.id,
    itemKind: item.kind,
    label: `Sak ${item.number}`,
    title: p.title,
    text,
    keys: numberKeys(item.number, p.archiveCaseNumber, p.title, text),
    hasDecision: Boolean(p.decision?.text.trim()),
  }];
  for (const s of presentSubItems(viewer, meeting, item, parts.subItems)) {
    const subText = joined(
      s.subtitle,
      s.introduction,
      s.proposedDecision?.text,
      s.decision?.text,
      s.notes,
      ...(notice ? attachmentLines(presentAttachments(viewer, meeting, parts.subAttachments.get(s.id) ?? []), parts.fileTexts) : []),
    );
    out.push({
      kind: 'SUB_ITEM',
      entityId: s.id,
      agendaItemId: item.id,
      itemKind: item.kind,
      label: `Sak ${item.number} ${s.letter}`,
      title: s.title,
      text: subText,
      keys: numberKeys(s.title, subText),
      hasDecision: Boolean(s.decision?.text.trim()),
    });
  }
  return out;
}
