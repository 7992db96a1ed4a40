import { Attachment } from '../../schema/entities/index.js';
import type { AddAttachmentInput, AttachmentLinkInput } from '../../schema/inputs/index.js';
import { badInput, conflict } from '../errors.js';
import { Topic } from '../pubsub.js';
import type { ServiceContext } from './context.js';
import { assertMayChange, assertMayReorder } from './guards.js';
import { audit } from './audit.js';
import { FileService } from './file-service.js';
import { serializeAttachmentNumbers } from './numbering.js';
import { attachmentById, itemById, meetingById, subItemOf } from './lookup.js';

/** Vedlegg: numbered per meeting, linked to any number of items and sub-items ("Vedlegg 3+4"). */
export class AttachmentService {
  constructor(private readonly ctx: ServiceContext) {}

  async add(input: AddAttachmentInput): Promise<Attachment> {
    const title = input.title.trim();
    if (!title) throw badInput('The title cannot be empty.', 'title');
    const a = await this.ctx.em.transactional(async (em) => {
      const meeting = await meetingById(em, input.meetingId);
      assertMayChange(this.ctx.viewer, meeting);
      await serializeAttachmentNumbers(em, meeting);
      let number = input.number;
      if (number === undefined) {
        const last = await em.findOne(Attachment, { meeting }, { orderBy: { number: 'desc' } });
        number = (last?.number ?? 0) + 1;
      } else if (await em.count(Attachment, { meeting, number })) {
        throw conflict(`The meeting already has a vedlegg ${number}.`);
      }
      const a = em.create(Attachment, {
        meeting,
        number,
        title,
        fileName: input.fileName ?? null,
        mimeType: input.mimeType ?? null,
        url: input.url ?? null,
      });
      for (const itemId of input.agendaItemIds ?? []) {
        const item = await itemById(em, itemId);
        if (item.meeting !== meeting) throw badInput(`Item ${item.number} belongs to another meeting.`, 'agendaItemIds');
        item.attachments.add(a);
      }
      return a;
    });
    this.changed(a.meeting.id, 'ATTACHMENT_ADDED', null);
    return a;
  }

  /** Removes a vedlegg; its file's bytes go too unless another vedlegg (of any meeting) still uses them. */
  async remove(id: string): Promise<boolean> {
    const { meetingId, sha256 } = await this.ctx.em.transactional(async (em) => {
      const a = await attachmentById(em, id);
      assertMayChange(this.ctx.viewer, a.meeting);
      await em.nativeDelete('agenda_item_attachment', { attachment: a.id }).catch(() => undefined);
      audit(em, this.ctx, { meetingId: a.meeting.id, entity: 'Attachment', entityId: a.id, action: 'ATTACHMENT_REMOVED', summary: `Vedlegg ${a.number}: ${a.title}` });
      em.remove(a);
      return { meetingId: a.meeting.id, sha256: a.sha256 };
    });
    if (sha256 && this.ctx.files) await new FileService(this.ctx).deleteIfUnused(sha256);
    this.changed(meetingId, 'ATTACHMENT_REMOVED', null);
    return true;
  }

  /**
   * Gives a vedlegg another number (1 = first) and renumbers the meeting's vedlegg 1…n in the new order; only while the
   * agenda is open, since the innkalling names them by number once it is sent.
   */
  async move(id: string, number: number): Promise<Attachment> {
    const a = await this.ctx.em.transactional(async (em) => {
      const a = await attachmentById(em, id);
      assertMayReorder(this.ctx.viewer, a.meeting);
      await serializeAttachmentNumbers(em, a.meeting);
      const rest = (await em.find(Attachment, { meeting: a.meeting }, { orderBy: { number: 'asc' } })).filter((x) => x !== a);
      if (!Number.isInteger(number) || number < 1 || number > rest.length + 1) {
        throw badInput(`The number must be between 1 and ${rest.length + 1}.`, 'number');
      }
      const from = a.number;
      rest.splice(number - 1, 0, a);
      // Two steps so that the unique (meeting, number) index never sees two vedlegg with one number mid-way.
      rest.forEach((x, i) => {
        x.number = -(i + 1);
      });
      await em.flush();
      rest.forEach((x, i) => {
        x.number = i + 1;
      });
      audit(em, this.ctx, { meetingId: a.meeting.id, entity: 'Attachment', entityId: a.id, action: 'ATTACHMENT_MOVED', summary: `Vedlegg ${from} → ${a.number}: ${a.title}` });
      return a;
    });
    this.changed(a.meeting.id, 'ATTACHMENT_MOVED', null);
    return a;
  }

  /** Links (or with link=false unlinks) a vedlegg to an item or sub-item of the same meeting. */
  async link(input: AttachmentLinkInput, link: boolean): Promise<Attachment> {
    const { a, itemId } = await this.ctx.em.transactional(async (em) => {
      const a = await attachmentById(em, input.attachmentId);
      assertMayChange(this.ctx.viewer, a.meeting);
      const item = await itemById(em, input.agendaItemId);
      if (item.meeting !== a.meeting) throw badInput(`Vedlegg ${a.number} belongs to another meeting.`, 'attachmentId');
      const holder = input.subItemLetter ? await subItemOf(em, item, input.subItemLetter) : item;
      await holder.attachments.init();
      if (link) holder.attachments.add(a);
      else holder.attachments.remove(a);
      return { a, itemId: item.id };
    });
    this.changed(a.meeting.id, link ? 'ATTACHMENT_LINKED' : 'ATTACHMENT_UNLINKED', itemId);
    return a;
  }

  private changed(meetingId: string, kind: string, agendaItemId: string | null): void {
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId, at: new Date() });
  }
}
