/** Norwegian (bokmål) wording and date formatting, in the Europe/Oslo time zone the meetings are held in. */

const TZ = 'Europe/Oslo';

const dateFmt = new Intl.DateTimeFormat('nb-NO', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
const longDateFmt = new Intl.DateTimeFormat('nb-NO', { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('nb-NO', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });

export const formatDate = (iso: string) => dateFmt.format(new Date(iso));
export const formatLongDate = (iso: string) => longDateFmt.format(new Date(iso));
export const formatTime = (iso: string) => timeFmt.format(new Date(iso));
export const formatDateTime = (iso: string) => `${formatDate(iso)} kl. ${formatTime(iso)}`;

export const MEETING_STATUS: Record<string, string> = {
  PLANNED: 'Planlagt',
  NOTICE_SENT: 'Innkalling sendt',
  HELD: 'Avholdt',
  MINUTES_APPROVED: 'Referat godkjent',
};

export const ITEM_KIND: Record<string, string> = {
  DECISION: 'Vedtakssak',
  DISCUSSION: 'Drøftingssak',
  ORIENTATION: 'Orienteringssak',
  MINUTES_APPROVAL: 'Godkjenning av referat',
  ANY_OTHER_BUSINESS: 'Eventuelt',
};

export const ATTENDANCE_STATUS: Record<string, string> = {
  PRESENT: 'Til stede',
  ABSENT_WITH_NOTICE: 'Forfall',
  ABSENT: 'Ikke møtt',
};

export const ATTENDANCE_ROLE: Record<string, string> = {
  MEMBER: 'Medlem',
  SUBSTITUTE: 'Vara',
  SECRETARIAT: 'Sekretariatet',
  GUEST: 'Gjest',
};

export const VOTE_OUTCOME: Record<string, string> = {
  UNANIMOUS: 'Enstemmig',
  MAJORITY: 'Flertall',
  CASTING_VOTE: 'Avgjort ved møteleders dobbeltstemme',
  REJECTED: 'Forkastet',
};

export const VERSION_REASON: Record<string, string> = {
  NOTICE_SENT: 'Innkalling sendt',
  SENT_FOR_APPROVAL: 'Sendt til godkjenning',
  APPROVED: 'Godkjent',
  MANUAL: 'Lagret manuelt',
};

/** "2017-09-14" and "09:00" in Oslo time → an ISO instant. */
export function osloInstant(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  // Guess UTC, then correct by the zone offset Oslo has at that instant (twice, across a DST change).
  let t = Date.UTC(y, m - 1, d, hh, mm);
  for (let i = 0; i < 2; i++) t = Date.UTC(y, m - 1, d, hh, mm) - offsetMs(new Date(t));
  return new Date(t).toISOString();
}

function offsetMs(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** A colour for a name, from a palette readable as white text and as a caret beside black text. */
export function colorFor(name: string): string {
  const palette = ['#b3261e', '#1a6b3c', '#1f4e9e', '#8a3ab9', '#a15c00', '#00697a', '#9c2a6b', '#4a5a00'];
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) | 0;
  return palette[Math.abs(hash) % palette.length]!;
}

/** File sizes as Norwegians write them, in steps of 1024 as the server's limits are: "820 byte", "14,2 kB", "3,4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'kB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MB'] : [bytes / 1024 ** 3, 'GB'];
  return `${new Intl.NumberFormat('nb-NO', { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ${unit}`;
}

/** The kinds of file a vedlegg can be (the server detects them from the content). */
export const FILE_TYPE: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument-tekst (ODT)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'image/png': 'PNG-bilde',
  'image/jpeg': 'JPEG-bilde',
};
