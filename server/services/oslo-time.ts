const TZ = 'Europe/Oslo';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function fields(d: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(d).map((p) => [p.type, p.value]));
}

/** The calendar year in Norway of an instant: item numbers belong to it. */
export function osloYear(d: Date): number {
  return Number(fields(d).year);
}

/** "14.09.2017" */
export function osloDate(d: Date): string {
  const f = fields(d);
  return `${f.day}.${f.month}.${f.year}`;
}

/** "09.00" */
export function osloTime(d: Date): string {
  const f = fields(d);
  return `${f.hour}.${f.minute}`;
}

/**
 * The instants a Norwegian calendar year spans, [start, end): 1 January 00.00 in Oslo is 23.00 UTC the day before
 * (winter time, UTC+1, every year since summer time was last used in winter).
 */
export function osloYearRange(year: number): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(year - 1, 11, 31, 23)), end: new Date(Date.UTC(year, 11, 31, 23)) };
}

const withSeconds = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * ISO 8601 in Oslo wall-clock time with the offset of that instant: "2017-09-14T09:00:00+02:00" (open data);
 * milliseconds are kept when there are any, so that a harvester can pass a `modified` back as `modified_since`.
 */
export function osloIsoString(d: Date): string {
  const f = Object.fromEntries(withSeconds.formatToParts(d).map((p) => [p.type, p.value])) as Record<string, string>;
  const wall = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  const offset = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60000);
  const abs = Math.abs(offset);
  const ms = d.getTime() % 1000 ? `.${String(((d.getTime() % 1000) + 1000) % 1000).padStart(3, '0')}` : '';
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}:${f.second}${ms}${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
