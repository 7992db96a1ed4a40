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
