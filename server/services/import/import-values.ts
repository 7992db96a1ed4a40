/** The values an import compares, names and derives: slugs, kinds of bodies and items, how the report shows a value. */
import { AgendaItem, Meeting, Person } from '../../../schema/entities/index.js';
import { AgendaItemKind, BodyKind } from '../../../schema/enums.js';
import { formatClock, formatShortDate, type CalendarDate } from '../../documents/norwegian-dates.js';

export const DEFAULT_ORGANISATION = 'Vestregionen';

/** "Rådmannsgruppen" → "radmannsgruppen". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The kind of a body from its name. */
export function bodyKindFor(name: string): BodyKind {
  if (/rådmann|kommunedirektør|administrativ/i.test(name)) return BodyKind.EXECUTIVE_GROUP;
  if (/styr/i.test(name)) return BodyKind.STEERING_GROUP;
  if (/generalforsamling|representantskap|årsmøte/i.test(name)) return BodyKind.GENERAL_ASSEMBLY;
  return BodyKind.OTHER;
}

/**
 * The kind of an item from its title and texts: "Eventuelt" → any other business; "Referat/Protokoll fra møte i
 * <this body>" → minutes approval, from another body → orientation; "orientering" → orientation; "til drøfting" →
 * discussion; "… tas til orientering" → orientation; an item that only holds sub-items → orientation; else decision.
 */
export function itemKindFor(
  item: { title: string; introduction: string | null; notes: string | null; proposed: string | null; decision: string | null; hasSubItems: boolean },
  bodyName: string,
): AgendaItemKind {
  const title = item.title.trim();
  if (/^eventuelt\b/i.test(title)) return AgendaItemKind.ANY_OTHER_BUSINESS;
  const minutes = /^(referat|protokoll)\b.*?\bfra\b(.*)$/i.exec(title);
  if (minutes) {
    const own = bodyName.toLowerCase();
    const rest = minutes[2]!.toLowerCase();
    const stem = own.replace(/(en|et|a)$/, '');
    return rest.includes(own) || (stem.length > 4 && rest.includes(stem) && !/generalforsamling/.test(rest))
      ? AgendaItemKind.MINUTES_APPROVAL
      : AgendaItemKind.ORIENTATION;
  }
  if (/orienter/i.test(title)) return AgendaItemKind.ORIENTATION;
  const texts = [title, item.introduction ?? '', item.notes ?? ''].join('\n');
  if (/drøft|diskus/i.test(texts) && !/tas til orientering/i.test(item.proposed ?? '')) return AgendaItemKind.DISCUSSION;
  const proposal = `${item.proposed ?? ''}\n${item.decision ?? ''}`;
  if (/til orientering/i.test(proposal)) return AgendaItemKind.ORIENTATION;
  if (!item.proposed && !item.decision && (item.hasSubItems || /^(informasjon|meldinger|referatsaker)\b/i.test(title))) {
    return AgendaItemKind.ORIENTATION;
  }
  return AgendaItemKind.DECISION;
}

export const isoDay = (d: CalendarDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (a ?? null) === (b ?? null);
}

/** A value as the report shows it: texts shortened, instants in Oslo time, records by name or number. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (value instanceof Date) return `${formatShortDate(value)} ${formatClock(value)}`;
  if (value instanceof AgendaItem) return `sak ${value.number}`;
  if (value instanceof Person) return value.name;
  if (value instanceof Meeting) return `meeting ${formatShortDate(value.startsAt)}`;
  if (typeof value === 'string') {
    const one = value.replace(/\s+/g, ' ');
    return JSON.stringify(one.length > 60 ? `${one.slice(0, 59)}…` : one);
  }
  return String(value);
}

export const ATTENDANCE_WORD: Record<string, string> = {
  PRESENT: 'til stede',
  SECRETARIAT: 'sekretariatet',
  ABSENT_WITH_NOTICE: 'forfall',
};

