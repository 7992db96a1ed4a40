import { AuditEntry } from '../../schema/entities/index.js';
import { assertCanWrite } from '../auth/policies.js';
import type { ServiceContext } from './context.js';
import { meetingById } from './lookup.js';

/** The audit trail of a meeting, for its secretariat. */
export class AuditService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(meetingId: string, limit = 500): Promise<AuditEntry[]> {
    const meeting = await meetingById(this.ctx.em, meetingId);
    assertCanWrite(this.ctx.viewer, meeting.body.id, meeting.body.name);
    return this.ctx.em.find(AuditEntry, { meetingId: meeting.id }, { orderBy: { at: 'desc', id: 'desc' }, limit: Math.min(Math.max(limit, 1), 5000) });
  }
}
