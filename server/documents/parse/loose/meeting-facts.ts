/**
 * What a real document says about its meeting outside the items: which kind of document it is, the meeting's
 * date and time (a date after "Møtedato", "Dato", "Tid" or a weekday, or near "møte", is preferred over a letter's
 * date), the body ("Utvalg: Kommunestyret", "møte i kontrollutvalget", "Regionrådet 23. mars 2012"), the
 * organisation ("FRØYA KOMMUNE") and the place ("Møtested:", "Sted:").
 */
import type { DocumentKind } from '../../../../schema/meeting-document.js';
import { findDayMonth, findDates, findTimes, type CalendarDate, type ClockTime, type FoundDate } from '../../norwegian-dates.js';

const WEEKDAY = /(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag)\s*,?\s*(?:den\s+)?$/i;
const DATE_LABEL = /(?:møtedato(?:\/tid)?|dato|tid|tidspunkt|møtetid)\s*[:.]?\s*$/i;

/** The meeting date among the dates in the text, by what is printed before each. */
export function meetingDate(texts: { text: string; weight: number }[]): CalendarDate | null {
  let best: { date: FoundDate; score: number; order: number } | null = null;
  let order = 0;
  for (const { text, weight } of texts) {
    for (const d of findDates(text)) {
      const before = text.slice(Math.max(0, d.index - 40), d.index);
      let score = weight;
      if (DATE_LABEL.test(before.slice(-22))) score += 3;
      if (WEEKDAY.test(before)) score += 2;
      if (/møte|regionråd|styremøte|kommunestyre|formannskap|representantskap|utval/i.test(before)) score += 2;
      if (/\bkl\.?\s*\d/i.test(text.slice(d.index + d.length, d.index + d.length + 12))) score += 1;
      if (/(?:referat|protokoll|møtebok)\s+fra\s+(?:siste\s+)?\S*\s*$/i.test(before) || /fra\s+møte(?:t)?\s+(?:den\s+)?$/i.test(before)) score -= 3;
      if (!best || score > best.score) best = { date: d, score, order: order++ };
    }
  }
  return best ? { year: best.date.year, month: best.date.month, day: best.date.day } : null;
}

/** "15. januar" with the year the items print ("001/15"), when the text gives no whole date. */
export function dateFromDayMonth(text: string, year: number | null): CalendarDate | null {
  if (!year) return null;
  const dm = findDayMonth(text);
  return dm ? { year, month: dm.month, day: dm.day } : null;
}

/** A date in a file name ("kst-2015-08-27.pdf", "27.08.2015.docx", "20150827"). */
export function dateFromFileName(name: string): CalendarDate | null {
  const base = name.replace(/^.*[\\/]/, '');
  const iso = /(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)/.exec(base);
  if (iso) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /(?<!\d)(\d{2})[-_.](\d{2})[-_.](\d{4})(?!\d)/.exec(base);
  if (dmy) return valid(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const compact = /(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)/.exec(base);
  if (compact) return valid(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  return null;
}

function valid(year: number, month: number, day: number): CalendarDate | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null;
}

/** Start and end time: after "Tid:", "Tidspunkt:", "Møtetid:", "Kl.:" or right after the meeting date. */
export function meetingTimes(text: string): { start: ClockTime; end: ClockTime | null } | null {
  const labelled = /(?:møtetid|tidspunkt|tid|kl)\.?\s*:?\s*(?:kl\.?\s*)?(\d{1,2}[.:]\d{2}(?![.\d])\s*(?:[-–]|til)?\s*(?:\d{1,2}[.:]\d{2}(?![.\d]))?)/gi;
  for (const m of text.matchAll(labelled)) {
    const t = findTimes(m[1]!.replace(/(\d{2})\s+(\d{1,2}[.:])/, '$1 - $2'));
    if (t) return t;
  }
  const klokka = /\bklokka\s+(\d{1,2})(?:[.:](\d{2}))?/i.exec(text);
  if (klokka) return findTimes(`kl. ${klokka[1]}${klokka[2] ? `.${klokka[2]}` : ''}`);
  // A clock time, not a date ("17.02.22").
  const loose = /(?<![\d.])(\d{1,2}[.:]\d{2})(?![.\d])\s*(?:[-–]|til)?\s*(\d{1,2}[.:]\d{2}(?![.\d]))?/.exec(text.slice(0, 600));
  if (loose) return findTimes(`kl. ${loose[1]}${loose[2] ? ` - ${loose[2]}` : ''}`);
  return null;
}

/** Names of bodies, indefinite or definite ("kommunestyre", "Formannskapet", "kontrollutvalet", "styremøte"). */
const BODY_WORDS =
  /(?<![\p{L}])(kommunestyre|bystyre|formannskap|kontrollutval|kontrollutvalg|valstyre|valgstyre|fylkesutval|fylkesutvalg|fylkesting|regionråd|representantskap|arbeidsutval|arbeidsutvalg|hovedutvalg|eldreråd|rådmannsgruppe|styringsgruppe|generalforsamling|styre)(?:t|et|a|en|møte)?(?![\p{L}])/iu;

/** "kommunestyre" → "Kommunestyret", "formannskap" → "Formannskapet", "styremøte" → "Styret". */
function definite(word: string): string {
  const w = word.toLowerCase();
  const base = w.charAt(0).toUpperCase() + w.slice(1);
  if (/(gruppe)$/.test(w)) return `${base}n`;
  if (/forsamling$/.test(w)) return `${base}en`;
  if (/e$/.test(w)) return `${base}t`;
  return `${base}et`;
}

/** The body: "Utvalg: …" when printed, else the first body word of the title or text. */
export function meetingBody(titles: string[], text: string): string | null {
  const head = text.slice(0, 2500);
  const label = /\butvalg(?:\/styre\/råd)?(?:\s*:|[ \t]{3,})\s*(?:møte i\s+)?([\p{L}][\p{L} -]*?)(?=\s+(?:i\s+\p{Lu}|møtedato|møtested|dato|tid|\n)|\s*$|\s{2,})/imu.exec(head);
  if (label) {
    const b = BODY_WORDS.exec(label[1]!);
    return b ? definite(b[1]!) : label[1]!.trim();
  }
  for (const t of [...titles, head]) {
    const b = BODY_WORDS.exec(t);
    if (b) return definite(b[1]!);
  }
  return null;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** "FRØYA KOMMUNE", "Hordaland fylkeskommune", "Vekst i Grenland IKS" near the start. */
export function meetingOrganisation(titles: string[], text: string): string | null {
  for (const t of [...titles, text.slice(0, 1500)]) {
    const m = /(?<![\p{L}])((?:\p{Lu}[\p{L}-]+\s){1,3}(?:KOMMUNE|FYLKESKOMMUNE|kommune|fylkeskommune))\b|((?:\p{Lu}[\p{L}-]*\s){1,4}IKS)\b/u.exec(t);
    if (m) {
      const org = (m[1] ?? m[2])!.trim();
      return org === org.toUpperCase() ? org.split(/\s+/).map(capitalise).join(' ').replace(/ (Kommune|Fylkeskommune)$/, (s) => s.toLowerCase()) : org;
    }
  }
  return null;
}

/** "Møtested: Kommunestyresalen, Verdal Rådhus", "Sted: Kongsberg kommune Rådhuset (formannskapssalen)". */
export function meetingPlace(text: string): string | null {
  const m = /\b(?:møtested|møtestad|møtelokale|sted|stad)\s*[:/]?\s*(?:lokaler\s*:\s*)?([^\n]{3,90}?)(?=\s+(?:tid|dato|møtedato|kl\.?|deltagere|saksnr|saknr|fra saksnr|til stede|tilstede)\b|\n|$)/iu.exec(text.slice(0, 3000));
  const place = m?.[1]?.trim().replace(/[.,:;]$/, '');
  return place && !/^(tid|dato|tilstede|til stede)\b/i.test(place) ? place : null;
}

/** Which kind of document: attendance in the past tense makes a referat; else the first heading word decides. */
export function documentKind(titles: string[], text: string): DocumentKind {
  const all = `${titles.join('\n')}\n${text}`;
  if (/\b(?:til ?stede\s*:|tilstede\s*:|møtte\s*:|desse (?:medlemmene )?møtte|følgende[\p{L}/ ]{0,40} møtte|ikke møtt|fattet følgende|vedtaket var|enstemmig vedtatt|samrøystes vedteke)/iu.test(all)) {
    return 'referat';
  }
  const m = /\b(møteprotokoll|protokoll|møtebok|referat|møtereferat|møteinnkalling|innkalling|saksliste|sakliste|saker til behandling|tilleggsdokument)\b/iu.exec(all);
  if (m && /protokoll|møtebok|referat/i.test(m[1]!)) return 'referat';
  return 'innkalling';
}
