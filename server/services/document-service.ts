import type { Meeting, MinutesVersion } from '../../schema/entities/index.js';
import { MeetingStatus } from '../../schema/enums.js';
import type { DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import { presentDocument, readsMinutes } from '../auth/read-policy.js';
import { gatherDocument, type MinutesTexts } from '../documents/gather-document.js';
import { renderMarkdown } from '../documents/render-markdown.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from './context.js';
import { MeetingService } from './meeting-service.js';
import { VersionService } from './version-service.js';

/** The innkalling and referat of a meeting as documents, for the viewer (importing them: import/import-service.ts). */
export class DocumentService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * The document as of now (the referat's texts from the live document, which is ahead of the database by at most
   * the binding's quiet time) or as of a named version. What the viewer may not see is left out: the referat
   * before it may be read, and the content of items handled behind closed doors.
   */
  async load(meetingId: string, kind: DocumentKind, versionId?: string): Promise<MeetingDocument> {
    const { meeting, version } = await this.readable(meetingId, kind, versionId);
    let texts: MinutesTexts | undefined;
    if (version) {
      texts = await new VersionService(this.ctx).projection(version);
    } else if (kind === 'referat') {
      // Once approved the live referat is locked: then it is the stored one, and changes only with an event.
      if (meeting.status !== MeetingStatus.MINUTES_APPROVED) this.ctx.readsLive?.();
      texts = (await this.ctx.sync.liveTexts(meeting.id)) ?? undefined;
    }
    const doc = await gatherDocument(this.ctx.em, meeting.id, kind, texts);
    return presentDocument(this.ctx.viewer, meeting, doc);
  }

  /**
   * The meeting (and version) when the viewer may read this document; NOT_FOUND otherwise (what load would answer).
   * Signing a download link asks this before signing.
   */
  async readable(meetingId: string, kind: DocumentKind, versionId?: string): Promise<{ meeting: Meeting; version: MinutesVersion | null }> {
    const meeting = await new MeetingService(this.ctx).get(meetingId);
    if (kind === 'referat' && !readsMinutes(this.ctx.viewer, meeting)) throw notFound('Referat of meeting', meetingId);
    if (!versionId) return { meeting, version: null };
    const version = await new VersionService(this.ctx).get(versionId);
    if (version.meeting.id !== meeting.id) throw notFound('Version', versionId);
    return { meeting, version };
  }

  async markdown(meetingId: string, kind: DocumentKind, versionId?: string): Promise<string> {
    return renderMarkdown(await this.load(meetingId, kind, versionId));
  }
}
