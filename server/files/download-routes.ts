/**
 * GET (and HEAD) /attachments/:id/file — a vedlegg's file for a viewer the read policy lets see it: Content-Type as
 * detected at upload, Content-Disposition with the Norwegian name (RFC 6266/5987: filename*=UTF-8''… and an ASCII
 * fallback), ETag = the SHA-256 (If-None-Match → 304), Accept-Ranges and a single Range → 206 (416 when it cannot be
 * satisfied; several ranges get the whole file). How the viewer is known is the caller's (servicesOf): the
 * Authorization header or a link signed for this path (attachmentFileResource, GraphQL resourceLink).
 */
import contentDisposition from 'content-disposition';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { pipeline } from 'node:stream/promises';
import type { LinkableResource } from '../auth/resource-links.js';
import type { Services } from '../services/index.js';
import type { ByteRange } from './port.js';
import { failWith } from './http-answers.js';

/** A vedlegg's file as a linkable resource: signed once the viewer may read it. */
export const attachmentFileResource: LinkableResource = {
  name: 'file',
  pattern: /^\/attachments\/(?<id>[^/]+)\/file$/,
  async authorize(ctx, params) {
    await ctx.services.files.fileFor(decodeURIComponent(params.id!));
  },
};

export interface DownloadRoutesDeps {
  servicesOf(req: Request): Promise<Services>;
  log: Logger;
}

export function downloadRoutes(deps: DownloadRoutesDeps): Router {
  const router = express.Router();

  router.get('/attachments/:id/file', async (req: Request<{ id: string }>, res: Response) => {
    try {
      const services = await deps.servicesOf(req);
      const file = await services.files.fileFor(req.params.id);
      const etag = `"${file.sha256}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (matches(req.headers['if-none-match'], etag)) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('Content-Disposition', contentDisposition(file.fileName, { type: 'attachment', fallback: asciiName(file.fileName) }));
      let range: ByteRange | undefined;
      const ifRange = req.headers['if-range'];
      if (req.headers.range && (!ifRange || ifRange === etag)) {
        const parsed = req.range(file.size, { combine: true });
        if (parsed === -1 || (parsed === -2 && /^bytes=/.test(req.headers.range))) {
          res.setHeader('Content-Range', `bytes */${file.size}`);
          res.status(416).json({ error: { code: 'RANGE_NOT_SATISFIABLE', message: `The file has ${file.size} bytes.` } });
          return;
        }
        if (Array.isArray(parsed) && parsed.type === 'bytes' && parsed.length === 1) range = { start: parsed[0]!.start, end: parsed[0]!.end };
      }
      const stream = await services.files.store.open(file.sha256, range);
      if (!stream) {
        deps.log.error({ attachmentId: req.params.id, sha256: file.sha256 }, 'a vedlegg refers to a file the store does not have');
        res.status(404).json({ error: { code: 'NOT_FOUND', message: 'The file of this vedlegg is missing.' } });
        return;
      }
      if (range) {
        res.status(206);
        res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
        res.setHeader('Content-Length', String(range.end - range.start + 1));
      } else {
        res.status(200);
        res.setHeader('Content-Length', String(file.size));
      }
      if (req.method === 'HEAD') {
        stream.destroy();
        res.end();
        return;
      }
      await pipeline(stream, res);
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === 'ERR_STREAM_PREMATURE_CLOSE') return; // the client went away
      failWith(res, err, deps.log);
    }
  });

  return router;
}

const NORWEGIAN: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' };

/** The ASCII fallback of a file name for old clients: æ ø å spelled ae oe aa, other accents dropped, the rest "_". */
export function asciiName(name: string): string {
  const ascii = name
    .replace(/[æøåÆØÅ]/g, (c) => NORWEGIAN[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return ascii === name ? name : ascii;
}

/** If-None-Match: "*" or a list of (weak or strong) tags, one of which is ours. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
