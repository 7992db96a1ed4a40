import type { MikroORM } from '@mikro-orm/core';
import { AgendaItem, Meeting, MinutesVersion, SubItem } from '../../schema/entities/index.js';
import { MeetingStatus, type MinutesField, type VersionReason } from '../../schema/enums.js';
import type { LayoutItem } from '../../schema/ydoc-layout.js';
import { SYSTEM_VIEWER } from '../auth/viewer.js';
import type { EventBus } from '../pubsub.js';
import { createServices, type MinutesSync } from './index.js';

/**
 * The relational side of the live referat, as the collab binding needs it: the layout to create, texts typed by
 * clients to store (through the same service, and so the same rules and events, as the API), and versions.
 */
export function createMinutesModel(orm: MikroORM, events: EventBus, sync: () => MinutesSync) {
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

    async writeText(change: {
      meetingId: string;
      agendaItemId: string;
      letter: string | null;
      field: MinutesField;
      text: string;
      userId: string | null;
    }): Promise<void> {
      // The connection was authorised to write when it opened (read-only connections never get here).
      const viewer = { ...SYSTEM_VIEWER, userId: change.userId, name: null };
      const services = createServices({ em: orm.em.fork(), events, sync: sync(), viewer, via: 'live' });
      await services.decisions.setText(
        { agendaItemId: change.agendaItemId, subItemLetter: change.letter },
        change.field,
        change.text,
        { fromLiveDocument: true },
      );
    },

    async saveVersion(v: { meetingId: string; reason: VersionReason; label: string; createdBy: string | null; state: Uint8Array; seq: number }) {
      const em = orm.em.fork();
      const seq = v.seq;
      em.create(MinutesVersion, {
        meeting: em.getReference(Meeting, v.meetingId),
        label: v.label,
        reason: v.reason,
        seq,
        state: Buffer.from(v.state),
        createdBy: v.createdBy,
      });
      await em.flush();
    },
  };
}
