/**
 * The innkalling package as a zip (yazl, UTF-8 names): innkalling.pdf, then each vedlegg's own file once, in
 * package order, named "NN Vedlegg N – Tittel.ext". Vedlegg with no stored file (or one that could not be read)
 * are listed in "Vedlegg som mangler.txt" instead. The zip is streamed as it is written.
 */
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { entryHeading, entryKind, type PackageEntry, zipName } from './package-entry.js';

export const NOTICE_NAME = 'innkalling.pdf';
export const MISSING_NAME = 'Vedlegg som mangler.txt';

export interface PackageZipOptions {
  /** Told of a vedlegg whose file could not be read (the zip lists it as missing). */
  onUnreadable?(entry: PackageEntry, error: unknown): void;
}

/** Files that are compressed already (images, and the office formats, which are zips themselves) are stored. */
const storeOnly = (e: PackageEntry): boolean => entryKind(e.mimeType) === 'image' || entryKind(e.mimeType) === 'office';

async function fill(zip: ZipFile, noticePdf: Uint8Array, entries: PackageEntry[], opts: PackageZipOptions): Promise<void> {
  zip.addBuffer(Buffer.from(noticePdf), NOTICE_NAME);
  const once = new Map<string, PackageEntry>();
  for (const e of entries) if (!once.has(e.key)) once.set(e.key, e);
  const unique = [...once.values()];
  const width = Math.max(2, String(unique.length).length);
  const missing: string[] = [];
  let place = 0;
  for (const entry of unique) {
    let bytes: Uint8Array | null = null;
    try {
      bytes = await entry.open();
    } catch (err) {
      opts.onUnreadable?.(entry, err);
    }
    if (!bytes) {
      missing.push(`${entry.itemLabel}: ${entryHeading(entry)}${entry.fileName ? ` (${entry.fileName})` : ''}`);
      continue;
    }
    zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), zipName(++place, entry, width), { compress: !storeOnly(entry) });
  }
  if (missing.length) {
    const text = `Disse vedleggene har ingen lagret fil og er ikke med i pakken:\r\n\r\n${missing.join('\r\n')}\r\n`;
    zip.addBuffer(Buffer.from(text, 'utf8'), MISSING_NAME);
  }
}

/** The zip as a stream; it ends once every vedlegg has been read and written. */
export function buildPackageZip(noticePdf: Uint8Array, entries: PackageEntry[], opts: PackageZipOptions = {}): Readable {
  const zip = new ZipFile();
  const out = zip.outputStream as Readable;
  fill(zip, noticePdf, entries, opts).then(
    () => zip.end(),
    (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return out;
}
