/**
 * Document headings: "Referat fra møte i Rådmannsgruppen 14. september 2017" → body, organisation, date; and which
 * kind of document a text is.
 */
import type { DocumentKind } from '../../../schema/meeting-document.js';
import { findDate, type CalendarDate } from '../norwegian-dates.js';
import { bareLine } from './line-shapes.js';

/** "til møte i Rådmannsgruppen 14. september 2017" → body, organisation and date. */
export function parseHeadingRest(rest: string): { body: string | null; organisation: string | null; date: CalendarDate | null } {
  const found = findDate(rest);
  let text = found ? `${rest.slice(0, found.index)} ${rest.slice(found.index + found.length)}` : rest;
  text = text
    .replace(/\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b/gi, ' ')
    .replace(/^\s*(til|fra|for)\b/i, ' ')
    .replace(/^\s*(ekstraordinært\s+)?(møte|møtet)\s+(i|for)\b/i, ' ')
    .replace(/\b(møte|møtet)\s*$/i, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[-–,:]\s*|\s*[-–,:]$/g, '')
    .replace(/\s+(den|dato)$/i, '')
    .trim();
  let organisation: string | null = null;
  let body: string | null = text || null;
  if (body) {
    const inOrg = /^(.+?)\s+i\s+(\p{Lu}\S*(?:\s\p{Lu}\S*)*)$/u.exec(body);
    const possessive = /^(\p{Lu}\p{L}+)s\s+(\p{Ll}.+)$/u.exec(body);
    if (inOrg) {
      body = inOrg[1]!;
      organisation = inOrg[2]!;
    } else if (possessive) {
      organisation = possessive[1]!;
      body = possessive[2]!.charAt(0).toUpperCase() + possessive[2]!.slice(1);
    }
  }
  // "REFERAT – STYRINGSGRUPPEN": a name printed in capitals.
  if (body && body === body.toUpperCase() && /\p{Lu}{3}/u.test(body)) body = body.charAt(0) + body.slice(1).toLowerCase();
  return { body, organisation, date: found ? { year: found.year, month: found.month, day: found.day } : null };
}

/** Which kind of document a text is, from its heading; null when it has none. */
export function detectKind(text: string): DocumentKind | null {
  for (const line of text.split(/\r?\n/)) {
    const b = bareLine(line);
    if (!b) continue;
    const m = /^(innkalling|møteinnkalling|referat|møtereferat|protokoll|møteprotokoll)\b/i.exec(b);
    if (m) return /innkalling/i.test(m[1]!) ? 'innkalling' : 'referat';
  }
  if (/^\s*\**\s*vedtak\s*:/im.test(text)) return 'referat';
  if (/forslag til vedtak/i.test(text)) return 'innkalling';
  return null;
}

