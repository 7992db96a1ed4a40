import type { DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import { Body, Meeting } from '../../schema/entities/index.js';
import { can, assertCanWrite, assertSecretaryAnywhere } from '../auth/policies.js';
import { applyDocument } from '../documents/apply-document.js';
import { gatherDocument, type MinutesTexts } from '../documents/gather-document.js';
import type { ImportReport } from '../documents/import-report.js';
import { parseDocument } from '../documents/parse-referat.js';
import { renderMarkdown } from '../documents/render-markdown.js';
import { osloDayRange } from '../documents/norwegian-dates.js';
import { Topic } from '../pubsub.js';
import { badInput, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';
import { MeetingService } from './meeting-service.js';
import { VersionService } from './version-service.js';

/** The innkalling and referat of a meeting as documents, for the viewer; and importing existing documents. */
export class DocumentService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * The document as of now (the referat's texts from the live document, which is ahead of the database by at most
   * the binding's quiet time) or as of a named version. What the viewer may not see is left out: the referat
   * before it may be read, and the content of items handled behind closed doors.
   */
  async load(meetingId: string, kind: DocumentKind, versionId?: string): Promise<MeetingDocument> {
    const meeting = await new MeetingService(this.ctx).get(meetingId);
    if (kind === 'referat' && !can.readMinutes(this.ctx.viewer, meeting)) throw notFound('Referat of meeting', meetingId);
    let texts: MinutesTexts | undefined;
    if (versionId) {
      const version = await new VersionService(this.ctx).get(versionId);
      if (version.meeting.id !== meeting.id) throw notFound('Version', versionId);
      texts = await new VersionService(this.ctx).projection(version);
    } else if (kind === 'referat') {
      texts = (await this.ctx.sync.liveTexts(meeting.id)) ?? undefined;
    }
    const doc = await gatherDocument(this.ctx.em, meeting.id, kind, texts);
    return can.readAllOf(this.ctx.viewer, meeting.body.id) ? doc : publicVersion(doc);
  }

  async markdown(meetingId: string, kind: DocumentKind, versionId?: string): Promise<string> {
    return renderMarkdown(await this.load(meetingId, kind, versionId));
  }

  /**
   * Imports an innkalling or referat. A dry run (apply false) changes nothing and reports what would change; it
   * needs a secretary. Applying needs the secretariat of the body the document names (an admin for a new body).
   */
  async import(text: string, apply: boolean): Promise<ImportReport> {
    assertSecretaryAnywhere(this.ctx.viewer);
    if (!text.trim()) throw badInput('The document is empty.', 'text');
    let parsed;
    try {
      parsed = parseDocument(text);
    } catch (err) {
      throw badInput(`The document could not be read: ${(err as Error).message}`, 'text');
    }
    if (apply) {
      const body = await this.ctx.em.findOne(Body, { name: parsed.document.body });
      if (body) assertCanWrite(this.ctx.viewer, body.id, body.name);
      else if (!this.ctx.viewer.isAdmin) throw badInput(`There is no body "${parsed.document.body}"; an administrator must create it first.`, 'text');
    }
    const report = await applyDocument(this.ctx.em.fork(), parsed.document, {
      apply,
      unplaced: parsed.unplaced,
      attachmentTitles: parsed.attachmentTitles,
    });
    if (report.applied) await this.announceImport(report);
    return report;
  }

  /** An applied import changed the meeting of its body and day: say so, as every other change does (search re-indexes). */
  private async announceImport(report: ImportReport): Promise<void> {
    const [year, month, day] = report.meeting.date.split('-').map(Number) as [number, number, number];
    const { from, to } = osloDayRange({ year, month, day });
    const meetings = await this.ctx.em.fork().find(Meeting, { body: { name: report.meeting.body }, startsAt: { $gte: from, $lt: to } });
    for (const m of meetings) {
      this.ctx.events.publish(Topic.AgendaChanged, m.id, { meetingId: m.id, kind: 'DOCUMENT_IMPORTED', agendaItemId: null, at: new Date() });
    }
  }
}

/** Items handled behind closed doors keep their number and legal basis only. */
function publicVersion(doc: MeetingDocument): MeetingDocument {
  return {
    ...doc,
    items: doc.items.map((item) =>
      item.closedLegalBasis === null
        ? item
        : {
            ...item,
            title: '',
            attachments: [],
            introduction: null,
            notes: null,
            proposedDecision: null,
            formulatedInMeeting: false,
            decision: null,
            subItems: [],
            protocolEntries: [],
            disqualified: [],
          },
    ),
  };
}
