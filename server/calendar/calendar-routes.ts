/**
 * GET /calendar/<body-slug>.ics: the body's meetings as an iCalendar feed. Without credentials it holds what the
 * public may see; a member's own feed link (`?feed=`, GraphQL calendarFeedUrl; see feed-links.ts) or an
 * Authorization header adds what that user may see, such as planned meetings. `?token=` is refused.
 */
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../graphql/context.js';
import { answerError } from '../http/http-errors.js';
import { bodyCalendar } from './calendar-data.js';

export interface CalendarRoutesDeps {
  /** A request context (services, viewer) for the credentials of the request, if any. */
  contextOf(req: Request): Promise<GraphQLContext>;
  log: Logger;
}

export function calendarRoutes(deps: CalendarRoutesDeps): Router {
  const router = express.Router();
  router.get('/calendar/:file', async (req: Request<{ file: string }>, res, next) => {
    const match = /^([a-z0-9-]+)\.ics$/.exec(req.params.file);
    if (!match) return next();
    try {
      const ctx = await deps.contextOf(req);
      const { body, meetings } = await bodyCalendar(ctx, match[1]!);
      const origin = `${req.protocol}://${req.get('host')}`;
      const { bodyCalendarIcs } = await import('./body-calendar.js'); // ical-generator on first use (start-up, issue 17)
      const ics = bodyCalendarIcs(body, meetings, {
        self: `${origin}/calendar/${body.slug}.ics`,
        meeting: (id) => `${origin}/meetings/${encodeURIComponent(id)}/innkalling.html`,
      });
      res.status(200).type('text/calendar; charset=utf-8').set('Content-Disposition', `inline; filename="${body.slug}.ics"`).send(ics);
    } catch (err) {
      answerError(res, err, deps.log);
    }
  });
  return router;
}
