import type { EntityManager } from '@mikro-orm/core';
import { AuditEntry } from '../../schema/entities/index.js';
import { RowReader } from '../db/rows.js';

/** When a meeting's record last changed, and how often the meeting itself (time, place, status) was changed. */
export interface MeetingChanges {
  /** The latest audit entry of the meeting (any change to it or anything in it, live edits and deletions included). */
  lastChangeAt: Date | null;
  /** Audit entries about the Meeting itself (MEETING_UPDATED, STATUS_…): the iCalendar SEQUENCE. */
  meetingRevisions: number;
  /** The last change of status (notice sent, held, approved): what the public may see of the agenda changes then. */
  lastStatusChangeAt: Date | null;
}

/** Audit actions of status changes (MeetingService.transition). */
const STATUS_ACTIONS = "like 'STATUS%'";

const asDate = (v: unknown): Date | null =>
  v == null ? null : v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'number' ? v : String(v));

/**
 * The audit trail summed up per meeting, in one grouped statement. Every change goes through the services, which
 * write an audit entry in the same transaction, so this is when a meeting's public record (open data, calendar)
 * last changed, including removals that leave no row behind to carry an updatedAt.
 */
export async function meetingChanges(em: EntityManager, meetingIds: readonly string[]): Promise<Map<string, MeetingChanges>> {
  const out = new Map<string, MeetingChanges>();
  if (!meetingIds.length) return out;
  const r = new RowReader(em);
  const [mid, at, entity, action] = ['meetingId', 'at', 'entity', 'action'].map((p) => r.column(AuditEntry, p)) as [string, string, string, string];
  const rows = await r.rows(
    `select ${mid} as m, max(${at}) as last_at, sum(case when ${entity} = 'Meeting' then 1 else 0 end) as revisions, ` +
      `max(case when ${action} ${STATUS_ACTIONS} then ${at} end) as status_at ` +
      `from ${r.table(AuditEntry)} where ${mid} in (${RowReader.placeholders(meetingIds.length)}) group by ${mid}`,
    meetingIds,
  );
  for (const row of rows) {
    out.set(String(row.m), { lastChangeAt: asDate(row.last_at), meetingRevisions: Number(row.revisions), lastStatusChangeAt: asDate(row.status_at) });
  }
  return out;
}

/**
 * Ids of the meetings with an audit entry at or after `since` (what changed since a harvester last looked); with
 * `statusOnly`, of those whose status changed (which changes what the public may see of their agenda).
 */
export async function meetingsChangedSince(em: EntityManager, since: Date, statusOnly = false): Promise<string[]> {
  const r = new RowReader(em);
  const [mid, at, action] = [r.column(AuditEntry, 'meetingId'), r.column(AuditEntry, 'at'), r.column(AuditEntry, 'action')];
  const only = statusOnly ? ` and ${action} ${STATUS_ACTIONS}` : '';
  const rows = await r.rows(`select distinct ${mid} as m from ${r.table(AuditEntry)} where ${at} >= ?${only}`, [since]);
  return rows.map((row) => String(row.m));
}

/** The later of two instants, either of which may be missing. */
export function latest(a: Date, b: Date | null | undefined): Date {
  return b && b.getTime() > a.getTime() ? b : a;
}
