/**
 * What goes into a meeting's innkalling package for a viewer: the innkalling as they (or, for the public variant, the
 * public) may see it, and the vedlegg in agenda order — each sak's own vedlegg by number, then its sub-items' — as the
 * read policy decides (packageAudience, showsNoticeDetails, visibleAttachmentIds; no rule of its own). The files are
 * read through `open`, a port the file storage plugs into.
 */
import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, type Attachment, type Meeting } from '../../../schema/entities/index.js';
import type { MeetingDocument } from '../../../schema/meeting-document.js';
import { type PackageVariant, packageAudience, presentDocument, presentItem, showsNoticeDetails, visibleAttachmentIds } from '../../auth/read-policy.js';
import type { Viewer } from '../../auth/viewer.js';
import { gatherDocument } from '../gather-document.js';
import { documentFileStem } from '../render-html.js';
import type { PackageEntry } from './package-entry.js';

/** A vedlegg's stored file: its bytes and the type detected from its content. */
export interface StoredFile {
  bytes: Uint8Array;
  mimeType: string;
}

/** The file of a vedlegg, or null when none is stored. */
export type OpenAttachment = (attachment: Attachment) => Promise<StoredFile | null>;

export interface PackageFiles {
  open: OpenAttachment;
}

export interface PackageSource {
  variant: PackageVariant;
  /** The innkalling as the package's audience sees it. */
  notice: MeetingDocument;
  entries: PackageEntry[];
  /** "innkalling-radmannsgruppen-2017-09-14-pakke" (with "-offentlig" for the public variant). */
  fileStem: string;
}

const byNumber = (a: Attachment, b: Attachment) => a.number - b.number;

/** The package of a meeting the viewer may see (the caller checked readsMeeting, e.g. MeetingService.get). */
export async function gatherPackage(
  em: EntityManager,
  viewer: Viewer,
  meeting: Meeting,
  requested: PackageVariant | undefined,
  files: PackageFiles,
): Promise<PackageSource> {
  const audience = packageAudience(viewer, meeting, requested);
  const notice = presentDocument(audience.viewer, meeting, await gatherDocument(em, meeting.id, 'innkalling'));
  const items = await em.find(
    AgendaItem,
    { meeting },
    { orderBy: { position: 'asc', sequence: 'asc' }, populate: ['attachments', 'subItems', 'subItems.attachments'] },
  );

  const listOf = (item: AgendaItem): Attachment[] => {
    const subs = item.subItems.getItems().sort((a, b) => a.position - b.position);
    const all = [...item.attachments.getItems().sort(byNumber), ...subs.flatMap((s) => s.attachments.getItems().sort(byNumber))];
    return all.filter((a, i) => all.findIndex((b) => b.id === a.id) === i);
  };
  const lists = items.map(listOf);
  const all = [...new Set(lists.flat())];
  const byItem = items.map((item, i) => ({ public: item.public, attachmentIds: lists[i]!.map((a) => a.id) }));
  const visible = visibleAttachmentIds(audience.viewer, meeting, byItem, all);

  const entries: PackageEntry[] = [];
  items.forEach((item, i) => {
    if (!showsNoticeDetails(audience.viewer, meeting, item)) return;
    const shown = presentItem(audience.viewer, meeting, item);
    for (const a of lists[i]!.filter((x) => visible.has(x.id))) {
      const entry: PackageEntry = {
        key: a.id,
        itemLabel: `Sak ${item.number}`,
        itemTitle: shown.title,
        attachmentNumber: a.number,
        title: a.title,
        fileName: a.fileName,
        mimeType: a.mimeType,
        async open() {
          const file = await files.open(a);
          // The type detected from the stored content wins over the one recorded with the vedlegg.
          if (file) entry.mimeType = file.mimeType;
          return file?.bytes ?? null;
        },
      };
      entries.push(entry);
    }
  });

  const stem = `${documentFileStem(notice)}-pakke${audience.variant === 'public' ? '-offentlig' : ''}`;
  return { variant: audience.variant, notice, entries, fileStem: stem };
}
