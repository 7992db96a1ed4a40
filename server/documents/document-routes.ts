/**
 * GET /meetings/:id/innkalling.:format and /meetings/:id/referat.:format, format md | html | docx | pdf, with an
 * optional ?version=<versionId> (a stored version of the document; without it, the current state).
 *
 * Mount with `app.use(documentRoutes({ loadDocument, renderMarkdown, log }))`. Who asks: the Authorization header, or a
 * link signed for exactly this path (`?sig=`, GraphQL resourceLink; see meetingDocumentResource); never `?token=`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import type { LinkableResource } from '../auth/resource-links.js';
import { renderDocx, renderPdf } from './renderers.js';
import { documentFileStem, renderHtml } from './render-html.js';

/** The rendered documents as linkable resources (GraphQL resourceLink): a link is signed once the viewer may read it. */
export const meetingDocumentResource: LinkableResource = {
  name: 'meeting document',
  pattern: /^\/meetings\/(?<id>[^/]+)\/(?<kind>innkalling|referat)\.(?<format>md|html|docx|pdf)$/,
  async authorize(ctx, params, query) {
    await ctx.services.documents.readable(decodeURIComponent(params.id!), params.kind as DocumentKind, query.get('version') ?? undefined);
  },
};

export type DocumentFormat = 'md' | 'html' | 'docx' | 'pdf';

export interface DocumentRoutesDeps {
  /** The document of a meeting, or null when the meeting (or the requested version) does not exist. */
  loadDocument(meetingId: string, kind: DocumentKind, version: string | undefined, req: Request): Promise<MeetingDocument | null>;
  renderMarkdown(doc: MeetingDocument): string;
  log: Logger;
}

export const DOCUMENT_CONTENT_TYPES: Record<DocumentFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

const FORMATS = Object.keys(DOCUMENT_CONTENT_TYPES) as DocumentFormat[];
const DOCUMENT = /^(innkalling|referat)\.([^./]+)$/;

export type Code = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR';
const STATUS: Record<Code, number> = {
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INTERNAL_SERVER_ERROR: 500,
};

export function fail(res: Response, code: Code, message: string): void {
  res.status(STATUS[code]).type('application/json').json({ error: { code, message } });
}

/** An error thrown by loadDocument that carries one of our codes (AppError and its GraphQL extensions). */
export function errorCode(err: unknown): Code | null {
  const code = (err as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code in STATUS ? (code as Code) : null;
}

export function documentRoutes(deps: DocumentRoutesDeps): Router {
  const router = express.Router();

  router.get('/meetings/:id/:document', async (req: Request<{ id: string; document: string }>, res, next) => {
    const match = DOCUMENT.exec(req.params.document);
    if (!match) {
      next();
      return;
    }
    const kind = match[1] as DocumentKind;
    const format = match[2]!.toLowerCase() as DocumentFormat;
    const meetingId = req.params.id;
    if (!FORMATS.includes(format)) {
      fail(res, 'BAD_USER_INPUT', `Unknown format "${match[2]}": use ${FORMATS.join(', ')}.`);
      return;
    }
    const rawVersion = req.query.version;
    if (rawVersion !== undefined && (typeof rawVersion !== 'string' || rawVersion === '')) {
      fail(res, 'BAD_USER_INPUT', 'version must be given once, as a version id.');
      return;
    }
    const version = rawVersion;

    const started = performance.now();
    let doc: MeetingDocument | null;
    try {
      doc = await deps.loadDocument(meetingId, kind, version, req);
    } catch (err) {
      const code = errorCode(err);
      if (code) {
        fail(res, code, (err as Error).message);
        return;
      }
      deps.log.error({ err, meetingId, kind, version }, 'loading a meeting document failed');
      fail(res, 'INTERNAL_SERVER_ERROR', 'The document could not be loaded.');
      return;
    }
    if (!doc) {
      fail(
        res,
        'NOT_FOUND',
        version === undefined
          ? `Meeting ${meetingId} does not exist.`
          : `Meeting ${meetingId} has no ${kind} version ${version}.`,
      );
      return;
    }

    let body: string | Buffer;
    try {
      switch (format) {
        case 'md':
          body = deps.renderMarkdown(doc);
          break;
        case 'html':
          body = renderHtml(doc);
          break;
        case 'docx':
          body = await renderDocx(doc);
          break;
        case 'pdf':
          body = await renderPdf(doc);
          break;
      }
    } catch (err) {
      deps.log.error({ err, meetingId, kind, version, format }, 'rendering a meeting document failed');
      fail(res, 'INTERNAL_SERVER_ERROR', 'The document could not be rendered.');
      return;
    }

    const filename = `${documentFileStem(doc)}.${format}`;
    const disposition = format === 'docx' || format === 'pdf' ? 'attachment' : 'inline';
    res.status(200);
    res.setHeader('Content-Type', DOCUMENT_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `${disposition}; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (format === 'html') {
      // The document has no scripts, images or links to load; inline CSS only.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    }
    deps.log.debug(
      { meetingId, kind, version, format, ms: Math.round(performance.now() - started) },
      'rendered meeting document',
    );
    res.end(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  });

  return router;
}
