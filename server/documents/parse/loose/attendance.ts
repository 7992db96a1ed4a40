/**
 * Attendance in a real document: the lists under "Til stede", "Følgende representanter møtte", "DESSE MØTTE",
 * "Møtende (vara)medlemmer", "Forfall", "Ikke møtt", "Fra administrasjonen", "Dessuten møtte" … wherever they stand
 * (flattened transcripts run them into one line), and the counts documents state in words ("Til stede: 35
 * representanter", "møtte: 35 av 37", "16 av 18 medlemmer var tilstede").
 */
import type { DocAttendee } from '../../../../schema/meeting-document.js';
import { readEntries } from './attendance-entries.js';

type Role = 'present' | 'substitute' | 'absent' | 'staff' | 'stop';

const LABELS: { role: Role; re: RegExp }[] = [
  { role: 'staff', re: /\btil\s*stede fra administrasjonen\s*:?/giu },
  { role: 'absent', re: /\bfaste medlemmer som ikke møtte\s*:?/giu },
  { role: 'absent', re: /\bfølgende (?:faste )?medlemmer (?:hadde|meldte) forfall\s*:?/giu },
  { role: 'absent', re: /\bforfall\/møtte ikkje(?:\s+parti)?/giu },
  { role: 'present', re: /\bfaste medlemmer som møtte\s*:?/giu },
  { role: 'present', re: /\bfølgende (?:faste )?(?:representanter|medlemmer(?:\/varamedlemmer)?) møtte\s*:?/giu },
  { role: 'present', re: /\bdesse (?:medlemmene )?møtte\s*:?/giu },
  { role: 'present', re: /\bmøtende (?:faste )?medlemmer\s*:?/giu },
  { role: 'present', re: /\b(?:innkalte\s+)?(?:møtt(?:e)?\s+)?fra styret\s*:/giu },
  { role: 'present', re: /(?<![\p{L}])(?:til\s?stede|tilstede)\s*:/giu },
  { role: 'substitute', re: /\b(?:møtende varamedlemmer|følgjande varamedl\.? møtte(?:\s+parti)?|følgende varamedlemmer møtte|varamedlemmer som møtte)\s*:?/giu },
  { role: 'absent', re: /\b(?:meldt\s+)?forfall\s*:/giu },
  { role: 'absent', re: /\bFORFALL\b/gu },
  { role: 'absent', re: /\b(?:ikke møtt|fraværende)\s*:/giu },
  { role: 'staff', re: /\b(?:fra administrasjonen(?: møtte)?|frå adm(?:\.|inistrasjonen)? møtte|dessuten møtte|DESSUTAN MØTTE|fra sekretariatet)\s*:?/giu },
  { role: 'staff', re: /(?:^|\n)\s*(?:[Ff]ra \p{Lu}\p{L}*|[Aa]ndre)\s*:/gu },
  { role: 'present', re: /\bNavn\s*Parti\s*Funksjon\s*Møter(?:\s*Merknad)?/gu },
  {
    role: 'stop',
    re: /\b(?:møteleiar|møteleder|møtested|sted|saksnr|saknr|underskrifter|utlevert i møtet|orientering|merknader til innkallinga|ugilde|sakliste|saksliste|dagsorden|sak nr\.|møteleiar)\s*:?|\bMØTELEIAR\b|\bSAKSLISTE\b|\bMERKNADER\b/giu,
  },
];

export interface Attendance {
  present: DocAttendee[];
  absent: DocAttendee[];
  secretariat: DocAttendee[];
  presentCount: number | null;
  absentCount: number | null;
  /** Where the lists stand in the text (so item texts leave them out). */
  spans: { start: number; end: number }[];
  warnings: string[];
}

interface Label {
  role: Role;
  start: number;
  end: number;
}

function labels(text: string): Label[] {
  const found: Label[] = [];
  for (const { role, re } of LABELS) {
    for (const m of text.matchAll(re)) {
      const start = m.index + (m[0].startsWith('\n') ? m[0].indexOf(m[0].trim()[0]!) : 0);
      const end = m.index + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ role, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The counts a document states in words. */
export function statedCounts(text: string): { present: number | null; absent: number | null } {
  let m = /møtte\s*:\s*(\d{1,3})\s+av\s+(\d{1,3})/iu.exec(text) ?? /(\d{1,3})\s+av\s+(\d{1,3})\s+(?:medlemmer|representanter)\s+(?:var\s+)?(?:til\s?stede|møtte)/iu.exec(text);
  if (m && Number(m[2]) >= Number(m[1])) return { present: Number(m[1]), absent: Number(m[2]) - Number(m[1]) };
  m = /(?:til\s?stede|tilstede)\s*:?\s*(\d{1,3})\s+(?:representanter|medlemmer|personer)/iu.exec(text);
  if (m) return { present: Number(m[1]), absent: null };
  return { present: null, absent: null };
}

/**
 * Reads every attendance list up to `limit` (where the items begin) and beyond it when the list stands after the
 * agenda; `itemStarts` end a list where an item begins.
 */
export function readAttendance(text: string, itemStarts: number[]): Attendance {
  const out: Attendance = { present: [], absent: [], secretariat: [], presentCount: null, absentCount: null, spans: [], warnings: [] };
  const ls = labels(text);
  const seen = new Set<Role>();
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (l.role === 'stop') continue;
    // A label run ("Sted: Tilstede: Nes: Eidsvoll: …"): the values follow the last label of the run.
    let end = text.length;
    let runEnd = l.end;
    for (let j = i + 1; j < ls.length; j++) {
      if (ls[j]!.start > runEnd + 1) {
        end = ls[j]!.start;
        break;
      }
      runEnd = Math.max(runEnd, ls[j]!.end);
    }
    const nextItem = itemStarts.find((s) => s >= l.end);
    if (nextItem !== undefined) end = Math.min(end, nextItem);
    end = Math.min(end, l.end + 4000);
    let region = text.slice(runEnd, end);
    // A list that starts on the label's own line ends with its paragraph.
    const sameLine = /^[ \t]*\S/.exec(region);
    const paragraphEnd = sameLine ? /\n[ \t]*\n/.exec(region) : null;
    if (paragraphEnd) {
      end = runEnd + paragraphEnd.index;
      region = region.slice(0, paragraphEnd.index);
    }
    // Values of a flattened label run: municipality labels ("Nes: Eidsvoll: … ØRU :") come before them.
    const run = /^(?:\s*[\p{L}. ]{1,25}\s?:){2,}/u.exec(region);
    if (run && l.role === 'present') region = region.slice(run[0].length);
    if (seen.has(l.role) && l.role !== 'staff' && l.role !== 'substitute') continue;
    const count = /^\s*(\d{1,3})\s+(?:representanter|medlemmer|personer)\b/iu.exec(region);
    if (count) {
      out.spans.push({ start: l.start, end });
      continue;
    }
    const entries = readEntries(region);
    if (!entries.attendees.length && !entries.count && !entries.absentees?.length) continue;
    seen.add(l.role);
    out.spans.push({ start: l.start, end });
    out.warnings.push(...entries.warnings);
    if (l.role === 'present' || l.role === 'substitute') {
      for (const a of entries.attendees) out.present.push(l.role === 'substitute' ? { ...a, role: a.role ?? 'vara' } : a);
      out.absent.push(...(entries.absentees ?? []));
      if (entries.count !== null) out.presentCount = (out.presentCount ?? 0) + entries.count;
    } else if (l.role === 'absent') out.absent.push(...entries.attendees);
    else out.secretariat.push(...entries.attendees);
  }
  const stated = statedCounts(text);
  if (stated.present !== null) out.presentCount = stated.present;
  if (stated.absent !== null) out.absentCount = stated.absent;
  return out;
}

/** Present and absent as counted: a stated count wins over the names listed; names listed win over an implied count. */
export function attendanceCounts(doc: { present: DocAttendee[]; absent: DocAttendee[]; presentCount?: number | null; absentCount?: number | null }): {
  present: number;
  absent: number;
  substitutes: number;
} {
  return {
    present: doc.presentCount ?? doc.present.length,
    absent: doc.absent.length || (doc.absentCount ?? 0),
    substitutes: doc.present.filter((a) => a.substituteFor || /vara/i.test(a.role ?? '') || /vara/i.test(a.note ?? '')).length,
  };
}
