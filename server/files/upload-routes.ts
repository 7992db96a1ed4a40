/**
 * POST /meetings/:id/attachments — multipart/form-data, streamed (busboy): one or more files (field name free, up
 * to UPLOAD_MAX_FILES of at most UPLOAD_MAX_BYTES each) and the fields title, agendaItemIds (repeated, or comma-
 * separated), public (true/false, default true) and legalBasis (required when public=false). Each file becomes a
 * vedlegg of the meeting. Answers 201 `{ attachments: [...] }`, or a coded error with nothing stored:
 * FILE_TOO_LARGE / TOO_MANY_FILES (413), UNSUPPORTED_FILE_TYPE (415), BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN,
 * MINUTES_LOCKED, NOT_FOUND.
 */
import busboy from 'busboy';
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Attachment } from '../../schema/entities/index.js';
import { AppError, badInput } from '../errors.js';
import type { Services } from '../services/index.js';
import type { ReceivedFile, UploadFields } from '../services/file-service.js';
import { detectAcceptedType, pageCountOf } from './file-kinds.js';
import { failWith } from './http-answers.js';
import { fileTooLarge } from './staging.js';

export interface UploadRoutesDeps {
  /** The services of the request's viewer (from its Authorization header); UNAUTHENTICATED for a bad token. */
  servicesOf(req: Request): Promise<Services>;
  limits: { maxBytes: number; maxFiles: number };
  log: Logger;
}

/** What GraphQL's Attachment says of a file, as JSON. */
export function attachmentJson(a: Attachment) {
  return {
    id: a.id,
    number: a.number,
    title: a.title,
    name: a.fileName,
    type: a.mimeType,
    size: a.size,
    checksum: a.sha256,
    pageCount: a.pageCount,
    public: a.public,
    legalBasis: a.legalBasis,
  };
}

export function uploadRoutes(deps: UploadRoutesDeps): Router {
  const router = express.Router();
  const { maxBytes, maxFiles } = deps.limits;

  router.post('/meetings/:id/attachments', async (req: Request<{ id: string }>, res) => {
    const received: ReceivedFile[] = [];
    let services: Services;
    try {
      services = await deps.servicesOf(req);
      await services.files.assertMayUpload(req.params.id);
      if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) throw badInput('Send the files as multipart/form-data.');
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxFiles * (maxBytes + 64 * 1024)) throw fileTooLarge(maxBytes);
      const fields = await receive(req, services, received, maxBytes, maxFiles);
      const added = await services.files.addFiles(req.params.id, received, fields);
      res.status(201).json({ attachments: added.map(attachmentJson) });
    } catch (err) {
      await Promise.all(received.map((f) => discard(f)));
      if (!req.complete) res.setHeader('Connection', 'close'); // do not wait for the rest of a refused body
      failWith(res, err, deps.log);
    }
  });

  return router;
}

async function discard(f: ReceivedFile): Promise<void> {
  await rm(f.staged.path, { force: true });
}

/** Streams the form: files staged (hashed, counted, refused beyond the limit) and typed from their content. */
function receive(req: Request, services: Services, received: ReceivedFile[], maxBytes: number, maxFiles: number): Promise<UploadFields> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: maxFiles, fileSize: maxBytes + 1, fields: 50, fieldSize: 64 * 1024, parts: maxFiles + 50 } });
    } catch {
      reject(badInput('The multipart form is malformed (no boundary).'));
      return;
    }
    const raw = { title: null as string | null, itemIds: [] as string[], public: null as string | null, legalBasis: null as string | null };
    const pending: Promise<void>[] = [];
    let failure: unknown = null;
    const open = new Set<Readable>();
    const fail = (err: unknown) => {
      failure ??= err;
    };

    bb.on('field', (name, value) => {
      if (name === 'title') raw.title = value;
      else if (name === 'agendaItemIds' || name === 'agendaItemIds[]' || name === 'agendaItemId') raw.itemIds.push(...value.split(',').map((v) => v.trim()).filter(Boolean));
      else if (name === 'public') raw.public = value;
      else if (name === 'legalBasis') raw.legalBasis = value;
    });
    bb.on('file', (_name, stream, info) => {
      if (failure) {
        stream.resume();
        return;
      }
      open.add(stream);
      pending.push(
        (async () => {
          const staged = await services.files.store.stage(stream, maxBytes);
          open.delete(stream);
          const file: ReceivedFile = { staged, fileName: cleanName(info.filename), mimeType: '', pageCount: null };
          received.push(file);
          file.mimeType = await detectAcceptedType(staged.path);
          file.pageCount = await pageCountOf(staged.path, file.mimeType);
        })().catch((err) => {
          open.delete(stream);
          fail(err);
          if (!stream.destroyed) {
            stream.resume();
            return;
          }
          // Writing failed (a full disk): busboy would wait for the destroyed stream for ever, so stop reading here.
          req.unpipe(bb);
          req.resume();
          void Promise.allSettled(pending).then(() => reject(failure));
        }),
      );
    });
    bb.on('filesLimit', () => fail(new AppError('TOO_MANY_FILES', `At most ${maxFiles} files can be sent at once.`, { http: { status: 413 } })));
    bb.on('error', (err) => {
      fail(badInput(`The multipart form could not be read: ${(err as Error).message}`));
      for (const s of open) s.destroy(err as Error);
      void Promise.allSettled(pending).then(() => reject(failure));
    });
    bb.on('close', () => {
      void Promise.allSettled(pending).then(() => {
        if (failure) return reject(failure);
        if (!received.length) return reject(badInput('The form holds no file.'));
        const isPublic = raw.public === null ? true : /^(true|1|yes|on)$/i.test(raw.public.trim());
        if (raw.public !== null && !isPublic && !/^(false|0|no|off)$/i.test(raw.public.trim())) return reject(badInput('public must be true or false.', 'public'));
        resolve({ title: raw.title, agendaItemIds: raw.itemIds, public: isPublic, legalBasis: raw.legalBasis });
      });
    });
    // A client that goes away mid-upload: the staged files are removed, nothing is stored.
    req.on('close', () => {
      if (!req.complete) {
        const err = badInput('The upload was interrupted.');
        fail(err);
        for (const s of open) s.destroy(err);
        bb.destroy(err);
      }
    });
    req.pipe(bb);
  });
}

/** The name as given, without a path, control characters or surrounding space; "vedlegg" when none is left. */
function cleanName(name: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 255) || 'vedlegg';
}
