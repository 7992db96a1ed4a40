/**
 * Extracts the text of stored files for search, off the request path: an upload's commit schedules its blob here;
 * one at a time, the text is read (capped: extract-text.ts), kept in file_text, and the meetings whose vedlegg use
 * the blob are re-indexed (the search indexer reads the texts through its loaders and the read policy). At start it
 * catches up on files stored without their text (a restart before extraction).
 */
import type { Logger } from 'pino';
import { Attachment } from '../../schema/entities/index.js';
import type { Orm } from '../db/orm.js';
import { hasFileText, saveFileText } from './file-text.js';
import type { FileStore } from './port.js';

/** Larger files are stored but not read for search (pdf.js holds the whole file in memory). */
export const MAX_EXTRACT_BYTES = 50 * 1024 * 1024;

export class TextExtractor {
  private queue = new Map<string, string>();
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly orm: Orm,
    private readonly store: FileStore,
    private readonly reindex: (meetingId: string) => void,
    private readonly log: Logger,
  ) {}

  schedule(sha256: string, mimeType: string): void {
    if (this.closed || !extractable(mimeType)) return;
    this.queue.set(sha256, mimeType);
    this.running = this.running.then(() => this.drain()).catch((err) => this.log.error({ err }, 'text extraction failed'));
  }

  /** Resolves once everything scheduled so far is extracted (tests; then search.flush()). */
  async idle(): Promise<void> {
    while (this.queue.size) await this.running;
    await this.running;
  }

  /** Schedules every stored file whose text is missing. */
  async catchUp(): Promise<void> {
    const em = this.orm.em.fork();
    const files = await em.find(Attachment, { sha256: { $ne: null } }, { fields: ['sha256', 'mimeType', 'size'] });
    for (const a of files) {
      if (a.sha256 && a.mimeType && extractable(a.mimeType) && !(await hasFileText(em, a.sha256))) this.schedule(a.sha256, a.mimeType);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.clear();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (const [sha256, mimeType] of this.queue) {
      this.queue.delete(sha256);
      if (this.closed) return;
      await this.extractOne(sha256, mimeType);
    }
  }

  private async extractOne(sha256: string, mimeType: string): Promise<void> {
    const em = this.orm.em.fork();
    if (await hasFileText(em, sha256)) return;
    const stream = await this.store.open(sha256);
    if (!stream) return;
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_EXTRACT_BYTES) {
        stream.destroy();
        this.log.info({ sha256 }, 'file too large to read for search; stored without its text');
        await saveFileText(em, sha256, '');
        return;
      }
      parts.push(chunk);
    }
    let text: string | null;
    try {
      // mammoth and pdf.js load with the first file to read (start-up, issue 17).
      const { extractText } = await import('./extract-text.js');
      text = await extractText(Buffer.concat(parts), mimeType);
    } catch (err) {
      this.log.warn({ err, sha256, mimeType }, 'the text of a file could not be read; it is found by its title only');
      text = '';
    }
    if (text === null) return;
    await saveFileText(em, sha256, text);
    const users = await em.find(Attachment, { sha256 }, { fields: ['meeting'] });
    for (const meetingId of new Set(users.map((a) => a.meeting.id))) this.reindex(meetingId);
  }
}

function extractable(mimeType: string): boolean {
  return mimeType === 'application/pdf' || mimeType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
}
