/**
 * The entries of one attendance list in the layouts real documents have: bullets ("• Jan Kleppe, styreleder"),
 * groups per owner ("For Skien kommune: A og B"), "Etternamn, Fornamn (Parti)" runs, tables printed one cell per
 * line ("Navn / Funksjon / Representerer"), table rows with "Ja"/"Nei", flattened tables ("Navn Funksjon Repr Vara
 * for …"), surnames per municipality ("Blekkerud/Seland Teslo/Hovde"), and plain comma lists.
 */
import type { DocAttendee } from '../../../../schema/meeting-document.js';
import { parseAttendeeList } from '../attendees.js';
import { isKnownPlace } from '../places.js';

export interface Entries {
  attendees: DocAttendee[];
  /** Rows a table marks as not attending ("Møter: Nei"). */
  absentees?: DocAttendee[];
  /** A count the layout gives where the names cannot be told apart (names and parties in separate runs). */
  count: number | null;
  warnings: string[];
}

const ROLE =
  /^(styreleder|styrets nestleder|nestleder|leder|medlem|varamedlem|vara|ordfører|varaordfører|varaordf\.?|gruppeleder|rådsleder|sekretær|rådmann|daglig leder|revisor|møteleder|møteleiar|fylkesordførar|fylkesrådmann)$/i;
const FUNCTION_WORD = /(?<![\p{L}])(Ordfører|Varaordfører|Varaordf\.|Medlem|Gruppeleder|Varamedlem|Nestleder|Leder)(?![\p{L}])/gu;

export function attendee(name: string, extra: Partial<DocAttendee> = {}): DocAttendee {
  return { name: name.replace(/\s+/g, ' ').trim(), municipality: null, substituteFor: null, fromItem: null, untilItem: null, ...extra };
}

/** "Jan Kleppe, styreleder", "Inger Lysa (per telefon)", "Vibeke Abrahamsen (vara)", "X (vara for Y)". */
export function entry(text: string, municipality: string | null = null): DocAttendee | null {
  let t = text.replace(/^[•·*\-–]\s*/, '').replace(/\s+/g, ' ').trim().replace(/[.;]$/, '');
  if (!t) return null;
  const notes: string[] = [];
  let substituteFor: string | null = null;
  let role: string | null = null;
  t = t.replace(/\(([^()]*)\)/g, (_, inner: string) => {
    const v = /^vara(?:medlem)?(?:\s+for\s+(.+))?$/i.exec(inner.trim());
    if (v) {
      role = 'vara';
      if (v[1]) substituteFor = v[1].trim();
    } else notes.push(inner.trim());
    return ' ';
  });
  t = t.replace(/\s+/g, ' ').trim();
  const forMatch = /^(.+?)\s+(?:vara for|som vara for|for)\s+(.+)$/i.exec(t);
  if (forMatch) {
    t = forMatch[1]!;
    substituteFor = forMatch[2]!.trim();
  }
  const comma = t.split(/\s*,\s*/);
  if (comma.length > 1 && ROLE.test(comma.slice(1).join(', '))) {
    role = comma.slice(1).join(', ');
    t = comma[0]!;
  }
  if (!/\p{Lu}/u.test(t)) return null;
  return attendee(t, { municipality, substituteFor, role, note: notes.length ? notes.join('; ') : null });
}

/** Party abbreviations as Norwegian documents print them. */
const PARTIES = new Set(['a', 'ap', 'dna', 'h', 'frp', 'sp', 'sv', 'krf', 'v', 'mdg', 'r', 'rødt', 'pp', 'kp', 'tvp', 'bsp', 'sd', 'inp', 'pf', 'ks', 'fnb']);

const lines = (region: string) => region.split('\n').map((l) => l.trim());

/** Two to five words, each capitalised but for name particles ("von", "de"); no digits. */
export function looksLikeName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}[\p{L}.'-]*$/u.test(w) || /^(von|van|de|af|di|la|le)$/.test(w));
}

/** Reads the entries of one region, in the first layout that fits it. */
export function readEntries(region: string): Entries {
  const ls = lines(region).filter(Boolean);
  const none: Entries = { attendees: [], count: null, warnings: [] };
  if (!ls.length) return none;

  // Bullets, one entry a line.
  const bullets = ls.filter((l) => /^[•·*\-–]\s*\S/.test(l));
  if (bullets.length && bullets.length >= ls.length - 1) {
    return { ...none, attendees: bullets.map((b) => entry(b)).filter((a): a is DocAttendee => a !== null) };
  }

  // "For Skien kommune: Hedda Foss Five og Jan Terje Olsen".
  const groups = ls.map((l) => /^for\s+(.+?)\s*:\s*(.+)$/i.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (groups.length && groups.length >= ls.length - 1) {
    const out: DocAttendee[] = [];
    for (const g of groups) {
      for (const name of g[2]!.split(/\s*,\s*|\s+og\s+/)) {
        const a = entry(name, g[1]!.replace(/\s+(kommune|fylkeskommune)$/i, ''));
        if (a) out.push(a);
      }
    }
    return { ...none, attendees: out };
  }

  // A table printed one cell per line: "Navn", "Funksjon", "Representerer", then three lines a row.
  const header = ls.slice(0, 4).map((l) => l.toLowerCase());
  if (header[0] === 'navn' && ls.length >= 3) {
    const width = header.findIndex((h, i) => i > 0 && !/^(funksjon|representerer|parti|repr\.?|vara for|merknad|møter)$/.test(h));
    const w = width < 0 ? header.length : width;
    const out: DocAttendee[] = [];
    for (let i = w; i < ls.length; i += w) {
      const cells = ls.slice(i, i + w);
      const a = attendee(cells[0]!, { role: cells[1] ?? null, party: cells[2] ?? null });
      out.push(a);
    }
    return { ...none, attendees: out };
  }

  // A table with its cells apart on each row, under a header naming the columns ("Navn   Kommune").
  const cellRows = ls.map((l) => l.split(/\s{3,}/));
  const head = cellRows[0]!.map((c) => c.toLowerCase());
  if (head.length >= 2 && /^(navn|name|medlem|representant)$/.test(head[0]!) && cellRows.length >= 2) {
    const column = (re: RegExp) => head.findIndex((h) => re.test(h));
    const cols = {
      municipality: column(/^(kommune|sted|eier|organisasjon)$/),
      party: column(/^(parti|repr\.?)$/),
      represents: column(/^representerer$/),
      role: column(/^(funksjon|rolle|verv|stilling|tittel)$/),
      note: column(/^(merknad|merknader)$/),
      substituteFor: column(/^(vara for|møtte for|møter for)$/),
      attends: column(/^(møter|møtt|møtte)$/),
    };
    const out: DocAttendee[] = [];
    const absentees: DocAttendee[] = [];
    for (const cells of cellRows.slice(1)) {
      const at = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() || null : null);
      const a = entry(cells[0]!, at(cols.municipality));
      if (!a) continue;
      // "Representerer": a municipality or a party.
      const represents = at(cols.represents);
      if (represents && isKnownPlace(represents)) a.municipality ??= represents;
      a.party = at(cols.party) ?? (represents && !isKnownPlace(represents) ? represents : null) ?? a.party ?? null;
      a.role = at(cols.role) ?? a.role ?? null;
      a.note = at(cols.note) ?? a.note ?? null;
      a.substituteFor = at(cols.substituteFor) ?? a.substituteFor;
      (at(cols.attends)?.toLowerCase() === 'nei' ? absentees : out).push(a);
    }
    return { ...none, attendees: out, absentees };
  }

  // Table rows "Marit Voll SP Medlem Nei Bjørn Stian Hojem møtte som vara".
  const rowRe = /^(.+?)\s+([\p{Lu}][\p{Lu}\p{Ll}/-]{0,9})\s+(\p{Lu}\p{Ll}+)\s+(Ja|Nei)\b\s*(.*)$/u;
  const rows = ls.map((l) => rowRe.exec(l));
  if (rows.filter(Boolean).length >= 2) {
    const out: DocAttendee[] = [];
    const absentees: DocAttendee[] = [];
    for (const r of rows) {
      if (!r) continue;
      const note = r[5]!.trim() || null;
      const a = attendee(r[1]!, { party: r[2]!, role: r[3]!, note });
      (r[4] === 'Ja' ? out : absentees).push(a);
      const vara = note ? /^(.+?)\s+møtte som vara\b/i.exec(note) : null;
      if (vara) out.push(attendee(vara[1]!, { role: 'vara', substituteFor: a.name, party: a.party ?? null }));
    }
    return { ...none, attendees: out, absentees };
  }

  const flat = ls.join(' ');
  // A flattened table: "Navn Funksjon Repr Vara for Marianne K. Bremnes Ordfører AP Jan Fjellstad Varaordf. V …".
  const table = /\bNavn\s+Funksjon\s+(?:Repr\.?|Parti|Representerer)(?:\s+Vara for)?\s+/.exec(flat);
  if (table) return flattenedTable(flat.slice(table.index + table[0].length));

  // "Grung, Ruth (A) Selsvold, Astrid F. (A) …": one entry per party parenthetical.
  const parties = [...flat.matchAll(/\(([\p{Lu}][\p{L}]{0,5})\)/gu)];
  if (parties.length >= 2) {
    const out: DocAttendee[] = [];
    let from = 0;
    parties.forEach((p, i) => {
      const end = p.index + p[0].length;
      let name = flat.slice(from, p.index).trim();
      from = end;
      // What follows the parenthesis up to the next name: ": til kl", ": sak 217/12 og 218/12", "frå kl".
      const next = parties[i + 1];
      const tail = flat.slice(end, next ? next.index : flat.length);
      const note = /^\s*(:?\s*(?:til kl|frå kl|fra kl|sak [\d/ og,]+)[^A-ZÆØÅ]*)/u.exec(tail);
      if (note) from = end + note[0].length;
      const only = /^Berre\s+/i.exec(name);
      if (only) name = name.slice(only[0].length);
      const [surname, given] = name.split(/\s*,\s*/);
      const display = given ? `${given} ${surname}` : surname!;
      out.push(attendee(display, { party: p[1]!, note: [only ? 'berre' : '', note ? note[1]!.replace(/^[:\s]+/, '').trim() : ''].filter(Boolean).join(' ') || null }));
    });
    return { ...none, attendees: out };
  }

  // Names in one run and their parties in another: "Anders Ryssdal Ola Tarjei Kroken … Parti Sp Ap Sp SD Krf".
  const partyRun = /^(.*?)\s*\bParti\s+((?:[\p{Lu}][\p{L}]{0,4}\s*){1,40})(?=\s+\p{Lu}\p{Ll}|\s*$)/u.exec(flat);
  if (partyRun && partyRun[1]!.trim()) {
    const count = partyRun[2]!.trim().split(/\s+/).length;
    return { attendees: [], count, warnings: [`${count} names printed in one run ("${partyRun[1]!.trim()}"): counted by their parties, not split`] };
  }

  // Surnames per municipality: "Blekkerud/Seland Teslo/Hovde Bålsrud/Nærem … Bakke Von Clemm/Christensen".
  const slash = /((?:\p{Lu}[\p{L}-]+\/)+\p{Lu}[\p{L}-]+)/gu;
  const slashTokens = [...flat.matchAll(slash)];
  if (slashTokens.length >= 2) {
    const first = slashTokens[0]!.index;
    const last = slashTokens[slashTokens.length - 1]!;
    const run = flat.slice(first, last.index + last[0].length);
    const words = run.replace(/\b(Von|Van|De|Af|Di)\s+/g, '$1\u0000').split(/[\s/]+/).filter(Boolean);
    return { ...none, attendees: words.map((w) => attendee(w.replace('\u0000', ' '))) };
  }

  // "Finn-Ero Bustadmo, Frp. Astrid Nygård, SP": name and party, comma between.
  const withParty = [...flat.matchAll(/(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}.-]*)+)\s*,\s*([\p{L}]{1,5})\.?(?=\s|$)/gu)].filter((m) => PARTIES.has(m[2]!.toLowerCase()));
  if (withParty.length >= 2) return { ...none, attendees: withParty.map((m) => attendee(m[1]!, { party: m[2]! })) };

  // Names apart by commas, ";" or "og", each perhaps with "(vara for …)" or ", role".
  const pieces = flat.split(/\s*[;,]\s*|\s+og\s+/).filter(Boolean);
  const named = pieces.map((p) => entry(p));
  if (pieces.length && named.every((a) => a && looksLikeName(a.name))) return { ...none, attendees: named as DocAttendee[] };

  if (flat.length < 600) {
    const { attendees } = parseAttendeeList(flat.replace(/\s+/g, ' '));
    return { ...none, attendees: attendees.filter((a) => looksLikeName(a.name)) };
  }
  return { ...none, warnings: ['an attendance list too long to read as names'] };
}

/** Rows of a flattened table: name, function, party, and for a substitute the member stood in for. */
function flattenedTable(text: string): Entries {
  const out: DocAttendee[] = [];
  const fns = [...text.matchAll(FUNCTION_WORD)];
  let from = 0;
  let carry: DocAttendee | null = null;
  for (const f of fns) {
    const before = text.slice(from, f.index).trim();
    const partyM = /^\s*([\p{Lu}][\p{Lu}/]{0,12})(?=\s|$)/u.exec(text.slice(f.index + f[0].length));
    from = f.index + f[0].length + (partyM ? partyM[0].length : 0);
    let name = before;
    if (carry) {
      // The words after a substitute's party: the member stood in for, then the next name.
      const words = before.split(/\s+/);
      const half = Math.ceil(words.length / 2);
      carry.substituteFor = words.slice(0, half).join(' ') || null;
      name = words.slice(half).join(' ');
      carry = null;
    }
    if (!name) continue;
    const a = attendee(name, { role: f[0], party: partyM?.[1] ?? null });
    out.push(a);
    if (/^Varamedlem$/.test(f[0])) carry = a;
  }
  // The last row of a substitute: the rest is the member stood in for.
  const rest = text.slice(from).trim();
  if (carry && looksLikeName(rest)) (carry as DocAttendee).substituteFor = rest;
  return { attendees: out, count: null, warnings: [] };
}
