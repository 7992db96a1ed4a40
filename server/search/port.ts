/**
 * The search index's storage, behind one small interface with an adapter per database: SQLite FTS5
 * (sqlite-store.ts) and PostgreSQL full-text search (postgres-store.ts). The index lives in tables of its own
 * (search_*), made and rebuilt by the adapters; it is derived data and never part of the domain model.
 */
import type { AgendaItemKind, MeetingStatus } from '../../schema/enums.js';
import type { ParsedQuery } from './query.js';
import type { Audience, SearchScope } from './search-visibility.js';

export type HitKind = 'MEETING' | 'AGENDA_ITEM' | 'SUB_ITEM';

/** One searchable text: a meeting, an item or a sub-item, as one or more audiences see it. */
export interface IndexEntry {
  meetingId: string;
  bodyId: string;
  /** The meeting's year in Norway. */
  year: number;
  /** The meeting's planned start, epoch milliseconds. */
  startsAt: number;
  status: MeetingStatus;
  kind: HitKind;
  /** The meeting, item or sub-item. */
  entityId: string;
  agendaItemId: string | null;
  itemKind: AgendaItemKind | null;
  /** "Sak 21/2017", "Sak 21/2017 B", "Møte 14.09.2017". */
  label: string;
  title: string;
  /** Everything else, in reading order. */
  text: string;
  /** Item and case number keys (server/search/text.ts). */
  keys: string[];
  hasDecision: boolean;
  audiences: ReadonlySet<Audience>;
}

/** What one meeting is now in the index: its entries, or null when the meeting is gone. */
export interface MeetingEntries {
  meetingId: string;
  entries: IndexEntry[] | null;
}

export interface StoreFilter {
  bodyIds?: string[];
  yearFrom?: number;
  yearTo?: number;
  itemKinds?: AgendaItemKind[];
  hitKinds?: HitKind[];
  hasDecision?: boolean;
  statuses?: MeetingStatus[];
}

export type SearchOrder = 'RELEVANCE' | 'NEWEST' | 'OLDEST';

export interface StoreQuery {
  query: ParsedQuery;
  scope: SearchScope;
  filter: StoreFilter;
  order: SearchOrder;
  offset: number;
  limit: number;
}

/** A found entry: what the page shows of it. */
export interface StoredHit {
  kind: HitKind;
  entityId: string;
  agendaItemId: string | null;
  meetingId: string;
  label: string;
  title: string;
  text: string;
  /** Higher is better; comparable within one query only. */
  score: number;
}

export interface SearchStore {
  readonly dialect: 'sqlite' | 'postgresql';
  /** Creates the index tables, or drops and recreates them when their layout changed (the index is then empty). */
  ensureSchema(): Promise<void>;
  /** Replaces the entries of each meeting (removes those of meetings that are gone), in one transaction. */
  replace(batch: MeetingEntries[], indexedAt: number): Promise<void>;
  search(q: StoreQuery): Promise<{ total: number; hits: StoredHit[] }>;
  /** When each indexed meeting was last indexed (epoch ms). */
  indexedMeetings(): Promise<Map<string, number>>;
  /** Number of entries and the bytes the index takes on disk (null when the database cannot tell). */
  stats(): Promise<{ entries: number; bytes: number | null }>;
}
