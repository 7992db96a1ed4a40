import type { EntityManager } from '@mikro-orm/core';
import { Decision, Meeting, type AgendaItem, type SubItem } from '../../schema/entities/index.js';
import { MeetingStatus, MinutesField } from '../../schema/enums.js';
import type { MinutesTargetInput, RecordDecisionInput, VoteInput } from '../../schema/inputs/index.js';
import { badInput, invalidState, minutesLocked, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayChange, meetingLabel } from './guards.js';
import { itemById, meetingById, personById, subItemOf } from './lookup.js';
import { MeetingService } from './meeting-service.js';
import { MinutesTextService, publishTextChange } from './minutes-text-service.js';
import { decisionAfterText, textFieldLabel } from './minutes-text-rules.js';

/** An item or a sub-item: the two places a referat has notes and a vedtak. */
export interface MinutesTarget {
  item: AgendaItem;
  sub: SubItem | null;
  holder: AgendaItem | SubItem;
}

/** The referat's texts: notes and decisions, their voting result, adoption and what adoption approves. */
export class DecisionService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Sets the notes or the decision text of an item or sub-item, through the one text command. */
  async setText(input: MinutesTargetInput, field: MinutesField, text: string): Promise<MinutesTarget> {
    const t = await resolveTarget(this.ctx.em, input);
    assertMayChange(this.ctx.viewer, t.item.meeting);
    const change = { meetingId: t.item.meeting.id, agendaItemId: t.item.id, letter: t.sub?.letter ?? null, field, text, userId: this.ctx.viewer.userId };
    const [result] = await new MinutesTextService(this.ctx).store([change], this.ctx.via ?? 'api');
    if (result === 'locked') throw minutesLocked(meetingLabel(t.item.meeting));
    if (result === 'missing') throw notFound(t.sub ? `Sub-item ${t.sub.letter} of item` : 'Agenda item', t.sub ? t.item.number : t.item.id);
    await this.ctx.em.refresh(t.holder);
    return t;
  }

  /** Records the decision text and, if given, the voting result; adopts it when asked. */
  async record(input: RecordDecisionInput): Promise<MinutesTarget> {
    const meetingId = (await resolveTarget(this.ctx.em, input.target)).item.meeting.id;
    await this.ctx.sync.settle(meetingId);
    let textChanged = false;
    const target = await this.ctx.em.transactional(async (em) => {
      const t = await resolveTarget(em, input.target);
      assertMayChange(this.ctx.viewer, t.item.meeting);
      textChanged = (t.holder.decision?.text ?? '') !== input.text;
      const d = decisionAfterText(t.holder.decision, input.text, () => new Decision()) ?? new Decision();
      if (input.vote) await applyVote(em, d, input.vote);
      t.holder.decision = d;
      const fact = { meetingId: t.item.meeting.id, entity: t.sub ? 'SubItem' : 'AgendaItem', entityId: t.holder.id };
      if (textChanged) audit(em, this.ctx, { ...fact, action: 'TEXT_SET', summary: textFieldLabel(t.item.number, t.sub?.letter ?? null, MinutesField.DECISION) });
      audit(em, this.ctx, { ...fact, action: 'DECISION_RECORDED', summary: `${label(t)} vedtak${input.vote ? `, ${input.vote.outcome}` : ''}` });
      return t;
    });
    await this.ctx.sync.textsSet(meetingId, [{ agendaItemId: target.item.id, letter: target.sub?.letter ?? null, field: MinutesField.DECISION, text: input.text }]);
    if (input.adopt) return this.adopt(input.target);
    this.publish(target, MinutesField.DECISION, input.text);
    return target;
  }

  /**
   * Adopts the decision (vedtatt). Adopting the decision of a "godkjenning av referat" item approves and locks the
   * minutes of the meeting it refers to, in the same transaction.
   */
  async adopt(input: MinutesTargetInput, vote?: VoteInput | null): Promise<MinutesTarget> {
    let approved: Meeting | null = null;
    const target = await this.ctx.em.transactional(async (em) => {
      const t = await resolveTarget(em, input);
      const meeting = t.item.meeting;
      assertMayChange(this.ctx.viewer, meeting);
      if (meeting.status === MeetingStatus.PLANNED) {
        throw invalidState(`${meetingLabel(meeting)} has not had its notice sent; decisions are adopted in the meeting.`);
      }
      const d = t.holder.decision;
      if (!d?.text.trim()) throw badInput('Write the decision text before adopting it.', 'text');
      if (vote) await applyVote(em, d, vote);
      d.adoptedAt ??= new Date();
      if (!t.sub && t.item.approvesMinutesOf) approved = await approveReferencedMinutes(em, t.item);
      audit(em, this.ctx, { meetingId: meeting.id, entity: t.sub ? 'SubItem' : 'AgendaItem', entityId: t.holder.id, action: 'DECISION_ADOPTED', summary: label(t) });
      if (approved) audit(em, this.ctx, { meetingId: (approved as Meeting).id, entity: 'Meeting', entityId: (approved as Meeting).id, action: 'MINUTES_APPROVED', summary: `by ${t.item.number}` });
      return t;
    });
    if (approved) await new MeetingService(this.ctx).afterApproval(approved);
    this.publish(target, MinutesField.DECISION, target.holder.decision?.text ?? '');
    return target;
  }

  /** The meeting-level decision on "Godkjenning av innkalling og dagsorden". */
  async setNoticeApproval(meetingId: string, text: string): Promise<Meeting> {
    const meeting = await this.ctx.em.transactional(async (em) => {
      const m = await meetingById(em, meetingId);
      assertMayChange(this.ctx.viewer, m);
      const d = decisionAfterText(m.noticeApproval, text, () => new Decision());
      if (d && m.status !== MeetingStatus.PLANNED) d.adoptedAt ??= new Date();
      m.noticeApproval = d;
      return m;
    });
    this.ctx.events.publish(Topic.AgendaChanged, meeting.id, { meetingId: meeting.id, kind: 'NOTICE_APPROVAL_SET', agendaItemId: null, at: new Date() });
    return meeting;
  }

  private publish(t: MinutesTarget, field: MinutesField, text: string): void {
    publishTextChange(this.ctx.events, {
      meetingId: t.item.meeting.id,
      agendaItemId: t.item.id,
      itemNumber: t.item.number,
      letter: t.sub?.letter ?? null,
      field,
      text,
      adopted: Boolean(t.holder.decision?.adoptedAt),
    });
  }
}

export async function resolveTarget(em: EntityManager, input: MinutesTargetInput): Promise<MinutesTarget> {
  const item = await itemById(em, input.agendaItemId);
  const sub = input.subItemLetter ? await subItemOf(em, item, input.subItemLetter) : null;
  return { item, sub, holder: sub ?? item };
}


async function applyVote(em: EntityManager, d: Decision, vote: VoteInput): Promise<void> {
  for (const id of vote.dissenterIds ?? []) await personById(em, id);
  d.voteOutcome = vote.outcome;
  d.votesFor = vote.votesFor ?? null;
  d.votesAgainst = vote.votesAgainst ?? null;
  d.votesBlank = vote.votesBlank ?? null;
  d.dissenterIds = vote.dissenterIds?.length ? vote.dissenterIds : null;
}

async function approveReferencedMinutes(em: EntityManager, item: AgendaItem): Promise<Meeting | null> {
  const previous = await meetingById(em, item.approvesMinutesOf!.id);
  if (previous.status === MeetingStatus.MINUTES_APPROVED) return null;
  if (previous.status !== MeetingStatus.HELD) {
    throw invalidState(`${meetingLabel(previous)} has not been held; its minutes cannot be approved.`);
  }
  previous.status = MeetingStatus.MINUTES_APPROVED;
  previous.minutesApprovedAt = new Date();
  return previous;
}

function label(t: MinutesTarget): string {
  return t.sub ? `${t.item.number} ${t.sub.letter}` : t.item.number;
}
