import type { FilterQuery } from '@mikro-orm/core';
import { ActionPoint, ActionPointComment, type Meeting } from '../../schema/entities/index.js';
import { ActionPointStatus } from '../../schema/cycle-enums.js';
import { MeetingStatus } from '../../schema/enums.js';
import type { ActionPointInput, ActionPointUpdateInput } from '../../schema/inputs/index.js';
import { assertCanWrite } from '../auth/policies.js';
import { readsCycleOf } from '../auth/read-policy.js';
import { osloIso } from '../documents/norwegian-dates.js';
import { badInput, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { asId, bodyById, itemById, personById } from './lookup.js';

/**
 * Follow-up (oppfølging) of vedtak: action points with who, what, when and status, and their history. Following up is
 * done after the referat is approved, so points change also when the meeting's records are locked.
 */
export class FollowUpService {
  constructor(private readonly ctx: ServiceContext) {}

  async add(input: ActionPointInput): Promise<ActionPoint> {
    const description = input.description.trim();
    if (!description) throw badInput('Say what is to be done.', 'description');
    const point = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, input.agendaItemId);
      assertCanWrite(this.ctx.viewer, item.meeting.body.id, item.meeting.body.name);
      if (!item.decision?.text.trim()) throw badInput(`Sak ${item.number} has no vedtak to follow up yet.`, 'agendaItemId');
      const p = em.create(ActionPoint, {
        agendaItem: item,
        body: item.meeting.body,
        description,
        responsible: input.responsible?.trim() || null,
        responsiblePerson: input.responsiblePersonId ? await personById(em, input.responsiblePersonId) : null,
        dueDate: input.dueDate ?? null,
      });
      em.create(ActionPointComment, { actionPoint: p, text: 'Registrert', status: ActionPointStatus.OPEN, userId: this.ctx.viewer.userId });
      audit(em, this.ctx, { meetingId: item.meeting.id, entity: 'ActionPoint', entityId: p.id, action: 'ACTION_POINT_ADDED', summary: `${item.number}: ${description}` });
      return p;
    });
    this.publish(point, 'ACTION_POINT_ADDED');
    return point;
  }

  /** Sets status and/or due date and/or adds a comment; each change is a line of the point's history. */
  async update(id: string, input: ActionPointUpdateInput): Promise<ActionPoint> {
    const comment = input.comment?.trim() || null;
    if (!comment && !input.status && input.dueDate === undefined) throw badInput('Nothing to change.', 'comment');
    const point = await this.ctx.em.transactional(async (em) => {
      const p = await em.findOne(ActionPoint, { id: asId(id) }, { populate: ['body', 'agendaItem', 'agendaItem.meeting'] });
      if (!p) throw notFound('Action point', id);
      assertCanWrite(this.ctx.viewer, p.body.id, p.body.name);
      const status = input.status && input.status !== p.status ? input.status : null;
      if (status) {
        p.status = status;
        p.doneAt = status === ActionPointStatus.DONE ? new Date() : null;
      }
      const notes: string[] = [];
      if (input.dueDate !== undefined && input.dueDate !== p.dueDate) {
        notes.push(`Frist endret fra ${p.dueDate ?? '–'} til ${input.dueDate ?? '–'}`);
        p.dueDate = input.dueDate;
      }
      if (comment) notes.push(comment);
      if (status || notes.length) {
        em.create(ActionPointComment, { actionPoint: p, text: notes.join('. ') || statusText(status!), status, userId: this.ctx.viewer.userId });
      }
      audit(em, this.ctx, { meetingId: p.agendaItem.meeting.id, entity: 'ActionPoint', entityId: p.id, action: 'ACTION_POINT_UPDATED', summary: [status, ...notes].filter(Boolean).join('; ') });
      return p;
    });
    this.publish(point, 'ACTION_POINT_UPDATED');
    return point;
  }

  /**
   * The follow-up list of a meeting: action points of earlier vedtak of the body that are open — now, for a meeting
   * still ahead; at the time it was held, for a held one. Oldest vedtak first.
   */
  async forMeeting(meeting: Meeting): Promise<ActionPoint[]> {
    if (!readsCycleOf(this.ctx.viewer, meeting.body.id)) return [];
    const ahead = meeting.status === MeetingStatus.PLANNED || meeting.status === MeetingStatus.NOTICE_SENT;
    const heldAt = meeting.actualStartsAt ?? meeting.startsAt;
    const where: FilterQuery<ActionPoint> = {
      body: meeting.body.id,
      agendaItem: { meeting: { startsAt: { $lt: meeting.startsAt } } },
      ...(ahead ? { status: { $ne: ActionPointStatus.DONE } } : { $or: [{ doneAt: null }, { doneAt: { $gt: heldAt } }], createdAt: { $lte: heldAt } }),
    };
    return this.ctx.em.find(ActionPoint, where, { orderBy: { agendaItem: { year: 'asc', sequence: 'asc' }, createdAt: 'asc' } });
  }

  /** The body's report: every action point (or the open ones), oldest vedtak first. */
  async report(bodyId: string, openOnly = false): Promise<ActionPoint[]> {
    const body = await bodyById(this.ctx.em, bodyId);
    if (!readsCycleOf(this.ctx.viewer, body.id)) return [];
    const where: FilterQuery<ActionPoint> = openOnly ? { body, status: { $ne: ActionPointStatus.DONE } } : { body };
    return this.ctx.em.find(ActionPoint, where, { orderBy: { agendaItem: { year: 'asc', sequence: 'asc' }, createdAt: 'asc' } });
  }

  /** An action point's history (comments and status changes), oldest first. */
  history(p: ActionPoint): Promise<ActionPointComment[]> {
    if (!readsCycleOf(this.ctx.viewer, p.body.id)) return Promise.resolve([]);
    return this.ctx.em.find(ActionPointComment, { actionPoint: p.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  private publish(p: ActionPoint, kind: string): void {
    const meetingId = p.agendaItem.meeting.id;
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId: p.agendaItem.id, at: new Date() });
  }
}

/** Overdue: not done and its due date (Oslo calendar) has passed. */
export function isOverdue(p: ActionPoint, now = new Date()): boolean {
  return p.status !== ActionPointStatus.DONE && p.dueDate !== null && p.dueDate < osloIso(now).slice(0, 10);
}

function statusText(s: ActionPointStatus): string {
  return { OPEN: 'Gjenåpnet', IN_PROGRESS: 'Under arbeid', DONE: 'Utført' }[s];
}
