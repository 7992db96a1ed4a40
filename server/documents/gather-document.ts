/**
 * Reads a meeting from the database into the plain model its documents show (for rendering): the innkalling
 * shows planned time and place, introductions and forslag til vedtak; the referat actual time and place,
 * attendance, notes and vedtak.
 */
import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, Attendance, Meeting, Person, type Decision } from '../../schema/entities/index.js';
import { AttendanceRole, AttendanceStatus } from '../../schema/enums.js';
import type { DocAttendee, DocDecision, DocItem, DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import { osloIso } from './norwegian-dates.js';
import { formatVotingText } from './parse-common.js';

/** Notes and decision texts that override the stored ones, keyed by item id (the shape of projectMinutes()). */
export type MinutesTexts = Record<
  string,
  { notes: string; decision: string; subItems: Record<string, { notes: string; decision: string }> }
>;

/** The standard agenda headings of an innkalling ("Dagsorden:"). */
export const DEFAULT_AGENDA_HEADINGS = ['Godkjenning av innkalling og dagsorden', 'Ordinære saker'];

export class MeetingNotFoundError extends Error {
  override name = 'MeetingNotFoundError';
}

function votingOf(d: Decision, names: Map<string, string>): string | null {
  if (!d.voteOutcome) return null;
  return formatVotingText({
    outcome: d.voteOutcome,
    votesFor: d.votesFor,
    votesAgainst: d.votesAgainst,
    votesBlank: d.votesBlank,
    dissenters: (d.dissenterIds ?? []).map((id) => names.get(id) ?? id),
  });
}

function decisionOf(d: Decision | null, names: Map<string, string>, override: string | undefined): DocDecision | null {
  if (override !== undefined) {
    if (!override.length) return null;
    return { text: override, voting: d ? votingOf(d, names) : null };
  }
  if (!d) return null;
  return { text: d.text, voting: votingOf(d, names) };
}

const orNull = (s: string | undefined, fallback: string | null): string | null => (s === undefined ? fallback : s.length ? s : null);

/** The meeting as its innkalling or referat shows it. `texts` (the live referat or a version) overrides notes and vedtak. */
export async function gatherDocument(
  em: EntityManager,
  meetingId: string,
  kind: DocumentKind,
  texts?: MinutesTexts,
): Promise<MeetingDocument> {
  const meeting = await em.findOne(Meeting, { id: meetingId }, { populate: ['body', 'body.organisation'] });
  if (!meeting) throw new MeetingNotFoundError(`No meeting ${meetingId}`);
  const items = await em.find(
    AgendaItem,
    { meeting },
    {
      orderBy: { position: 'asc', sequence: 'asc' },
      populate: ['attachments', 'subItems', 'subItems.attachments', 'protocolEntries', 'disqualifications', 'disqualifications.person'],
    },
  );
  const rows =
    kind === 'referat'
      ? await em.find(Attendance, { meeting }, { orderBy: { position: 'asc' }, populate: ['person', 'substituteFor', 'fromItem', 'untilItem'] })
      : [];

  const dissenterIds = new Set<string>();
  for (const i of items) {
    for (const d of [i.decision, ...i.subItems.getItems().map((s) => s.decision)]) for (const id of d?.dissenterIds ?? []) dissenterIds.add(id);
  }
  const names = new Map<string, string>();
  if (dissenterIds.size) for (const p of await em.find(Person, { id: { $in: [...dissenterIds] } })) names.set(p.id, p.name);

  const numbers = (c: { getItems(): { number: number }[] }) => c.getItems().map((a) => a.number).sort((a, b) => a - b);

  const docItems = items.map((item): DocItem => {
    const t = texts?.[item.id];
    return {
      number: item.number,
      title: item.title,
      publicTitle: item.publicTitle,
      attachments: numbers(item.attachments),
      introduction: item.introduction,
      notes: orNull(t?.notes, item.notes),
      proposedDecision: item.proposedDecision
        ? item.proposedDecision.text || (item.proposedDecision.formulatedInMeeting ? 'Formuleres i møtet.' : '')
        : null,
      formulatedInMeeting: item.proposedDecision?.formulatedInMeeting ?? false,
      decision: decisionOf(item.decision, names, t?.decision),
      subItems: item.subItems
        .getItems()
        .sort((a, b) => a.position - b.position)
        .map((s) => {
          const st = t?.subItems[s.letter];
          return {
            letter: s.letter,
            title: s.title,
            subtitle: s.subtitle,
            attachments: numbers(s.attachments),
            introduction: s.introduction,
            notes: orNull(st?.notes, s.notes),
            proposedDecision: s.proposedDecision
              ? s.proposedDecision.text || (s.proposedDecision.formulatedInMeeting ? 'Formuleres i møtet.' : '')
              : null,
            decision: decisionOf(s.decision, names, st?.decision),
          };
        }),
      closedLegalBasis: item.public ? null : (item.closedLegalBasis ?? ''),
      protocolEntries: item.protocolEntries
        .getItems()
        .sort((a, b) => a.position - b.position)
        .map((p) => p.text),
      disqualified: item.disqualifications
        .getItems()
        .map((d) => ({ name: d.person.name, legalBasis: d.legalBasis }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nb')),
    };
  });

  const attendee = (r: Attendance): DocAttendee => ({
    name: r.person.name,
    municipality: r.representing ?? r.person.municipality,
    substituteFor: r.substituteFor?.name ?? null,
    fromItem: r.fromItem?.number ?? null,
    untilItem: r.untilItem?.number ?? null,
  });

  const referat = kind === 'referat';
  const startsAt = referat ? (meeting.actualStartsAt ?? meeting.startsAt) : meeting.startsAt;
  const endsAt = referat ? (meeting.actualStartsAt ? meeting.actualEndsAt : (meeting.actualEndsAt ?? meeting.endsAt)) : meeting.endsAt;
  return {
    kind,
    organisation: meeting.body.organisation?.name ?? null,
    body: meeting.body.name,
    startsAt: osloIso(startsAt),
    endsAt: endsAt ? osloIso(endsAt) : null,
    location: referat ? (meeting.actualLocation ?? meeting.location) : meeting.location,
    present: rows
      .filter((r) => r.role !== AttendanceRole.SECRETARIAT && r.status === AttendanceStatus.PRESENT)
      .map(attendee),
    secretariat: rows.filter((r) => r.role === AttendanceRole.SECRETARIAT).map(attendee),
    absent: rows
      .filter((r) => r.role !== AttendanceRole.SECRETARIAT && r.status !== AttendanceStatus.PRESENT)
      .map(attendee),
    noticeApproval: referat ? (meeting.noticeApproval?.text ?? null) : null,
    agendaHeadings: referat ? [] : [...DEFAULT_AGENDA_HEADINGS],
    items: docItems,
  };
}
