import type { EntityManager } from '@mikro-orm/core';
import { ActionPoint, AgendaItem, type Body, type Meeting, MeetingTemplate, ProposedDecision } from '../../schema/entities/index.js';
import { ActionPointStatus, StandingItemPlacement } from '../../schema/cycle-enums.js';
import { AgendaItemKind } from '../../schema/enums.js';
import { osloParts } from '../documents/norwegian-dates.js';
import { renumberOpenAgenda } from './numbering.js';

/** The orientation item under which open action points of earlier vedtak are followed up. */
export const FOLLOW_UP_TITLE = 'Oppfølgingsliste';

export function templateOf(em: EntityManager, body: Body): Promise<MeetingTemplate | null> {
  return em.findOne(MeetingTemplate, { body });
}

/** The planned end from the template's duration, if it has one. */
export function defaultEnd(template: MeetingTemplate | null, startsAt: Date): Date | null {
  return template?.durationMinutes ? new Date(startsAt.getTime() + template.durationMinutes * 60_000) : null;
}

/**
 * Puts a new meeting's standing items on its agenda — START items after the minutes approval, END items last — and,
 * while the body has open action points, the "Oppfølgingsliste" orientation item after the START items. Numbers
 * follow the usual rule (renumbered in position order after the body's highest number that year).
 */
export async function applyTemplate(em: EntityManager, meeting: Meeting, template: MeetingTemplate | null): Promise<void> {
  const standing = template?.standingItems ?? [];
  const hasFollowUp = standing.some((s) => s.title === FOLLOW_UP_TITLE);
  const openPoints = hasFollowUp ? 0 : await em.count(ActionPoint, { body: meeting.body, status: { $ne: ActionPointStatus.DONE } });
  const wanted = [
    ...standing.filter((s) => s.placement === StandingItemPlacement.START),
    ...(openPoints > 0 ? [{ title: FOLLOW_UP_TITLE, kind: AgendaItemKind.ORIENTATION, placement: StandingItemPlacement.START, proposedDecision: 'Orienteringen tas til etterretning.' }] : []),
    ...standing.filter((s) => s.placement === StandingItemPlacement.END),
  ];
  if (!wanted.length) return;
  const existing = meeting.agendaItems.isInitialized() ? meeting.agendaItems.getItems() : [];
  const year = osloParts(meeting.startsAt).year;
  const items = [...existing];
  wanted.forEach((s, i) => {
    items.push(
      em.create(AgendaItem, {
        meeting,
        body: meeting.body,
        year,
        sequence: -1000 - i,
        position: items.length + 1,
        kind: s.kind,
        title: s.title,
        proposedDecision: s.proposedDecision ? Object.assign(new ProposedDecision(), { text: s.proposedDecision }) : null,
      }),
    );
  });
  await renumberOpenAgenda(em, meeting, items);
}

/** Titles of the END standing items: a sak placed on an agenda goes before them. */
export function endTitles(template: MeetingTemplate | null): Set<string> {
  return new Set((template?.standingItems ?? []).filter((s) => s.placement === StandingItemPlacement.END).map((s) => s.title));
}
