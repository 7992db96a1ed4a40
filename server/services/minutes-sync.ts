import type { MinutesField, VersionReason } from '../../schema/enums.js';
import type { MinutesProjection } from '../../schema/ydoc-layout.js';

/**
 * How the services tell the live referat (the collab layer) about changes made through the API.
 * The collab binding implements it; without collab (tests of the domain alone) nothing is done.
 */
export interface MinutesSync {
  /** A notes or decision text was set through the API: apply it to the live document (minimal diff). */
  textSet(meetingId: string, agendaItemId: string, letter: string | null, field: MinutesField, text: string): Promise<void>;
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
  textSet: async () => {},
  agendaChanged: async () => {},
  locked: async () => {},
  versionPoint: async () => {},
  liveTexts: async () => null,
};
