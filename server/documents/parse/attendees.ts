/**
 * Attendance lists as printed ("Erik Kjeldstadli, Bærum, Kjersti H. Berulf, …"), and item numbers as attendance
 * parentheticals print them ("(fra sak 25/2017)").
 */
import { formatItemNumber, parseItemNumber } from '../../../schema/item-number.js';
import type { DocAttendee } from '../../../schema/meeting-document.js';
import { isKnownPlace } from './places.js';


export interface AttendeeProblem {
  text: string;
}

/** Item numbers still as printed; normalised with the meeting year at the end. */
type RawAttendee = DocAttendee;

const PAREN = /\(([^()]*)\)/g;

/** Reads a parenthetical after a name: "(fra sak 25/2017)", "(til og med sak 27/2017)", "(Bærum)". */
function applyParenthetical(a: RawAttendee, inner: string, problems: AttendeeProblem[]): void {
  const t = inner.trim();
  const from = /^(?:til stede\s+)?(?:fra|f\.o\.m\.?|fra og med)\s+sak\s+(\S+?)(?:\s+(?:til og med|t\.o\.m\.?|til)\s+sak\s+(\S+?))?\.?$/i.exec(t);
  if (from) {
    a.fromItem = from[1]!;
    if (from[2]) a.untilItem = from[2];
    return;
  }
  const until = /^(?:til stede\s+)?(?:til og med|t\.o\.m\.?|til|fram til og med|frem til og med)\s+sak\s+(\S+?)\.?$/i.exec(t);
  if (until) {
    a.untilItem = until[1]!;
    return;
  }
  if (isKnownPlace(t) && a.municipality === null) {
    a.municipality = t;
    return;
  }
  problems.push({ text: `(${inner})` });
}

function newAttendee(name: string): RawAttendee {
  return { name, municipality: null, substituteFor: null, fromItem: null, untilItem: null };
}

/** "Steinar Valstad for Trond Julin" → the name and the member stood in for. */
function splitSubstitute(text: string): { name: string; substituteFor: string | null } {
  const m = /^(.+?)\s+(?:\(?vara\)?\s+)?(?:for|i stedet for|vara for|som vara for)\s+(.+)$/i.exec(text);
  if (m) return { name: m[1]!.trim(), substituteFor: m[2]!.trim() };
  return { name: text.trim(), substituteFor: null };
}

/** "Bente Gravdal Lier" → { name: "Bente Gravdal", place: "Lier" } when the name keeps at least two words. */
function trailingPlace(text: string): { rest: string; place: string } | null {
  const words = text.split(/\s+/);
  for (let n = Math.min(3, words.length - 2); n >= 1; n--) {
    const place = words.slice(words.length - n).join(' ');
    if (isKnownPlace(place) && /^\p{Lu}/u.test(place)) return { rest: words.slice(0, words.length - n).join(' '), place };
  }
  return null;
}

function looksLikePlaceToken(token: string, previous: RawAttendee | undefined): boolean {
  if (isKnownPlace(token)) return true;
  // A single capitalised word after a full name with no place yet: an unknown place ("Eiker", "Vestregionen").
  return Boolean(
    previous &&
      previous.municipality === null &&
      previous.name.split(/\s+/).length >= 2 &&
      /^\p{Lu}[\p{L}-]*$/u.test(token),
  );
}

/** Splits a token on " og " ("Kjetil Axelsen og Kari Engen Sørensen"), but not a place such as "Nore og Uvdal". */
function splitOg(token: string): string[] {
  if (!/\sog\s/.test(token) || isKnownPlace(token)) return [token];
  const parts = token.split(/\s+og\s+/);
  // Keep a trailing place like "Sogn og Fjordane" together.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i + 1 < parts.length && isKnownPlace(`${parts[i]} og ${parts[i + 1]}`)) {
      out.push(`${parts[i]} og ${parts[i + 1]}`);
      i++;
    } else out.push(parts[i]!);
  }
  return out;
}

/** One entry "Name[, Place][ (fra sak N)]" of a list whose entries are already separated (";" or bullets). */
function parseEntry(entry: string, problems: AttendeeProblem[]): RawAttendee | null {
  const parens: string[] = [];
  const bare = entry.replace(PAREN, (_, inner: string) => {
    parens.push(inner);
    return ' ';
  });
  const text = bare.replace(/\s+/g, ' ').trim().replace(/[.,]$/, '');
  if (!text) return null;
  const comma = text.indexOf(',');
  const who = comma >= 0 ? text.slice(0, comma).trim() : text;
  const place = comma >= 0 ? text.slice(comma + 1).trim() : '';
  const { name, substituteFor } = splitSubstitute(who);
  const a = newAttendee(name);
  a.substituteFor = substituteFor;
  a.municipality = place || null;
  for (const p of parens) applyParenthetical(a, p, problems);
  return a;
}

/**
 * An attendance list as printed. Either one entry per line / separated by ";" ("Name, Place; Name, Place"), or
 * the customary single comma-separated line where the municipality follows the name ("Erik Kjeldstadli, Bærum,
 * Kjersti H. Berulf, Lars J. Tveit, Hurum, Steinar Valstad for Trond Julin, Drammen, Bente Gravdal Lier, …,
 * Per Morstad, Røyken (fra sak 25/2017)"); "og" before the last name.
 */
export function parseAttendeeList(
  value: string,
  opts: { entries?: string[] } = {},
): { attendees: DocAttendee[]; problems: AttendeeProblem[] } {
  const problems: AttendeeProblem[] = [];
  const attendees: RawAttendee[] = [];
  if (opts.entries?.length || value.includes(';')) {
    const entries = opts.entries?.length ? opts.entries : value.split(';');
    for (const e of entries) {
      const a = parseEntry(e, problems);
      if (a) attendees.push(a);
    }
    return { attendees, problems };
  }

  // Tokens, each with the parentheticals printed inside or right after it.
  const tokens: { text: string; parens: string[] }[] = [];
  for (const rawToken of value.split(',')) {
    const parens: string[] = [];
    const t = rawToken
      .replace(PAREN, (_, inner: string) => {
        parens.push(inner);
        return ' ';
      })
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\.$/, '');
    const pieces = t ? splitOg(t) : [];
    if (!pieces.length) {
      if (parens.length && tokens.length) tokens[tokens.length - 1]!.parens.push(...parens);
      continue;
    }
    pieces.forEach((p, i) => tokens.push({ text: p, parens: i === pieces.length - 1 ? parens : [] }));
  }

  for (let i = 0; i < tokens.length; i++) {
    const { text, parens } = tokens[i]!;
    const last = attendees[attendees.length - 1];
    if (last && last.municipality === null && looksLikePlaceToken(text, last)) {
      last.municipality = text;
    } else {
      let { name, substituteFor } = splitSubstitute(text);
      let place: string | null = null;
      const next = tokens[i + 1];
      const nextIsPlace = next ? isKnownPlace(next.text) : false;
      if (!nextIsPlace) {
        // "Bente Gravdal Lier, Øyvind Brandt, …": the comma before the municipality is missing.
        const target = substituteFor ?? name;
        const tp = trailingPlace(target);
        if (tp) {
          place = tp.place;
          if (substituteFor) substituteFor = tp.rest;
          else name = tp.rest;
        }
      }
      const a = newAttendee(name);
      a.substituteFor = substituteFor;
      a.municipality = place;
      attendees.push(a);
    }
    const owner = attendees[attendees.length - 1]!;
    for (const p of parens) applyParenthetical(owner, p, problems);
  }
  return { attendees, problems };
}

/** "25/2017", "25" (with the meeting year), "sak 25/17" → "25/2017"; null when it is no item number. */
export function normaliseItemNumber(text: string, year: number | null): string | null {
  const t = text.trim().replace(/[.,;:)]+$/, '');
  const p = parseItemNumber(t);
  if (p) return formatItemNumber(p.sequence, p.year, p.suffix);
  const bare = /^(?:sak\s*)?(\d{1,4})\s*([a-zæøå]?)$/i.exec(t);
  if (bare && year) return formatItemNumber(Number(bare[1]), year, bare[2]!.toLowerCase());
  return null;
}

