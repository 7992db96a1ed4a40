/** References an imported item's introduction makes to earlier meetings and their items ("jf. vedtak i …"). */
import { AgendaItem, ItemReference, type Body } from '../../../schema/entities/index.js';
import { AgendaItemKind, ReferenceKind } from '../../../schema/enums.js';
import { parseItemNumber } from '../../../schema/item-number.js';
import { findNumericDates, formatShortDate, type CalendarDate } from '../../documents/norwegian-dates.js';
import type { Writer } from './document-writer.js';

export function findBody(w: Writer, hint: string | null): Body {
  if (!hint) return w.body;
  const h = hint.toLowerCase().replace(/s$/, '');
  return (
    w.bodies.find((b) => b.name.toLowerCase() === hint.toLowerCase()) ??
    w.bodies.find((b) => {
      const n = b.name.toLowerCase();
      return n.replace(/(en|et)$/, '') === h.replace(/(en|et)$/, '') || n.includes(h) || h.includes(n);
    }) ??
    w.body
  );
}

/** "Referat fra møte i Styringsgruppen" → the Styringsgruppen body, when it exists. */
export function bodyInTitle(_w: Writer, title: string): string | null {
  const m = /\bfra\s+(?:møte\s+i\s+|\p{L}+s\s+)?(\p{L}+)\s*$/iu.exec(title);
  return m ? m[1]! : null;
}

export async function applyReferences(w: Writer, item: AgendaItem, label: string, isNew: boolean): Promise<void> {
  const text = item.introduction ?? '';
  const cites: { citation: string; bodyHint: string | null; date: CalendarDate; itemNumber: string | null }[] = [];
  const taken: [number, number][] = [];
  const overlaps = (i: number, len: number) => taken.some(([a, b]) => i < b && i + len > a);
  const patterns: [RegExp, (m: RegExpExecArray) => { bodyHint: string | null; itemNumber: string | null }][] = [
    [
      /\bjf\.?\s+vedtak\s+i\s+(\p{L}+)\s+(\d{1,2}\.\d{1,2}\.\d{4})(?:,\s*sak\s+(\d{1,4}\s*\/\s*\d{2,4}))?/giu,
      (m) => ({ bodyHint: m[1]!, itemNumber: m[3] ?? null }),
    ],
    [
      /\b(?:referat|protokoll)\s+fra\s+(møte|generalforsamling)(?:\s+i\s+(\p{L}+))?\s+\d{1,2}\.\d{1,2}\.\d{4}/giu,
      (m) => ({
        bodyHint: m[1]!.toLowerCase() === 'generalforsamling' ? 'generalforsamling' : (m[2] ?? bodyInTitle(w, item.title)),
        itemNumber: null,
      }),
    ],
    [
      /\b(møte|generalforsamling(?:en)?)\s+(?:i\s+(\p{L}+)\s+)?\d{1,2}\.\d{1,2}\.\d{4}/giu,
      (m) => ({
        bodyHint: /^generalforsamling/i.test(m[1]!) ? 'generalforsamling' : (m[2] ?? bodyInTitle(w, item.title)),
        itemNumber: null,
      }),
    ],
  ];
  for (const [re, hint] of patterns) {
    for (const m of text.matchAll(re)) {
      if (overlaps(m.index, m[0].length)) continue;
      const date = findNumericDates(m[0])[0];
      if (!date) continue;
      taken.push([m.index, m.index + m[0].length]);
      cites.push({ citation: m[0], date, ...hint(m as RegExpExecArray) });
    }
  }

  const existing = isNew ? [] : item.references.getItems();
  for (const c of cites) {
    const body = findBody(w, c.bodyHint);
    let target: AgendaItem | null = null;
    if (c.itemNumber) {
      const n = parseItemNumber(c.itemNumber);
      if (n && body.id) {
        target = await w.em.findOne(
          AgendaItem,
          { body, year: n.year, sequence: n.sequence, numberSuffix: n.suffix },
          { populate: ['meeting'] },
        );
      }
    }
    const meeting = target?.meeting ?? (await w.meetingOn(body, c.date));
    if (!meeting || meeting === w.meeting) continue;
    if (existing.some((r) => r.citation === c.citation)) continue;
    const ref = new ItemReference();
    ref.agendaItem = item;
    ref.kind = target ? ReferenceKind.AGENDA_ITEM : ReferenceKind.MEETING;
    ref.meeting = meeting;
    ref.item = target;
    ref.citation = c.citation;
    w.em.persist(ref);
    item.references.add(ref);
    w.created(`reference ${label} → ${body.name} ${formatShortDate(meeting.startsAt)} ("${c.citation}")`);
  }

  if (item.kind === AgendaItemKind.MINUTES_APPROVAL) {
    const source = `${item.title}\n${item.introduction ?? ''}\n${item.notes ?? ''}`;
    const m = /\bmøte\s+(\d{1,2}\.\d{1,2}\.\d{4})/i.exec(source);
    const date = m ? findNumericDates(m[1]!)[0] : undefined;
    const previous = date ? await w.meetingOn(w.body, date) : null;
    if (previous && previous !== w.meeting) w.set(item, 'approvesMinutesOf', previous, label, isNew);
  }
}

