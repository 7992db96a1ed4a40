/**
 * Norwegian dates and times as meeting documents print them ("Torsdag 14.09.2017 kl. 09.00 – 12.00",
 * "14. september 2017", "kl 9-11", "09:00–11:00"), and the Europe/Oslo wall clock they refer to.
 */

export const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'] as const;
export const MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
] as const;

/** Month names and the abbreviations documents use ("sept.", "okt."), to month number 1–12. */
const MONTH_LOOKUP: Record<string, number> = (() => {
  const out: Record<string, number> = {};
  MONTHS.forEach((m, i) => {
    out[m] = i + 1;
    out[m.slice(0, 3)] = i + 1;
  });
  Object.assign(out, { sept: 9, sep: 9, des: 12, okt: 10, mai: 5 });
  return out;
})();

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface ClockTime {
  hour: number;
  minute: number;
}

const TZ = 'Europe/Oslo';
/** Made on first use: creating it (ICU's time zone data) was ≈ 10 ms of every start, before anything asked for a date. */
let partsFormat: Intl.DateTimeFormat | undefined;
const newPartsFormat = () => new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The Oslo wall clock of an instant. */
export function osloParts(d: Date): CalendarDate & ClockTime & { second: number; weekday: number } {
  const f = Object.fromEntries((partsFormat ??= newPartsFormat()).formatToParts(d).map((p) => [p.type, p.value]));
  return {
    year: Number(f.year),
    month: Number(f.month),
    day: Number(f.day),
    hour: Number(f.hour),
    minute: Number(f.minute),
    second: Number(f.second),
    weekday: WEEKDAY_INDEX[f.weekday!] ?? 0,
  };
}

/** Years by instant (ms), bounded: Meeting.year is asked on every read of a meeting and Intl's formatToParts is slow. */
const yearOf = new Map<number, number>();

/** The calendar year in Oslo of an instant (as osloParts(d).year). */
export function osloYear(d: Date): number {
  const ms = d.getTime();
  let year = yearOf.get(ms);
  if (year === undefined) {
    if (yearOf.size >= 4096) yearOf.clear();
    yearOf.set(ms, (year = osloParts(d).year));
  }
  return year;
}

/** The instant at which Oslo's wall clock shows the given date and time. */
export function osloInstant(date: CalendarDate, time: ClockTime = { hour: 0, minute: 0 }): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = osloParts(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const diff = shown - wall;
    if (diff === 0) break;
    guess -= diff;
  }
  return new Date(guess);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO 8601 with Oslo's offset of the day: "2017-09-14T09:00:00+02:00". */
export function osloIso(d: Date): string {
  const p = osloParts(d);
  const offsetMin = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(d.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The calendar day in Oslo of an instant. */
export function osloCalendarDate(d: Date): CalendarDate {
  const p = osloParts(d);
  return { year: p.year, month: p.month, day: p.day };
}

/** First and last instant (exclusive) of an Oslo calendar day. */
export function osloDayRange(date: CalendarDate): { from: Date; to: Date } {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return {
    from: osloInstant(date),
    to: osloInstant({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }),
  };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "14.09.2017" */
export function formatShortDate(d: Date): string {
  const p = osloParts(d);
  return `${pad(p.day)}.${pad(p.month)}.${p.year}`;
}

/** "14. september 2017" */
export function formatLongDate(d: Date): string {
  const p = osloParts(d);
  return `${p.day}. ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "Torsdag" */
export function formatWeekday(d: Date): string {
  return capitalise(WEEKDAYS[osloParts(d).weekday]!);
}

/** "09.00" */
export function formatClock(d: Date): string {
  const p = osloParts(d);
  return `${pad(p.hour)}.${pad(p.minute)}`;
}

/**
 * "Torsdag 14.09.2017 kl. 09.00 – 12.00" (en dash); without an end, "Torsdag 14.09.2017 kl. 09.00"; an end on another
 * day gets its own weekday and date: "Lørdag 24.03.2018 kl. 22.00 – søndag 25.03.2018 kl. 10.00".
 */
export function formatTid(start: Date, end: Date | null): string {
  const base = `${formatWeekday(start)} ${formatShortDate(start)} kl. ${formatClock(start)}`;
  if (!end) return base;
  const sameDay = formatShortDate(start) === formatShortDate(end);
  return sameDay
    ? `${base} – ${formatClock(end)}`
    : `${base} – ${WEEKDAYS[osloParts(end).weekday]} ${formatShortDate(end)} kl. ${formatClock(end)}`;
}

function validDate(year: number, month: number, day: number): CalendarDate | null {
  if (year < 100) year += 2000;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null;
  return { year, month, day };
}

export interface FoundDate extends CalendarDate {
  /** Where in the text the date was found, and how long it is. */
  index: number;
  length: number;
}

/**
 * Every date in a text, in order: "14.09.2017", "14.9.17", "14. september 2017", "14 sept. 2017", "27.april 2006",
 * and the doubled month of a broken PDF text ("26. september september 2012").
 */
export function findDates(text: string): FoundDate[] {
  const candidates: FoundDate[] = [];
  const numeric = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])/g;
  for (const m of text.matchAll(numeric)) {
    const d = validDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (d) candidates.push({ ...d, index: m.index, length: m[0].length });
  }
  const long = /(?<!\d)(\d{1,2})\.?\s*(\p{L}+)\.?(?:\s+\2)?\s+(\d{4})(?!\d)/giu;
  for (const m of text.matchAll(long)) {
    const month = MONTH_LOOKUP[m[2]!.toLowerCase()];
    if (!month) continue;
    const d = validDate(Number(m[3]), month, Number(m[1]));
    if (d) candidates.push({ ...d, index: m.index, length: m[0].length });
  }
  return candidates.sort((a, b) => a.index - b.index);
}

/** The first date in a text (see findDates). */
export function findDate(text: string): FoundDate | null {
  return findDates(text)[0] ?? null;
}

/** A day and month without a year: "15. januar", "den 3. mai". */
export function findDayMonth(text: string): { month: number; day: number; index: number } | null {
  for (const m of text.matchAll(/(?<![\d.])(\d{1,2})\.\s*(\p{L}+)(?!\s*\d)/gu)) {
    const month = MONTH_LOOKUP[m[2]!.toLowerCase()];
    if (month && Number(m[1]) >= 1 && Number(m[1]) <= 31) return { month, day: Number(m[1]), index: m.index };
  }
  return null;
}

/** All "DD.MM.YYYY" dates in a text, with where they are. */
export function findNumericDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(/(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/g)) {
    const d = validDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (d) out.push({ ...d, index: m.index, length: m[0].length });
  }
  return out;
}

function clock(h: string, m: string | undefined): ClockTime | null {
  const hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (hour > 24 || minute > 59) return null;
  return { hour: hour === 24 ? 23 : hour, minute: hour === 24 ? 59 : minute };
}

/**
 * Start and end time in a text without its date: "kl. 09.00 – 12.00", "kl 9-11", "09:00–11:00",
 * "fra kl. 10.00 til kl. 12.00", "kl. 10".
 */
export function findTimes(text: string): { start: ClockTime; end: ClockTime | null } | null {
  const range =
    /(?:kl\.?\s*)?(?<![\d.:])(\d{1,2})(?:[.:](\d{2}))?\s*(?:-|–|—|til)\s*(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?(?![\d])/i;
  const r = range.exec(text);
  if (r && (/kl/i.test(r[0]) || r[2] !== undefined || r[4] !== undefined)) {
    const start = clock(r[1]!, r[2]);
    const end = clock(r[3]!, r[4]);
    if (start && end) return { start, end };
  }
  const single = /(?:kl\.?\s*(\d{1,2})(?:[.:](\d{2}))?|(?<![\d.:])(\d{1,2})[.:](\d{2})(?![\d]))/i.exec(text);
  if (single) {
    const start = single[1] !== undefined ? clock(single[1], single[2]) : clock(single[3]!, single[4]);
    if (start) return { start, end: null };
  }
  return null;
}

/**
 * A "Tid:" value: date (or the fallback date, e.g. from the heading) and times, as instants.
 * Returns null when no date can be found.
 */
export function parseTid(
  text: string,
  fallback: CalendarDate | null,
): { date: CalendarDate; start: Date; end: Date | null; timeGiven: boolean } | null {
  const found = findDate(text);
  const date = found ?? fallback;
  if (!date) return null;
  const rest = found ? `${text.slice(0, found.index)} ${text.slice(found.index + found.length)}` : text;
  const times = findTimes(rest);
  const startClock = times?.start ?? { hour: 9, minute: 0 };
  const start = osloInstant(date, startClock);
  let end: Date | null = null;
  if (times?.end) {
    end = osloInstant(date, times.end);
    if (end.getTime() <= start.getTime()) end = null;
  }
  return { date: { year: date.year, month: date.month, day: date.day }, start, end, timeGiven: times !== null };
}

/** The instants a Norwegian calendar year spans, [start, end): from 1 January 00.00 to the next 1 January, in Oslo. */
export function osloYearRange(year: number): { start: Date; end: Date } {
  return { start: osloInstant({ year, month: 1, day: 1 }), end: osloInstant({ year: year + 1, month: 1, day: 1 }) };
}

/**
 * osloIso with the milliseconds kept when there are any (open data: a harvester passes a `modified` back as
 * `modified_since`, and must not miss a change made within the same second).
 */
export function osloIsoPrecise(d: Date): string {
  const ms = ((d.getTime() % 1000) + 1000) % 1000;
  const iso = osloIso(d);
  return ms ? `${iso.slice(0, 19)}.${String(ms).padStart(3, '0')}${iso.slice(19)}` : iso;
}
