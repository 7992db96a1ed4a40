import type { SyncedText } from '../../collab/minutes-binding.js';
import type { VersionReason } from '../../schema/enums.js';
import type { MinutesProjection } from '../../schema/ydoc-layout.js';

export type { SyncedText };

/**
 * How the services keep the live referat (the collab layer) in step with the relational model.
 * The collab binding implements it; without collab (tests of the domain alone) nothing is done.
 */
export interface MinutesSync {
  /** Stores what clients typed into the meeting's live document and is not stored yet (before a change of its texts). */
  settle(meetingId: string): Promise<void>;
  /** Texts were stored by the services: apply them to the live document as minimal diffs (loading it if needed). */
  textsSet(meetingId: string, texts: readonly SyncedText[]): Promise<void>;
  /** Items or sub-items were added or removed: make sure the document has (or drops) their structure. */
  agendaChanged(meetingId: string): Promise<void>;
  /** The minutes are approved: the live document becomes read-only. */
  locked(meetingId: string): Promise<void>;
  /** The referat's texts as the live document holds them now; null when there is no live document. */
  liveTexts(meetingId: string): Promise<MinutesProjection | null>;
  /** Take a named version of the referat. */
  versionPoint(meetingId: string, reason: VersionReason, label: string, createdBy: string | null): Promise<void>;
}

export const noMinutesSync: MinutesSync = {
  settle: async () => {},
  textsSet: async () => {},
  agendaChanged: async () => {},
  locked: async () => {},
  versionPoint: async () => {},
  liveTexts: async () => null,
};
