/**
 * For the package tests: the files a package must survive (an encrypted PDF, a broken one), package entries over
 * bytes in memory, and readers of a package (pdf.js through unpdf, and yauzl for the zip). Ordinary PDFs and PNGs
 * come from files.ts (`makePdf`, `makePng`).
 */
import { PDFDocument } from 'pdf-lib';
import { getDocumentProxy } from 'unpdf';
import yauzl from 'yauzl';
import type { PackageEntry } from '../../server/documents/package/package-entry.js';

/** A PDF whose trailer names an /Encrypt dictionary: what a password-protected file looks like to a reader. */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const encrypt = doc.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -44 });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  return doc.save({ useObjectStreams: false });
}

/** Bytes that claim to be a PDF and are not one. */
export const brokenPdf = (): Uint8Array => new TextEncoder().encode('Dette er ikke en PDF, bare tekst med feil navn.\n'.repeat(20));

/** A package entry over bytes in memory (null: no stored file). */
export function entryOf(
  fields: Pick<PackageEntry, 'itemLabel' | 'itemTitle' | 'attachmentNumber' | 'title'> & Partial<Pick<PackageEntry, 'key' | 'fileName' | 'mimeType'>>,
  bytes: Uint8Array | null,
): PackageEntry {
  return { key: `v${fields.attachmentNumber}`, fileName: null, mimeType: 'application/pdf', ...fields, open: async () => bytes };
}

export interface OutlineEntry {
  title: string;
  /** 1-based page the bookmark opens. */
  page: number;
  children: OutlineEntry[];
}

export interface ReadPdf {
  pageCount: number;
  /** The text of each page (1-based index = page number - 1). */
  pages: string[];
  outline: OutlineEntry[];
}

/** Opens a PDF with pdf.js (unpdf): its pages' text and its outline with the pages the bookmarks open. */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' ').trim());
  }
  type Node = { title: string; dest: string | unknown[] | null; items: Node[] };
  const walk = async (nodes: Node[] | null): Promise<OutlineEntry[]> =>
    Promise.all(
      (nodes ?? []).map(async (n) => {
        const dest = typeof n.dest === 'string' ? await pdf.getDestination(n.dest) : n.dest;
        const page = dest ? (await pdf.getPageIndex(dest[0] as never)) + 1 : 0;
        return { title: n.title, page, children: await walk(n.items) };
      }),
    );
  const outline = await walk((await pdf.getOutline()) as Node[] | null);
  const pageCount = pdf.numPages;
  await pdf.destroy();
  return { pageCount, pages, outline };
}

/** The files of a zip with a real unzip library (yauzl), in the order they are stored. */
export async function readZip(bytes: Buffer): Promise<Array<{ name: string; bytes: Buffer; utf8: boolean }>> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: true, strictFileNames: true });
  const out: Array<{ name: string; bytes: Buffer; utf8: boolean }> = [];
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve(out));
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          out.push({ name: entry.fileName, bytes: Buffer.concat(chunks), utf8: (entry.generalPurposeBitFlag & 0x800) !== 0 });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

/** A readable stream into one buffer. */
export async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
