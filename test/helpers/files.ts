/**
 * Vedlegg files in tests: real PDFs (pdf-lib), PNGs (pngjs) and DOCX (docx) made on the spot, uploads over HTTP (multipart, as a
 * browser sends them), downloads, and what the file store holds (blobs, staged files) on either database.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';
import type { App } from '../../server/app.js';
import { DiskFileStore } from '../../server/files/disk-store.js';
import { PostgresFileStore } from '../../server/files/postgres-store.js';

const A4: [number, number] = [595.28, 841.89];

/**
 * A PDF of `pages` pages (A4, or `size` in points): each page shows `lines`, or `lines(k)` for page k (1-based), e.g.
 * `makePdf((k) => [`Budsjett side ${k}`], 3)` for a file whose pages say which they are. WinAnsi: Norwegian letters work.
 */
export async function makePdf(lines: string[] | ((page: number) => string[]), pages = 1, size: [number, number] = A4): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let k = 1; k <= pages; k++) {
    const page = pdf.addPage(size);
    (typeof lines === 'function' ? lines(k) : lines).forEach((line, i) => page.drawText(line, { x: 50, y: size[1] - 62 - i * 20, size: 12, font }));
  }
  return Buffer.from(await pdf.save());
}

/** An RGB PNG of width × height, a colour gradient (pngjs). */
export function makePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set([(x * 255) / width, (y * 255) / height, 128, 255], (y * width + x) * 4);
  }
  return PNG.sync.write(png, { colorType: 2 });
}

/** A DOCX with one paragraph per line. */
export async function makeDocx(lines: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** A Windows executable's first bytes ("MZ" header with a PE signature), as a file renamed to .pdf would carry. */
export function fakeExe(size = 4096): Buffer {
  const b = Buffer.alloc(size, 0);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84); // i386
  return b;
}

export interface UploadFile {
  name: string;
  bytes: Buffer;
  /** What the client claims (the server does not believe it). */
  type?: string;
}

/** POST /meetings/:id/attachments as multipart/form-data; returns the status and the parsed JSON answer. */
export async function upload(
  baseUrl: string,
  meetingId: string,
  files: UploadFile[],
  fields: Record<string, string | string[]> = {},
  token: string | null = null,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = await fetch(`${baseUrl}/meetings/${meetingId}/attachments`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

/** GET /attachments/:id/file with extra headers; the status, headers and bytes. */
export async function download(baseUrl: string, attachmentId: string, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/attachments/${attachmentId}/file`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** How many blobs the store holds, and how many staged files are waiting in its staging folder. */
export async function storeContents(app: App): Promise<{ blobs: number; staged: number }> {
  const store = app.files.store;
  if (store instanceof DiskFileStore) return { blobs: listDeep(join(store.root, 'blobs')).length, staged: list(store.stagingDir).length };
  if (store instanceof PostgresFileStore) {
    const rows = await app.orm.em.fork().getConnection().execute<Array<{ n: string }>>('select count(*) as n from file_blob');
    return { blobs: Number(rows[0]!.n), staged: list(store.stagingDir).filter((n) => n.startsWith(`upload-${process.pid}-`)).length };
  }
  throw new Error('unknown file store');
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function listDeep(dir: string): string[] {
  return list(dir).flatMap((d) => list(join(dir, d)).map((f) => join(d, f)));
}
