import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { AgendaItem, Meeting, MinutesVersion, SubItem } from '../../schema/entities/index.js';
import { MeetingStatus, type VersionReason } from '../../schema/enums.js';
import type { LayoutItem } from '../../schema/ydoc-layout.js';
import { SYSTEM_VIEWER } from '../auth/viewer.js';
import { RowReader } from '../db/rows.js';
import type { EventBus } from '../pubsub.js';
import { MinutesTextService, type TextChange, type TextWriteResult } from './minutes-text-service.js';
import { noMinutesSync } from './minutes-sync.js';

/**
 * The relational side of the live referat, as the collab binding needs it: the layout to create, texts typed by
 * clients to store (with the API's rules and events, batched across meetings), and versions.
 */
export function createMinutesModel(orm: MikroORM, events: EventBus) {
  return {
    async layout(meetingId: string): Promise<{ items: LayoutItem[]; locked: boolean } | null> {
      const em = orm.em.fork();
      const meeting = await em.findOne(Meeting, { id: meetingId });
      if (!meeting) return null;
      const items = await em.find(AgendaItem, { meeting }, { orderBy: { position: 'asc' } });
      const subs = await em.find(SubItem, { agendaItem: { $in: items } }, { orderBy: { position: 'asc' } });
      return {
        locked: meeting.status === MeetingStatus.MINUTES_APPROVED,
        items: items.map((i) => ({
          id: i.id,
          notes: i.notes,
          decision: i.decision?.text ?? null,
          subItems: subs
            .filter((s) => s.agendaItem.id === i.id)
            .map((s) => ({ letter: s.letter, notes: s.notes, decision: s.decision?.text ?? null })),
        })),
      };
    },

    /**
     * Stores texts of live documents (typed by clients, or repaired on load) through the services' one text command
     * (minutes-text-service.ts): rules, an audit entry and a decisionUpdated event per changed field. The connections
     * were authorised to write when they opened (read-only connections never get here); each change names its user.
     */
    writeTexts(changes: readonly TextChange[]): Promise<TextWriteResult[]> {
      const ctx = { em: orm.em.fork(), events, sync: noMinutesSync, viewer: SYSTEM_VIEWER, via: 'live' as const };
      return new MinutesTextService(ctx).store(changes, 'live');
    },

    async saveVersion(v: { meetingId: string; reason: VersionReason; label: string; createdBy: string | null; state: Uint8Array; seq: number }) {
      // One bound insert: MikroORM's would write the whole state into the SQL text (server/db/rows.ts `insert`).
      const em = orm.em.fork();
      const now = em.getPlatform().processDateProperty(new Date());
      await new RowReader(em).insert(MinutesVersion, {
        id: randomUUID(),
        meeting: v.meetingId,
        label: v.label,
        reason: v.reason,
        seq: v.seq,
        state: Buffer.from(v.state),
        createdBy: v.createdBy,
        createdAt: now,
        updatedAt: now,
      });
    },
  };
}
