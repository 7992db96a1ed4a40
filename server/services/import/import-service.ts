import type { EntityManager } from '@mikro-orm/core';
import { Body, Meeting } from '../../../schema/entities/index.js';
import type { MeetingDocument } from '../../../schema/meeting-document.js';
import { assertCanWrite, assertSecretaryAnywhere } from '../../auth/policies.js';
import type { ImportReport } from '../../documents/import-report.js';
import { osloCalendarDate, osloDayRange } from '../../documents/norwegian-dates.js';
import { readMeetingText } from '../../documents/parse/read-document.js';
import { badInput } from '../../errors.js';
import { SYSTEM_VIEWER } from '../../auth/viewer.js';
import { Topic, createEvents } from '../../pubsub.js';
import { audit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { MinutesTextService } from '../minutes-text-service.js';
import { noMinutesSync, type MinutesSync } from '../minutes-sync.js';
import { writeDocument, type ApplyOptions } from './document-writer.js';
import { slugify } from './import-values.js';

/**
 * Importing existing innkallinger and referater: the services' command for a whole document. It writes in one
 * transaction (document-writer.ts), changes texts of existing items through the one text command (rules, an audit
 * entry per field), records the import in the audit trail, and after the commit tells subscribers and every open
 * live document — so that nothing typed before is stored over the import, and nothing typed after it undoes it.
 */
export class ImportService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Imports the text of an innkalling or referat (GraphQL importDocument). A dry run (apply false) changes nothing
   * and reports what would change; it needs a secretary. Applying needs the secretariat of the body the document
   * names (an admin for a new body).
   */
  async importText(text: string, apply: boolean): Promise<ImportReport> {
    assertSecretaryAnywhere(this.ctx.viewer);
    if (!text.trim()) throw badInput('The document is empty.', 'text');
    let parsed;
    try {
      parsed = readMeetingText(text);
    } catch (err) {
      throw badInput(`The document could not be read: ${(err as Error).message}`, 'text');
    }
    if (apply) {
      const body = await this.ctx.em.findOne(Body, { name: parsed.document.body });
      if (body) assertCanWrite(this.ctx.viewer, body.id, body.name);
      else if (!this.ctx.viewer.isAdmin) throw badInput(`There is no body "${parsed.document.body}"; an administrator must create it first.`, 'text');
    }
    const report = await this.apply(parsed.document, { apply, unplaced: parsed.unplaced, attachmentTitles: parsed.attachmentTitles });
    report.warnings.unshift(...parsed.warnings);
    return report;
  }

  /** Writes a parsed document (the caller has checked who may); see the class comment. */
  async apply(doc: MeetingDocument, opts: ApplyOptions): Promise<ImportReport> {
    const em = this.ctx.em.isInTransaction() ? this.ctx.em : this.ctx.em.fork();
    const existing = opts.apply ? await existingMeetingId(em, doc) : null;
    // What was typed into the meeting's live referat and is not stored yet is stored before the import, not after.
    if (existing) await this.ctx.sync.settle(existing);
    let announceTexts = async () => {};
    const written = await writeDocument(em, doc, { ...opts, userId: this.ctx.viewer.userId }, async (tx, changes, meetingId, planned) => {
      const texts = await new MinutesTextService({ ...this.ctx, em: tx }).write(changes, 'import', tx);
      announceTexts = texts.announce;
      // An import that changes nothing (the same document again) leaves no trace.
      if (planned.created.length || planned.updated.length) audit(tx, { ...this.ctx, via: 'import' }, { meetingId, entity: 'Meeting', entityId: meetingId, action: 'DOCUMENT_IMPORTED', summary: `${doc.kind} ${doc.body}` });
      await tx.flush();
    });
    const meetingId = written.meetingId;
    if (!written.report.applied || !meetingId) return written.report;
    if (!written.meetingCreated && written.structureChanged) await this.ctx.sync.agendaChanged(meetingId);
    await announceTexts();
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind: 'DOCUMENT_IMPORTED', agendaItemId: null, at: new Date() });
    return written.report;
  }
}

/** The meeting a document would be written into, if it exists: its body's meeting on that day nearest its start. */
async function existingMeetingId(em: EntityManager, doc: MeetingDocument): Promise<string | null> {
  const start = new Date(doc.startsAt);
  if (Number.isNaN(start.getTime())) return null;
  const name = doc.body.trim();
  const bodies = await em.find(Body, { $or: [{ slug: slugify(name) }, { name }] });
  if (!bodies.length) return null;
  const { from, to } = osloDayRange(osloCalendarDate(start));
  const found = await em.find(Meeting, { body: { $in: bodies }, startsAt: { $gte: from, $lt: to } });
  if (!found.length) return null;
  const nearest = found.reduce((best, m) =>
    Math.abs(m.startsAt.getTime() - start.getTime()) < Math.abs(best.startsAt.getTime() - start.getTime()) ? m : best,
  );
  return nearest.id;
}

/**
 * The import command for a process of its own (the import CLI, tests): the system as the actor, events to nobody.
 * Give it the live documents' sync when the database may hold live referater (the CLI does), so that their logs
 * get the imported texts too.
 */
export function systemImport(em: EntityManager, sync: MinutesSync = noMinutesSync): ImportService {
  return new ImportService({ em, events: createEvents(), sync, viewer: SYSTEM_VIEWER, via: 'import' });
}
