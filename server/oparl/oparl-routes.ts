/**
 * GET /oparl/v1/…: a read-only OParl 1.1 API over what the public may read (docs/oparl.md has the mapping).
 *   /                         System
 *   /body                     the Bodies (our organisations, e.g. Vestregionen)
 *   /body/<id>[/<list>]       a Body, or its organization | person | membership | meeting | agendaItem | file | paper list
 *   /organization/<id>[/meeting], /person/<id>, /membership/<id>, /meeting/<id>, /agendaitem/<id>, /file/<id>,
 *   /location/<id>            single objects
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { Attachment } from '../../schema/entities/index.js';
import { notFound } from '../errors.js';
import { isUuid } from '../../schema/ids.js';
import type { GraphQLContext } from '../graphql/context.js';
import { answerError } from '../http/http-errors.js';
import {
  agendaItemObject,
  attachmentFile,
  bodyObject,
  invitationFile,
  locationObject,
  meetingObject,
  type MeetingBundle,
  membershipObject,
  type OparlObject,
  organizationObject,
  personModified,
  personObject,
  protocolFile,
  systemObject,
} from './oparl-objects.js';
import { listOf, pageInMemory, parseListQuery, type ListQuery } from './oparl-lists.js';
import { OparlStore } from './oparl-store.js';
import { BODY_LISTS, type BodyList, OPARL_PATH, OparlUrls } from './oparl-urls.js';

export interface OparlRoutesDeps {
  /** A request context for the public viewer: open data is what anyone may read. */
  contextOf(): Promise<GraphQLContext>;
  log: Logger;
}

type Query = Record<string, unknown>;
type Entry = { created: Date; modified: Date; object: OparlObject };

export function oparlRoutes(deps: OparlRoutesDeps): Router {
  const router = express.Router();
  const handle =
    (answer: (store: OparlStore, u: OparlUrls, req: Request<Record<string, string>>) => Promise<unknown>) =>
    async (req: Request<Record<string, string>>, res: Response) => {
      try {
        const ctx = await deps.contextOf();
        const u = new OparlUrls(`${req.protocol}://${req.get('host')}`);
        const body = await answer(new OparlStore(ctx.em, ctx.viewer), u, req);
        res.status(200).set('Access-Control-Allow-Origin', '*').type('application/json; charset=utf-8').send(JSON.stringify(body));
      } catch (err) {
        answerError(res, err, deps.log);
      }
    };

  router.get('/', handle(async (_s, u) => systemObject(u)));
  router.get('/body', handle(async (s, u, req) => {
    const q = parseListQuery(req.query as Query);
    const entries = (await s.organisations()).map((o) => ({ created: o.createdAt, modified: o.updatedAt, object: bodyObject(u, o) }));
    return paged(u.bodies(), req, q, pageInMemory(entries, q));
  }));
  router.get('/body/:id', handle(async (s, u, req) => bodyObject(u, await found(s.organisation(req.params.id!), 'Body', req.params.id!))));
  router.get('/body/:id/:list', handle(async (s, u, req) => {
    const list = BODY_LISTS.find((l) => l.toLowerCase() === req.params.list!.toLowerCase());
    if (!list) throw notFound('OParl list', req.params.list!);
    const org = await found(s.organisation(req.params.id!), 'Body', req.params.id!);
    const q = parseListQuery(req.query as Query);
    return paged(u.bodyList(org.id, list), req, q, await bodyList(s, u, org.id, list, q));
  }));
  router.get('/organization/:id/meeting', handle(async (s, u, req) => {
    const body = await found(s.body(req.params.id!), 'Organization', req.params.id!);
    const q = parseListQuery(req.query as Query);
    const { rows, total } = await s.meetingsPage([body.id], q);
    return paged(u.organizationMeetings(body.id), req, q, { data: rows.map((b) => meetingObject(u, b)), total });
  }));
  router.get('/:type/:id', handle(async (s, u, req) => {
    const id = req.params.id!;
    switch (req.params.type) {
      case 'organization': {
        const body = await found(s.body(id), 'Organization', id);
        return organizationObject(u, body, (await s.membershipsOf([body.id])).map((m) => m.id));
      }
      case 'person': {
        const p = await found(s.person(id), 'Person', id);
        return personObject(u, p.person, p.memberships);
      }
      case 'membership':
        return membershipObject(u, await found(s.membership(id), 'Membership', id));
      case 'meeting':
        return meetingObject(u, await found(s.meeting(id), 'Meeting', id));
      case 'agendaitem': {
        const { meeting, item } = await found(s.item(id), 'AgendaItem', id);
        return agendaItemObject(u, meeting.meeting, item, meeting.minutesOpen);
      }
      case 'location': {
        const b = await found(s.meeting(id), 'Location', id);
        if (!b.meeting.location) throw notFound('Location', id);
        return locationObject(u, b.meeting);
      }
      case 'file':
        return file(s, u, id);
      default:
        throw notFound('OParl object type', req.params.type!);
    }
  }));
  router.use((req, res) => answerError(res, notFound('OParl resource', `${OPARL_PATH}${req.path}`), deps.log));
  return router;
}

async function found<T>(p: Promise<T | null>, what: string, id: string): Promise<T> {
  const v = await p;
  if (v == null) throw notFound(what, id);
  return v;
}

function paged(listUrl: string, req: Request<Record<string, string>>, q: ListQuery, page: { data: OparlObject[]; total: number }) {
  return listOf(listUrl, req.query as Query, q, page.data, page.total);
}

async function bodyList(s: OparlStore, u: OparlUrls, orgId: string, list: BodyList, q: ListQuery): Promise<{ data: OparlObject[]; total: number }> {
  switch (list) {
    case 'organization': {
      const bodies = await s.bodiesOf(orgId);
      const memberships = await s.membershipsOf(bodies.map((b) => b.id));
      const entries = bodies.map((b) => {
        const ids = memberships.filter((m) => m.body.id === b.id).map((m) => m.id);
        return { created: b.createdAt, modified: b.updatedAt, object: organizationObject(u, b, ids) };
      });
      return pageInMemory(entries, q);
    }
    case 'person': {
      const entries = (await s.personsOf(orgId)).map(({ person, memberships }) => {
        return { created: person.createdAt, modified: personModified(person, memberships), object: personObject(u, person, memberships) };
      });
      return pageInMemory(entries, q);
    }
    case 'membership': {
      const bodies = await s.bodiesOf(orgId);
      const entries = (await s.membershipsOf(bodies.map((b) => b.id))).map((m) => ({ created: m.createdAt, modified: m.updatedAt, object: membershipObject(u, m) }));
      return pageInMemory(entries, q);
    }
    case 'meeting': {
      const { rows, total } = await s.meetingsPage((await s.bodiesOf(orgId)).map((b) => b.id), q);
      return { data: rows.map((b) => meetingObject(u, b)), total };
    }
    case 'agendaItem': {
      const { rows, total } = await s.itemsPage(orgId, q);
      return { data: rows.map((r) => agendaItemObject(u, r.meeting.meeting, r.item, r.meeting.minutesOpen)), total };
    }
    case 'file':
      return pageInMemory((await s.meetingsOf(orgId)).flatMap((b) => filesOf(u, b)), q);
    case 'paper':
      // A sak is served as an AgendaItem; motebok keeps no separate case documents (Drucksachen).
      return { data: [], total: 0 };
  }
}

/** The Files of a meeting: the innkalling, the referat once public, and vedlegg with a stored file. */
function filesOf(u: OparlUrls, b: MeetingBundle): Entry[] {
  const m = b.meeting;
  const out: Entry[] = [{ created: m.noticeSentAt ?? m.createdAt, modified: b.modified, object: invitationFile(u, b) }];
  if (b.minutesOpen) out.push({ created: m.actualEndsAt ?? m.startsAt, modified: b.modified, object: protocolFile(u, b) });
  for (const f of b.files) out.push({ created: f.attachment.createdAt, modified: f.attachment.updatedAt, object: attachmentFile(u, m, f.attachment, f.itemIds) });
  return out;
}

async function file(s: OparlStore, u: OparlUrls, id: string): Promise<OparlObject> {
  const doc = /^(innkalling|referat)-(.+)$/.exec(id);
  const meetingId = doc ? doc[2]! : isUuid(id) ? (await s.em.findOne(Attachment, { id: id.toLowerCase() }))?.meeting.id : undefined;
  const b = meetingId ? await s.meeting(meetingId) : null;
  const object = b ? filesOf(u, b).map((e) => e.object).find((o) => o.id === u.object('file', id)) : undefined;
  if (!object) throw notFound('File', id);
  return object;
}
