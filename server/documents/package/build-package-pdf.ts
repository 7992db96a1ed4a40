/**
 * The innkalling package as one PDF (pdf-lib): the innkalling, then every vedlegg in agenda order — PDFs page by
 * page, PNG/JPEG a page each, anything else a cover page saying which file it is and why it is not shown — with
 * bookmarks (Innkalling; per sak, with a child per vedlegg) and "Side N av M" on every page. A vedlegg that cannot be
 * included (no stored file, encrypted, broken) gets a cover page saying so; it never fails the package.
 */
import { PDFDocument } from 'pdf-lib';
import { describeType, entryHeading, entryKind, type PackageEntry } from './package-entry.js';
import { addCoverPage, addImagePage, embedFonts, type PackageFonts, stampPageNumber } from './package-pages.js';
import { type OutlineNode, setOutline } from './pdf-outline.js';

/** Why a vedlegg is a cover page rather than its own pages. */
export type CoverReason = 'missing' | 'unreadable' | 'office' | 'unsupported' | 'encrypted' | 'broken' | 'empty';

export interface PackagePart {
  entry: PackageEntry;
  /** 0-based index of its first page in the package. */
  firstPage: number;
  pageCount: number;
  /** Set when the part is a cover page. */
  cover: CoverReason | null;
}

export interface PackagePdf {
  bytes: Uint8Array;
  pageCount: number;
  /** The pages of the innkalling (at the start). */
  noticePages: number;
  /** One per entry, in order; a vedlegg under several saker appears once per sak with the same pages. */
  parts: PackagePart[];
}

export interface PackagePdfOptions {
  /** The document title (PDF metadata). */
  title?: string;
  /** Told of each vedlegg shown as a cover page, with the error when there was one. */
  onCover?(entry: PackageEntry, reason: CoverReason, error?: unknown): void;
}

const IN_ZIP = 'Filen ligger i zip-utgaven av pakken og kan også lastes ned for seg.';

function coverParagraphs(entry: PackageEntry, reason: CoverReason): string[] {
  switch (reason) {
    case 'missing':
      return ['Det er ikke lagret noen fil for dette vedlegget, så det er ikke med i pakken.'];
    case 'unreadable':
      return ['Filen kunne ikke leses fra lageret da pakken ble laget, så vedlegget er ikke med. Prøv å laste ned pakken på nytt.'];
    case 'office':
      return [`Vedlegget er ${describeType(entry.mimeType)} og kan ikke vises i denne PDF-en.`, IN_ZIP];
    case 'unsupported':
      return [`Vedlegget er ${describeType(entry.mimeType)}${entry.mimeType ? ` (${entry.mimeType})` : ''}.`, IN_ZIP];
    case 'encrypted':
      return ['Vedlegget kunne ikke tas med: PDF-filen er kryptert (passordbeskyttet).', IN_ZIP];
    case 'broken':
      return ['Vedlegget kunne ikke tas med: filen er skadet eller kunne ikke tolkes.', IN_ZIP];
    case 'empty':
      return ['Vedlegget kunne ikke tas med: PDF-filen har ingen sider.', IN_ZIP];
  }
}

/** Adds the pages of one vedlegg at the end of `out`; returns why it is a cover page, or null. */
async function appendEntry(out: PDFDocument, fonts: PackageFonts, entry: PackageEntry, opts: PackagePdfOptions): Promise<CoverReason | null> {
  const cover = (reason: CoverReason, error?: unknown): CoverReason => {
    addCoverPage(out, fonts, {
      item: `${entry.itemLabel} ${entry.itemTitle}`,
      heading: entryHeading(entry),
      fileName: entry.fileName,
      paragraphs: coverParagraphs(entry, reason),
    });
    opts.onCover?.(entry, reason, error);
    return reason;
  };
  let bytes: Uint8Array | null;
  try {
    bytes = await entry.open();
  } catch (err) {
    return cover('unreadable', err);
  }
  if (!bytes) return cover('missing');
  switch (entryKind(entry.mimeType)) {
    case 'pdf': {
      let pages: Awaited<ReturnType<PDFDocument['copyPages']>>;
      try {
        // Loaded past the encryption check so that an encrypted file is told apart from a broken one.
        const src = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
        if (src.isEncrypted) return cover('encrypted');
        if (!src.getPageCount()) return cover('empty');
        pages = await out.copyPages(src, src.getPageIndices());
      } catch (err) {
        return cover('broken', err);
      }
      for (const p of pages) out.addPage(p);
      return null;
    }
    case 'image': {
      try {
        const image = entry.mimeType?.includes('png') ? await out.embedPng(bytes) : await out.embedJpg(bytes);
        addImagePage(out, image);
      } catch (err) {
        return cover('broken', err);
      }
      return null;
    }
    case 'office':
      return cover('office');
    case 'other':
      return cover('unsupported');
  }
}

/** Bookmarks: Innkalling, then per sak (in order of first appearance) with its vedlegg; a sak opens at its first. */
function outlineOf(parts: PackagePart[]): OutlineNode[] {
  const nodes: OutlineNode[] = [{ title: 'Innkalling', pageIndex: 0, children: [] }];
  const bySak = new Map<string, OutlineNode>();
  for (const part of parts) {
    const { entry } = part;
    let sak = bySak.get(entry.itemLabel);
    if (!sak) {
      sak = { title: `${entry.itemLabel} ${entry.itemTitle}`.trim(), pageIndex: part.firstPage, children: [] };
      bySak.set(entry.itemLabel, sak);
      nodes.push(sak);
    }
    sak.children.push({ title: entryHeading(entry), pageIndex: part.firstPage, children: [] });
  }
  return nodes;
}

export async function buildPackagePdf(noticePdf: Uint8Array, entries: PackageEntry[], opts: PackagePdfOptions = {}): Promise<PackagePdf> {
  const out = await PDFDocument.create();
  out.setTitle(opts.title ?? 'Innkalling med vedlegg', { showInWindowTitleBar: true });
  out.setCreator('motebok');
  out.setProducer('motebok (pdf-lib)');
  out.setLanguage('nb-NO');

  const notice = await PDFDocument.load(noticePdf);
  for (const p of await out.copyPages(notice, notice.getPageIndices())) out.addPage(p);
  const noticePages = out.getPageCount();
  const fonts = await embedFonts(out);

  const parts: PackagePart[] = [];
  const placed = new Map<string, Omit<PackagePart, 'entry'>>();
  for (const entry of entries) {
    let where = placed.get(entry.key);
    if (!where) {
      const firstPage = out.getPageCount();
      const cover = await appendEntry(out, fonts, entry, opts);
      where = { firstPage, pageCount: out.getPageCount() - firstPage, cover };
      placed.set(entry.key, where);
    }
    parts.push({ entry, ...where });
  }

  const pages = out.getPages();
  pages.forEach((page, i) => stampPageNumber(page, fonts.regular, i + 1, pages.length));
  setOutline(out, outlineOf(parts));
  const bytes = await out.save({ useObjectStreams: true });
  return { bytes, pageCount: pages.length, noticePages, parts };
}
