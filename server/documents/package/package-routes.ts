/**
 * GET /meetings/:id/innkalling-package.pdf and .zip: the innkalling with its vedlegg, for the viewer of the request
 * (authenticated as the document routes are). The viewer decides the variant: the public gets the public package; a
 * member or the secretariat the full one, or the public one with ?variant=public. The answer says which in
 * `X-Package-Variant`.
 *
 * Mount with `app.use(packageRoutes({ loadPackage, log }))`.
 */
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { PackageVariant } from '../../auth/read-policy.js';
import type { LinkableResource } from '../../auth/resource-links.js';
import { errorCode, fail } from '../document-routes.js';
import { renderPdf } from '../renderers.js';
import { buildPackageZip } from './build-package-zip.js';
import type { PackageSource } from './gather-package.js';

/** The package downloads as linkable resources (GraphQL resourceLink): signed once the viewer may read the meeting. */
export const meetingPackageResource: LinkableResource = {
  name: 'innkalling package',
  pattern: /^\/meetings\/(?<id>[^/]+)\/innkalling-package\.(?<format>pdf|zip)$/,
  async authorize(ctx, params) {
    await ctx.services.meetings.get(decodeURIComponent(params.id!));
  },
};

export interface PackageRoutesDeps {
  /** What the package holds for the request's viewer; throws coded errors (NOT_FOUND, UNAUTHENTICATED …). */
  loadPackage(meetingId: string, variant: PackageVariant | undefined, req: Request): Promise<PackageSource>;
  log: Logger;
}

const PACKAGE = /^innkalling-package\.(pdf|zip)$/;
const VARIANTS: PackageVariant[] = ['full', 'public'];

export function packageRoutes(deps: PackageRoutesDeps): Router {
  const router = express.Router();

  router.get('/meetings/:id/:file', async (req: Request<{ id: string; file: string }>, res, next) => {
    const match = PACKAGE.exec(req.params.file);
    if (!match) {
      next();
      return;
    }
    const format = match[1] as 'pdf' | 'zip';
    const meetingId = req.params.id;
    const raw = req.query.variant;
    if (raw !== undefined && !VARIANTS.includes(raw as PackageVariant)) {
      fail(res, 'BAD_USER_INPUT', `variant must be given once, as ${VARIANTS.join(' or ')}.`);
      return;
    }
    const started = performance.now();
    let source: PackageSource;
    let notice: Uint8Array;
    try {
      source = await deps.loadPackage(meetingId, raw as PackageVariant | undefined, req);
      notice = await renderPdf(source.notice, { pageNumbers: format === 'zip' });
    } catch (err) {
      const code = errorCode(err);
      if (code) {
        fail(res, code, (err as Error).message);
        return;
      }
      deps.log.error({ err, meetingId, format }, 'gathering an innkalling package failed');
      fail(res, 'INTERNAL_SERVER_ERROR', 'The innkalling package could not be made.');
      return;
    }

    const log = { meetingId, variant: source.variant, format };
    const headers = (type: string) => {
      res.status(200);
      res.setHeader('Content-Type', type);
      res.setHeader('Content-Disposition', `attachment; filename="${source.fileStem}.${format}"`);
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Package-Variant', source.variant);
    };
    const onUnreadable = (entry: { attachmentNumber: number }, error: unknown) =>
      deps.log.warn({ ...log, err: error, attachment: entry.attachmentNumber }, 'a vedlegg could not be read for the innkalling package');

    if (format === 'zip') {
      headers('application/zip');
      try {
        await pipeline(buildPackageZip(notice, source.entries, { onUnreadable }), res);
      } catch (err) {
        // Headers are sent: the client sees a cut-off download rather than a wrong one. A client that went away is
        // no server error.
        const gone = (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
        deps.log[gone ? 'info' : 'error']({ ...log, err }, gone ? 'innkalling package zip: the client went away' : 'writing an innkalling package zip failed');
        res.destroy();
        return;
      }
    } else {
      let pdf: Uint8Array;
      try {
        pdf = (
          // pdf-lib and its font engine load on the first package asked for (start-up, issue 17).
          await (await import('./build-package-pdf.js')).buildPackagePdf(notice, source.entries, {
            title: `Innkalling med vedlegg – ${source.notice.body}`,
            onCover: (entry, reason, error) => {
              if (reason === 'unreadable') onUnreadable(entry, error);
              else deps.log.debug({ ...log, attachment: entry.attachmentNumber, reason, err: error }, 'vedlegg shown as a cover page');
            },
          })
        ).bytes;
      } catch (err) {
        deps.log.error({ ...log, err }, 'building an innkalling package PDF failed');
        fail(res, 'INTERNAL_SERVER_ERROR', 'The innkalling package could not be made.');
        return;
      }
      headers('application/pdf');
      res.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    }
    deps.log.debug({ ...log, vedlegg: source.entries.length, ms: Math.round(performance.now() - started) }, 'sent innkalling package');
  });

  return router;
}
