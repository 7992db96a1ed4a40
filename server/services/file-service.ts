/**
 * Vedlegg as files: what an upload becomes (one attachment per file, linked to saker, public or with a legal
 * basis), who may download which file, and when the bytes go (only once no vedlegg of any meeting uses them).
 * The bytes themselves are the file store's (server/files/); the HTTP routes (server/files/*-routes.ts) stream.
 */
import { AgendaItem, Attachment } from '../../schema/entities/index.js';
import type { SetAttachmentPublicInput } from '../../schema/inputs/index.js';
import { readsAttachmentFile } from '../auth/read-policy.js';
import { AppError, badInput, notFound } from '../errors.js';
import type { FileStore, StagedFile } from '../files/port.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { FileDeps, ServiceContext } from './context.js';
import { assertMayChange } from './guards.js';
import { attachmentById, itemById, meetingById } from './lookup.js';
import { serializeAttachmentNumbers } from './numbering.js';

/** A received file, checked (type from its content) and staged, not yet stored. */
export interface ReceivedFile {
  staged: StagedFile;
  fileName: string;
  mimeType: string;
  pageCount: number | null;
}

export interface UploadFields {
  title?: string | null;
  agendaItemIds: string[];
  public: boolean;
  legalBasis?: string | null;
}

/** What a download needs to know of a vedlegg's file. */
export interface FileInfo {
  sha256: string;
  size: number;
  mimeType: string;
  fileName: string;
}

export class FileService {
  constructor(private readonly ctx: ServiceContext) {}

  private get deps(): FileDeps {
    if (!this.ctx.files) throw new AppError('INVALID_STATE', 'This server has no file store.');
    return this.ctx.files;
  }

  get store(): FileStore {
    return this.deps.store;
  }

  /** Before the body is read: the caller may change the meeting (else nothing is received at all). */
  async assertMayUpload(meetingId: string): Promise<void> {
    assertMayChange(this.ctx.viewer, await meetingById(this.ctx.em.fork(), meetingId));
  }

  /** Checks the fields an upload carries, before any byte is stored. */
  checkFields(fields: UploadFields): void {
    if (fields.title !== undefined && fields.title !== null && fields.title.trim().length > 500) throw badInput('The title is longer than 500 characters.', 'title');
    if (!fields.public && !fields.legalBasis?.trim()) {
      throw badInput('A vedlegg that is not public needs its legal basis (offentleglova §).', 'legalBasis');
    }
  }

  /**
   * Stores the received files and adds one vedlegg per file to the meeting, linked to the given items: the blobs
   * first (content-addressed, atomically), then the rows, audit entries and links in one transaction; a refused
   * change removes the blobs no vedlegg uses. Then one event (subscribers, search) and text extraction.
   */
  async addFiles(meetingId: string, files: ReceivedFile[], fields: UploadFields): Promise<Attachment[]> {
    this.checkFields(fields);
    const { store } = this.deps;
    for (const f of files) await store.commit(f.staged);
    let added: Attachment[];
    try {
      added = await this.ctx.em.transactional(async (em) => {
        const meeting = await meetingById(em, meetingId);
        assertMayChange(this.ctx.viewer, meeting);
        await serializeAttachmentNumbers(em, meeting);
        const items = [];
        for (const itemId of fields.agendaItemIds) {
          const item = await itemById(em, itemId);
          if (item.meeting.id !== meeting.id) throw badInput(`Item ${item.number} belongs to another meeting.`, 'agendaItemIds');
          items.push(item);
        }
        const last = await em.findOne(Attachment, { meeting }, { orderBy: { number: 'desc' } });
        let number = last?.number ?? 0;
        const out: Attachment[] = [];
        for (const f of files) {
          const title = (files.length === 1 && fields.title?.trim()) || f.fileName.replace(/\.[^.]{1,5}$/, '') || f.fileName;
          const a = em.create(Attachment, {
            meeting,
            number: ++number,
            title,
            fileName: f.fileName,
            mimeType: f.mimeType,
            url: null,
            sha256: f.staged.sha256,
            size: f.staged.size,
            pageCount: f.pageCount,
            public: fields.public,
            legalBasis: fields.public ? null : fields.legalBasis!.trim(),
          });
          for (const item of items) item.attachments.add(a);
          audit(em, this.ctx, {
            meetingId: meeting.id,
            entity: 'Attachment',
            entityId: a.id,
            action: 'ATTACHMENT_UPLOADED',
            summary: `Vedlegg ${a.number}: ${f.fileName} (${f.mimeType}, ${f.staged.size} bytes, sha256 ${f.staged.sha256.slice(0, 12)}…)`,
          });
          out.push(a);
        }
        return out;
      });
    } catch (err) {
      for (const f of files) await this.deleteIfUnused(f.staged.sha256);
      throw err;
    }
    this.changed(meetingId, 'ATTACHMENT_ADDED');
    for (const f of files) this.deps.stored({ sha256: f.staged.sha256, mimeType: f.mimeType });
    return added;
  }

  /** Public, or not with its legal basis (offentleglova §). */
  async setPublic(input: SetAttachmentPublicInput): Promise<Attachment> {
    const basis = input.legalBasis?.trim() || null;
    if (!input.public && !basis) throw badInput('A vedlegg that is not public needs its legal basis (offentleglova §).', 'legalBasis');
    const a = await this.ctx.em.transactional(async (em) => {
      const a = await attachmentById(em, input.attachmentId);
      assertMayChange(this.ctx.viewer, a.meeting);
      a.public = input.public;
      a.legalBasis = input.public ? null : basis;
      audit(em, this.ctx, {
        meetingId: a.meeting.id,
        entity: 'Attachment',
        entityId: a.id,
        action: input.public ? 'ATTACHMENT_MADE_PUBLIC' : 'ATTACHMENT_WITHHELD',
        summary: input.public ? `Vedlegg ${a.number} is public` : `Vedlegg ${a.number} withheld: ${basis}`,
      });
      return a;
    });
    this.changed(a.meeting.id, 'ATTACHMENT_UPDATED');
    return a;
  }

  /** The file of a vedlegg, if the viewer may read it (the read policy); NOT_FOUND otherwise, revealing nothing. */
  async fileFor(attachmentId: string): Promise<FileInfo> {
    const em = this.ctx.em;
    const a = await attachmentById(em, attachmentId);
    const meeting = a.meeting;
    const byItem = await this.itemsWithAttachments(meeting.id);
    if (!readsAttachmentFile(this.ctx.viewer, meeting, a, byItem)) throw notFound('Attachment', attachmentId);
    if (!a.sha256 || a.size === null) throw notFound('File of attachment', attachmentId);
    return { sha256: a.sha256, size: a.size, mimeType: a.mimeType ?? 'application/octet-stream', fileName: a.fileName ?? `vedlegg-${a.number}` };
  }

  /** Removes the blob when no vedlegg (of any meeting) refers to it any more: reference counting by query. */
  async deleteIfUnused(sha256: string): Promise<boolean> {
    if (await this.ctx.em.fork().count(Attachment, { sha256 })) return false;
    await this.deps.store.delete(sha256);
    return true;
  }

  private async itemsWithAttachments(meetingId: string): Promise<Array<{ public: boolean; attachmentIds: string[] }>> {
    const items = await this.ctx.em.find(AgendaItem, { meeting: meetingId }, { populate: ['attachments', 'subItems', 'subItems.attachments'] });
    return items.map((i) => ({
      public: i.public,
      attachmentIds: [...i.attachments.getItems().map((a) => a.id), ...i.subItems.getItems().flatMap((s) => s.attachments.getItems().map((a) => a.id))],
    }));
  }

  private changed(meetingId: string, kind: string): void {
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId: null, at: new Date() });
  }
}
