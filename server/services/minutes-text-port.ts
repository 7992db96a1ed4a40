import type { MinutesField } from '../../schema/enums.js';
import type { DecisionLike } from './minutes-text-rules.js';

/** An item or sub-item row as the minutes-text command sees it; `decision` is null when all its columns are. */
export interface TextHolderRow {
  kind: 'AgendaItem' | 'SubItem';
  id: string;
  notes: string | null;
  decision: DecisionLike | null;
}

/** An agenda item with its meeting's state, and its sub-items named in the batch. */
export interface TextItemRow extends TextHolderRow {
  kind: 'AgendaItem';
  meetingId: string;
  /** "25/2017" */
  number: string;
  /** The meeting's minutes are approved: its texts are never written. */
  locked: boolean;
}

/** What one holder's row gets: the fields that changed (both at once), and whether its decision was dropped. */
export interface TextRowWrite {
  row: TextHolderRow;
  fields: ReadonlySet<MinutesField>;
  /** The decision was dropped (every decision column is written, adoption and vote emptied). */
  decisionDropped: boolean;
}

export interface TextAuditRow {
  at: Date;
  userId: string | null;
  meetingId: string;
  entity: 'AgendaItem' | 'SubItem';
  entityId: string;
  action: string;
  summary: string;
  via: string;
}

/** One transaction of the minutes-text command: read the targets, write changed rows and their audit entries. */
export interface MinutesTextTransaction {
  /** The items named (with their meeting's state) and their sub-items with the letters named (key `itemId|letter`). */
  load(itemIds: readonly string[], letters: readonly string[]): Promise<{ items: Map<string, TextItemRow>; subs: Map<string, TextHolderRow> }>;
  write(rows: readonly TextRowWrite[], audits: readonly TextAuditRow[], at: Date): Promise<void>;
}

/**
 * The storage port of the minutes-text command (server/services/minutes-text-service.ts). The SQL adapter
 * (server/db/minutes-text-sql.ts) does it in one transaction with bound, prepared statements, without the unit of
 * work: live typing stores many fields of many documents every few hundred milliseconds.
 */
export interface MinutesTextStore {
  transaction<T>(fn: (tx: MinutesTextTransaction) => Promise<T>): Promise<T>;
}
