import type { Page } from '../../schema/connection.js';
import { AuditEntry } from '../../schema/entities/index.js';
import { assertCanWrite } from '../auth/policies.js';
import type { ServiceContext } from './context.js';
import { meetingById } from './lookup.js';
import { keysetPage, type PageArgs, type SortKey } from './pagination.js';

/** Newest first; the id (which only grows) breaks ties between entries of the same millisecond. */
const AUDIT_ORDER: ReadonlyArray<SortKey<AuditEntry>> = [
  { field: 'at', dir: 'desc', kind: 'date' },
  { field: 'id', dir: 'desc', kind: 'bigint' },
];

/** The audit trail of a meeting, for its secretariat. */
export class AuditService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(meetingId: string, limit = 500): Promise<AuditEntry[]> {
    const meeting = await this.readable(meetingId);
    return this.ctx.em.find(AuditEntry, { meetingId: meeting.id }, { orderBy: { at: 'desc', id: 'desc' }, limit: Math.min(Math.max(limit, 1), 5000) });
  }

  /** A page of the trail, newest first: what `auditLogConnection` returns. */
  async page(meetingId: string, args: PageArgs = {}): Promise<Page<AuditEntry>> {
    const meeting = await this.readable(meetingId);
    return keysetPage(this.ctx.em, AuditEntry, { meetingId: meeting.id }, AUDIT_ORDER, args, `audit:${meeting.id}`);
  }

  private async readable(meetingId: string) {
    const meeting = await meetingById(this.ctx.em, meetingId);
    assertCanWrite(this.ctx.viewer, meeting.body.id, meeting.body.name);
    return meeting;
  }
}
