/** The agenda of an imported document: items, sub-items, forslag til vedtak, and the referat's texts and vedtak. */
import { AgendaItem, Decision, ProposedDecision, SubItem } from '../../../schema/entities/index.js';
import { MinutesField, VoteOutcome } from '../../../schema/enums.js';
import { formatItemNumber, parseItemNumber, type ParsedItemNumber } from '../../../schema/item-number.js';
import type { DocDecision, DocItem, DocSubItem } from '../../../schema/meeting-document.js';
import { formatShortDate, osloParts } from '../../documents/norwegian-dates.js';
import { highestSequence } from '../numbering.js';
import { parseVotingText } from '../../documents/parse-common.js';
import type { Writer } from './document-writer.js';
import { applyReferences } from './import-references.js';
import { applyDisqualifications, applyProtocolEntries } from './import-records.js';
import { describeValue, itemKindFor, sameValue } from './import-values.js';

/**
 * A number for a sak whose number the source lost: the item of this meeting with the same title if there is one
 * (importing the document again changes nothing), else the next free number of the body's year.
 */
async function numberForLost(w: Writer, d: DocItem): Promise<ParsedItemNumber> {
  const same = [...w.items.values()].find((i) => i.meeting === w.meeting && i.title === d.title);
  if (same) return { year: same.year, sequence: same.sequence, suffix: same.numberSuffix };
  const year = osloParts(w.meeting.startsAt).year;
  const taken = [...w.items.values()].filter((i) => i.year === year).map((i) => i.sequence);
  const stored = w.meeting.id ? await highestSequence(w.em, w.meeting, year, true).catch(() => 0) : 0;
  return { year, sequence: Math.max(stored, ...taken, 0) + 1, suffix: '' };
}

export async function applyItems(w: Writer): Promise<void> {
  const existing = w.report.meeting.created
    ? []
    : await w.em.find(
        AgendaItem,
        { meeting: w.meeting },
        {
          populate: ['attachments', 'subItems', 'subItems.attachments', 'references', 'protocolEntries', 'disqualifications', 'disqualifications.person'],
          orderBy: { position: 'asc' },
        },
      );
  for (const i of existing) w.items.set(i.number, i);
  const seen = new Set<AgendaItem>();
  for (const [index, docItem] of w.doc.items.entries()) {
    const item = await applyItem(w, docItem, index + 1);
    if (item) seen.add(item);
  }
  for (const i of existing) {
    if (!seen.has(i) && w.doc.items.length) w.report.warnings.push(`sak ${i.number} ${i.title} is not in the document; left as it is`);
  }
}

export async function applyItem(w: Writer, d: DocItem, position: number): Promise<AgendaItem | null> {
  let num = parseItemNumber(d.number);
  if (!num && (d.numberLost || !d.number.trim())) {
    num = await numberForLost(w, d);
    w.report.warnings.push(`sak ${formatItemNumber(num.sequence, num.year, num.suffix)} ${d.title}: its number was lost in the source; kept in its place with the next free number`);
  }
  if (!num) {
    w.report.warnings.push(`sak ${d.number}: not an item number; skipped`);
    return null;
  }
  if (d.numberInferred) w.report.warnings.push(`sak ${d.number}: the number was printed "${d.numberPrinted ?? ''}"; read as ${d.number}`);
  const key = formatItemNumber(num.sequence, num.year, num.suffix);
  let item = w.items.get(key) ?? null;
  const isNew = !item;
  if (!item) {
    const elsewhere = await w.em.findOne(
          AgendaItem,
          { body: w.body, year: num.year, sequence: num.sequence, numberSuffix: num.suffix },
          { populate: ['meeting'] },
        );
    if (elsewhere && elsewhere.meeting !== w.meeting) {
      w.report.warnings.push(
        `sak ${d.number} already belongs to the meeting of ${formatShortDate(elsewhere.meeting.startsAt)}; skipped`,
      );
      return null;
    }
    item = createItem(w, d, num, position);
  }
  const label = `sak ${item.number}`;
  const placeholder = d.closedLegalBasis !== null && !d.title;
  if (d.title && !placeholder) w.set(item, 'title', d.title, label, isNew);
  // The innkalling orders the agenda; a referat only places the items it adds.
  if (w.doc.kind === 'innkalling') w.set(item, 'position', position, label, isNew);
  if (d.closedLegalBasis !== null) {
    w.set(item, 'public', false, label, isNew);
    w.set(item, 'closedLegalBasis', d.closedLegalBasis || null, label, isNew);
    if (!d.closedLegalBasis) w.report.warnings.push(`${label}: closed to the public without a legal basis (hjemmel)`);
  } else if (w.doc.kind === 'innkalling' || !item.public) {
    w.set(item, 'public', true, label, isNew);
    w.set(item, 'closedLegalBasis', null, label, isNew);
  }
  if (placeholder) return item;

  if (w.doc.kind === 'innkalling') {
    w.set(item, 'introduction', d.introduction, label, isNew);
    setProposed(w, item, d.proposedDecision, d.formulatedInMeeting, label, isNew);
  } else {
    setNotes(w, item, item, null, d.notes, label, isNew);
    if (d.proposedDecision !== null) setProposed(w, item, d.proposedDecision, d.formulatedInMeeting, label, isNew);
    setDecision(w, item, item, null, d.decision, label, isNew);
  }
  w.linkAttachments(item, d.attachments, label, isNew);

  const subs = new Map(item.subItems.getItems().map((s) => [s.letter, s]));
  for (const [i, ds] of d.subItems.entries()) applySubItem(w, item, subs.get(ds.letter) ?? null, ds, i + 1);
  if (d.subItems.length) {
    const letters = new Set(d.subItems.map((s) => s.letter));
    for (const s of subs.values()) {
      if (!letters.has(s.letter)) w.report.warnings.push(`${label} ${s.letter} ${s.title} is not in the document; left as it is`);
    }
  }

  if (isNew || w.doc.kind === 'innkalling') {
    const kind = itemKindFor(
      {
        title: item.title,
        introduction: item.introduction,
        notes: item.notes,
        proposed: item.proposedDecision?.text ?? null,
        decision: item.decision?.text ?? null,
        hasSubItems: item.subItems.length > 0,
      },
      w.body.name,
    );
    w.set(item, 'kind', kind, label, isNew);
  }
  await applyReferences(w, item, label, isNew);
  if (w.doc.kind === 'referat') {
    applyProtocolEntries(w, item, d.protocolEntries, label, isNew);
    applyDisqualifications(w, item, d.disqualified, label, isNew);
  }
  return item;
}

export function createItem(w: Writer, d: DocItem, num: ParsedItemNumber, position: number): AgendaItem {
  const item = new AgendaItem();
  item.meeting = w.meeting;
  item.body = w.body;
  item.year = num.year;
  item.sequence = num.sequence;
  item.numberSuffix = num.suffix;
  item.position =
    w.doc.kind === 'innkalling' ? position : Math.max(0, ...[...w.items.values()].map((i) => i.position)) + 1;
  item.title = d.title || `Sak ${d.number}`;
  w.em.persist(item);
  w.items.set(item.number, item);
  w.created(`sak ${item.number} ${item.title}`);
  return item;
}

export function applySubItem(w: Writer, item: AgendaItem, sub: SubItem | null, d: DocSubItem, position: number): void {
  const isNew = !sub;
  if (!sub) {
    sub = new SubItem();
    sub.agendaItem = item;
    sub.letter = d.letter;
    sub.position = position;
    sub.title = d.title;
    w.em.persist(sub);
    item.subItems.add(sub);
    w.created(`sak ${item.number} ${d.letter} ${d.title}`);
  }
  const label = `sak ${item.number} ${d.letter}`;
  if (d.title) w.set(sub, 'title', d.title, label, isNew);
  w.set(sub, 'position', position, label, isNew);
  if (w.doc.kind === 'innkalling') {
    w.set(sub, 'subtitle', d.subtitle, label, isNew);
    w.set(sub, 'introduction', d.introduction, label, isNew);
    setProposed(w, sub, d.proposedDecision, d.proposedDecision !== null && /^formuleres i møtet\.?$/i.test(d.proposedDecision.trim()), label, isNew);
  } else {
    if (d.subtitle !== null) w.set(sub, 'subtitle', d.subtitle, label, isNew);
    setNotes(w, sub, item, sub.letter, d.notes, label, isNew);
    if (d.proposedDecision !== null) setProposed(w, sub, d.proposedDecision, /^formuleres i møtet\.?$/i.test(d.proposedDecision.trim()), label, isNew);
    setDecision(w, sub, item, sub.letter, d.decision, label, isNew);
  }
  w.linkAttachments(sub, d.attachments, label, isNew);
}

export function setProposed(w: Writer, holder: AgendaItem | SubItem, text: string | null, formulated: boolean, label: string, isNew: boolean): void {
  const cur = holder.proposedDecision;
  if (text === null) {
    if (cur) {
      holder.proposedDecision = null;
      if (!isNew) w.report.updated.push(`${label}: proposedDecision → (none)`);
    }
    return;
  }
  if (cur && cur.text === text && cur.formulatedInMeeting === formulated) return;
  holder.proposedDecision = Object.assign(new ProposedDecision(), { text, formulatedInMeeting: formulated });
  if (!isNew) w.report.updated.push(`${label}: proposedDecision → ${describeValue(text)}`);
}

/** A text of an existing holder changes through the text command; a new holder's is part of creating it. */
export function changeText(w: Writer, item: AgendaItem, letter: string | null, field: MinutesField, text: string): void {
  w.texts.push({ meetingId: w.meeting.id, agendaItemId: item.id, letter, field, text, userId: w.opts.userId ?? null });
}

export function setNotes(w: Writer, holder: AgendaItem | SubItem, item: AgendaItem, letter: string | null, notes: string | null, label: string, isNew: boolean): void {
  if (isNew) {
    holder.notes = notes;
    return;
  }
  if ((holder.notes ?? '') === (notes ?? '')) return;
  changeText(w, item, letter, MinutesField.NOTES, notes ?? '');
  w.report.updated.push(`${label}: notes → ${describeValue(notes)}`);
}

export function setDecision(w: Writer, holder: AgendaItem | SubItem, item: AgendaItem, letter: string | null, d: DocDecision | null, label: string, isNew: boolean): void {
  const cur = holder.decision;
  if (d === null) {
    if (!cur) return;
    if (isNew) holder.decision = null;
    else {
      // Adoption and vote go first; the text command then drops what is left of the decision.
      Object.assign(cur, { adoptedAt: null, voteOutcome: null, votesFor: null, votesAgainst: null, votesBlank: null, dissenterIds: null });
      changeText(w, item, letter, MinutesField.DECISION, '');
      w.report.updated.push(`${label}: decision → (none)`);
    }
    return;
  }
  const vote = d.voting ? parseVotingText(d.voting) : null;
  if (d.voting && !vote) w.report.warnings.push(`${label}: voting "${d.voting}" not understood; kept out`);
  const dissenters = vote?.dissenters.length
    ? vote.dissenters.map((n) => {
        const p = w.persons.get(n);
        if (!p) w.report.warnings.push(`${label}: dissenter ${n} is not a known person`);
        return p;
      })
    : [];
  const dissenterIds = dissenters.every((p) => p?.id) && dissenters.length ? dissenters.map((p) => p!.id) : null;
  const outcome = {
    voteOutcome: vote ? VoteOutcome[vote.outcome] : null,
    votesFor: vote?.votesFor ?? null,
    votesAgainst: vote?.votesAgainst ?? null,
    votesBlank: vote?.votesBlank ?? null,
    dissenterIds,
  };
  const textChanged = (cur?.text ?? '') !== d.text;
  if (cur) {
    let changed = false;
    for (const k of Object.keys(outcome) as (keyof typeof outcome)[]) {
      if (!sameValue(cur[k], outcome[k])) {
        (cur as unknown as Record<string, unknown>)[k] = outcome[k];
        changed = true;
      }
    }
    if (textChanged && isNew) cur.text = d.text;
    else if (textChanged) changeText(w, item, letter, MinutesField.DECISION, d.text);
    if ((changed || textChanged) && !isNew) w.report.updated.push(`${label}: decision → ${describeValue(d.text)}`);
    return;
  }
  const adoptedAt = w.meeting.actualEndsAt ?? w.meeting.actualStartsAt ?? w.meeting.startsAt;
  // An existing holder gets adoption and vote here and its text from the text command (an audit entry, an event).
  holder.decision = Object.assign(new Decision(), outcome, { adoptedAt, text: isNew ? d.text : '' });
  if (!isNew) {
    changeText(w, item, letter, MinutesField.DECISION, d.text);
    w.report.updated.push(`${label}: decision → ${describeValue(d.text)}`);
  }
}
