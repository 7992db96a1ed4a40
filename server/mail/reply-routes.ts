import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';

export interface ReplyRoutesDeps {
  log: Logger;
  /** Records forfall for the recipient of the token (NoticeService.replyAbsence). */
  replyAbsence(token: string, note: string | null): Promise<boolean>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto"><h1>${title}</h1>${body}</body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The forfall link of the innkalling: GET shows a confirmation form (so that a mail scanner opening the link records
 * nothing), POST records the forfall.
 */
export function replyRoutes(deps: ReplyRoutesDeps): Router {
  const router = express.Router();
  router.get('/forfall/:token', (req: Request<{ token: string }>, res) => {
    res.type('html').send(
      page(
        'Meld forfall',
        `<form method="post"><p><label>Merknad (valgfritt)<br><input name="note" maxlength="1000" style="width:100%"></label></p>` +
          `<input type="hidden" name="token" value="${escapeHtml(req.params.token)}"><button type="submit">Meld forfall</button></form>`,
      ),
    );
  });
  router.post('/forfall/:token', express.urlencoded({ extended: false, limit: '8kb' }), async (req: Request<{ token: string }>, res) => {
    try {
      const note = typeof req.body?.note === 'string' ? req.body.note : null;
      await deps.replyAbsence(req.params.token, note);
      res.type('html').send(page('Forfall registrert', '<p>Takk. Forfallet ditt er registrert, og sekretariatet kaller inn vara.</p>'));
    } catch (err) {
      const known = err instanceof AppError;
      if (!known) deps.log.error({ err }, 'forfall reply failed');
      res.status(known ? 400 : 500).type('html').send(page('Forfall ble ikke registrert', `<p>${escapeHtml(known ? err.message : 'Noe gikk galt.')}</p>`));
    }
  });
  return router;
}
