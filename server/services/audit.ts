import type { EntityManager } from '@mikro-orm/core';
import { AuditEntry } from '../../schema/entities/index.js';
import type { ServiceContext } from './context.js';

export interface AuditFact {
  /** null for a body's records that belong to no meeting (a waiting sak). */
  meetingId: string | null;
  entity: string;
  entityId: string;
  action: string;
  summary?: string | null;
}

/** Adds an audit entry in the caller's transaction: it is stored exactly when the change is. */
export function audit(em: EntityManager, ctx: ServiceContext, fact: AuditFact): void {
  em.create(AuditEntry, {
    userId: ctx.viewer.userId,
    meetingId: fact.meetingId,
    entity: fact.entity,
    entityId: fact.entityId,
    action: fact.action,
    summary: fact.summary ?? null,
    via: ctx.via ?? 'api',
  });
}
