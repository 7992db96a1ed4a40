/**
 * What the innkalling and referat parsers share: Norwegian place names (to tell names from places in attendance
 * lists), attendance lists, the shapes of lines real documents have (including their broken Markdown), how text
 * paragraphs are joined, and the parsing engine itself. Pure functions; no ORM.
 */
import { formatItemNumber, parseItemNumber } from '../../schema/item-number.js';
import type {
  DocAttendee,
  DocDecision,
  DocItem,
  DocSubItem,
  DocumentKind,
  MeetingDocument,
} from '../../schema/meeting-document.js';
import { findDate, osloIso, parseTid, type CalendarDate } from './norwegian-dates.js';

// ---------------------------------------------------------------------------------------------------------------
// Places

/**
 * Norwegian municipalities (before and after the 2020 and 2024 reforms) and counties. Complete for the old
 * Buskerud, Akershus, Vestfold, Østfold, Oslo and Telemark, and for every county; most of the rest of the country.
 */
const MUNICIPALITIES = `
Oslo
Halden|Moss|Sarpsborg|Fredrikstad|Hvaler|Aremark|Marker|Rømskog|Trøgstad|Spydeberg|Askim|Eidsberg|Skiptvet|Rakkestad|Råde|Rygge|Våler|Hobøl|Indre Østfold
Vestby|Ski|Ås|Frogn|Nesodden|Oppegård|Bærum|Asker|Aurskog-Høland|Sørum|Fet|Rælingen|Enebakk|Lørenskog|Skedsmo|Nittedal|Gjerdrum|Ullensaker|Nes|Eidsvoll|Nannestad|Hurdal|Lillestrøm|Nordre Follo|Jevnaker|Lunner
Drammen|Kongsberg|Ringerike|Hole|Flå|Gol|Hemsedal|Ål|Hol|Sigdal|Krødsherad|Modum|Øvre Eiker|Nedre Eiker|Lier|Røyken|Hurum|Flesberg|Rollag|Nore og Uvdal|Svelvik
Horten|Holmestrand|Tønsberg|Sandefjord|Larvik|Sande|Hof|Re|Andebu|Stokke|Nøtterøy|Tjøme|Lardal|Færder
Porsgrunn|Skien|Notodden|Siljan|Bamble|Kragerø|Drangedal|Nome|Bø|Sauherad|Tinn|Hjartdal|Seljord|Kviteseid|Nissedal|Fyresdal|Tokke|Vinje|Midt-Telemark
Kongsvinger|Hamar|Ringsaker|Løten|Stange|Nord-Odal|Sør-Odal|Eidskog|Grue|Åsnes|Elverum|Trysil|Åmot|Stor-Elvdal|Rendalen|Engerdal|Tolga|Tynset|Alvdal|Folldal|Os
Lillehammer|Gjøvik|Dovre|Lesja|Skjåk|Lom|Vågå|Nord-Fron|Sel|Sør-Fron|Ringebu|Øyer|Gausdal|Østre Toten|Vestre Toten|Gran|Søndre Land|Nordre Land|Sør-Aurdal|Etnedal|Nord-Aurdal|Vestre Slidre|Øystre Slidre|Vang
Risør|Grimstad|Arendal|Gjerstad|Vegårshei|Tvedestrand|Froland|Lillesand|Birkenes|Åmli|Iveland|Evje og Hornnes|Bygland|Valle|Bykle
Kristiansand|Mandal|Farsund|Flekkefjord|Vennesla|Songdalen|Søgne|Marnardal|Åseral|Audnedal|Lindesnes|Lyngdal|Hægebostad|Kvinesdal|Sirdal
Eigersund|Sandnes|Stavanger|Haugesund|Sokndal|Lund|Bjerkreim|Hå|Klepp|Time|Gjesdal|Sola|Randaberg|Forsand|Strand|Hjelmeland|Suldal|Sauda|Finnøy|Rennesøy|Kvitsøy|Bokn|Tysvær|Karmøy|Utsira|Vindafjord
Bergen|Etne|Sveio|Bømlo|Stord|Fitjar|Tysnes|Kvinnherad|Jondal|Odda|Ullensvang|Eidfjord|Ulvik|Granvin|Voss|Kvam|Fusa|Samnanger|Austevoll|Sund|Fjell|Askøy|Vaksdal|Modalen|Osterøy|Meland|Øygarden|Radøy|Lindås|Austrheim|Fedje|Masfjorden|Bjørnafjorden|Alver
Flora|Gulen|Solund|Hyllestad|Høyanger|Vik|Balestrand|Leikanger|Sogndal|Aurland|Lærdal|Årdal|Luster|Askvoll|Fjaler|Gaular|Jølster|Førde|Naustdal|Bremanger|Vågsøy|Selje|Eid|Hornindal|Gloppen|Stryn|Kinn|Sunnfjord|Stad
Molde|Ålesund|Kristiansund|Vanylven|Herøy|Ulstein|Hareid|Volda|Ørsta|Ørskog|Norddal|Stranda|Stordal|Sykkylven|Skodje|Sula|Giske|Haram|Vestnes|Rauma|Nesset|Midsund|Sandøy|Aukra|Fræna|Eide|Averøy|Gjemnes|Tingvoll|Sunndal|Surnadal|Halsa|Smøla|Aure|Fjord|Hustadvika
Trondheim|Hemne|Snillfjord|Hitra|Frøya|Ørland|Agdenes|Rissa|Bjugn|Åfjord|Roan|Osen|Oppdal|Rennebu|Meldal|Orkdal|Røros|Holtålen|Midtre Gauldal|Melhus|Skaun|Klæbu|Malvik|Selbu|Tydal|Steinkjer|Namsos|Meråker|Stjørdal|Frosta|Leksvik|Levanger|Verdal|Verran|Namdalseid|Snåsa|Lierne|Røyrvik|Namsskogan|Grong|Høylandet|Overhalla|Fosnes|Flatanger|Vikna|Nærøy|Leka|Inderøy|Indre Fosen|Orkland|Heim|Nærøysund
Bodø|Narvik|Bindal|Sømna|Brønnøy|Vega|Vevelstad|Alstahaug|Leirfjord|Vefsn|Grane|Hattfjelldal|Dønna|Nesna|Hemnes|Rana|Lurøy|Træna|Rødøy|Meløy|Gildeskål|Beiarn|Saltdal|Fauske|Sørfold|Steigen|Hamarøy|Tysfjord|Lødingen|Tjeldsund|Evenes|Ballangen|Røst|Værøy|Flakstad|Vestvågøy|Vågan|Hadsel|Øksnes|Sortland|Andøy|Moskenes
Tromsø|Harstad|Kvæfjord|Skånland|Ibestad|Gratangen|Lavangen|Bardu|Salangen|Målselv|Sørreisa|Dyrøy|Tranøy|Torsken|Berg|Lenvik|Balsfjord|Karlsøy|Lyngen|Storfjord|Kåfjord|Skjervøy|Nordreisa|Kvænangen|Senja
Vardø|Vadsø|Hammerfest|Kautokeino|Alta|Loppa|Hasvik|Kvalsund|Måsøy|Nordkapp|Porsanger|Karasjok|Lebesby|Gamvik|Berlevåg|Tana|Nesseby|Båtsfjord|Sør-Varanger
`;

const COUNTIES = `
Østfold|Akershus|Oslo|Hedmark|Oppland|Buskerud|Vestfold|Telemark|Aust-Agder|Vest-Agder|Rogaland|Hordaland|Sogn og Fjordane
Møre og Romsdal|Sør-Trøndelag|Nord-Trøndelag|Trøndelag|Nordland|Troms|Finnmark|Viken|Innlandet|Vestfold og Telemark|Agder
Vestland|Troms og Finnmark|Svalbard
`;

const split = (s: string): string[] =>
  s
    .split(/[|\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export const MUNICIPALITY_NAMES: readonly string[] = [...new Set(split(MUNICIPALITIES))];
export const COUNTY_NAMES: readonly string[] = [...new Set(split(COUNTIES))];

const PLACE_SET = new Set([...MUNICIPALITY_NAMES, ...COUNTY_NAMES].map((p) => p.toLowerCase()));
/** Organisations that stand where a municipality would in attendance lists. */
const ORGANISATION_PLACES = new Set(['ks', 'vestregionen', 'osloregionen', 'fylkesmannen', 'statsforvalteren', 'nav']);

/** True for a municipality or county name, "Bærum kommune", "Buskerud fylkeskommune", "Fylkesmannen i Buskerud", "KS". */
export function isKnownPlace(text: string): boolean {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!t) return false;
  if (PLACE_SET.has(t) || ORGANISATION_PLACES.has(t)) return true;
  const m = /^(.+?)\s+(kommune|fylkeskommune|fylke|bydel|regionråd|kommunes?)$/.exec(t);
  if (m && !/\s/.test(m[1]!.replace(/^(øvre|nedre|nordre|søndre|vestre|østre|indre|midtre) /, ''))) return true;
  if (m && PLACE_SET.has(m[1]!)) return true;
  if (/^(fylkesmannen|statsforvalteren|ks)\b/.test(t)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Attendance lists

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

// ---------------------------------------------------------------------------------------------------------------
// Lines

export const SUB_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ';

/** The Markdown-free form of a line, for recognising its shape: no "#", "- ", "**", "*…*"; single spaces. */
export function bareLine(line: string): string {
  let t = line.replace(/\u00a0/g, ' ').trim();
  t = t.replace(/^#{1,6}\s+/, '');
  t = t.replace(/^[-–+]\s+/, '').replace(/^[-–+]$/, '');
  t = t.replace(/^\d{1,2}[.)]\s+(?=(?:\*\*)?sak\b)/i, '');
  t = t.replace(/\*\*|__/g, ' ');
  t = t.replace(/\s+/g, ' ').trim();
  t = t.replace(/^[*_](?=\S)/, '').replace(/(?<=\S)[*_]$/, '');
  return t.replace(/\s+/g, ' ').trim();
}

const NUMS = String.raw`\d{1,3}(?:\s*(?:\+|,|&|og|-|–)\s*\d{1,3})*`;

/** "3+4" → [3, 4]; "5 + 6"; "1, 2 og 3"; "3-5" → [3, 4, 5]. */
export function parseAttachmentNumbers(text: string): number[] {
  const out: number[] = [];
  const parts = text.split(/\s*(\+|,|&|og|-|–)\s*/);
  for (let i = 0; i < parts.length; i += 2) {
    const n = Number(parts[i]);
    if (!Number.isInteger(n)) continue;
    const sep = parts[i - 1];
    const prev = out[out.length - 1];
    if ((sep === '-' || sep === '–') && prev !== undefined && n > prev && n - prev < 50) {
      for (let k = prev + 1; k <= n; k++) out.push(k);
    } else out.push(n);
  }
  return [...new Set(out)];
}

export type FieldName = 'time' | 'date' | 'place' | 'agenda' | 'present' | 'secretariat' | 'absent';

const FIELD_LABELS: Record<string, FieldName> = {
  tid: 'time',
  tidspunkt: 'time',
  møtetid: 'time',
  'dato og tid': 'time',
  dato: 'date',
  møtedato: 'date',
  sted: 'place',
  møtested: 'place',
  møtelokale: 'place',
  dagsorden: 'agenda',
  'til stede': 'present',
  tilstede: 'present',
  møtende: 'present',
  'møtende medlemmer': 'present',
  deltakere: 'present',
  deltagere: 'present',
  'til stede fra medlemmene': 'present',
  sekretariat: 'secretariat',
  sekretariatet: 'secretariat',
  'fra sekretariatet': 'secretariat',
  forfall: 'absent',
  'meldt forfall': 'absent',
  fraværende: 'absent',
  'ikke møtt': 'absent',
};

/** "Til stede", "Til stede fra kommunene", "Meldt forfall", "Sekretariatet" … → the field; null for other labels. */
function fieldOfLabel(label: string): FieldName | null {
  const l = label.toLowerCase().replace(/\s+/g, ' ').trim();
  const exact = FIELD_LABELS[l];
  if (exact) return exact;
  if (/^(til stede|tilstede|møtende)\b/.test(l)) return 'present';
  if (/^(meldt )?forfall\b/.test(l)) return 'absent';
  if (/^(fra )?sekretariatet?\b/.test(l)) return 'secretariat';
  return null;
}

export type LineShape =
  | { t: 'blank' }
  | { t: 'heading'; kind: DocumentKind; rest: string }
  | { t: 'field'; field: FieldName; value: string }
  | { t: 'label'; label: string; value: string }
  | { t: 'section' }
  | { t: 'notice'; rest: string }
  | { t: 'sak'; number: string; title: string; yearless: boolean }
  | { t: 'badSak' }
  | { t: 'attachmentList' }
  | { t: 'vedlegg'; numbers: number[]; rest: string; colon: boolean; sub: { letter: string; title: string } | null }
  | { t: 'sub'; letter: string; title: string }
  | { t: 'proposed'; rest: string }
  | { t: 'decision'; rest: string }
  | { t: 'vote'; text: string }
  | { t: 'protocol'; text: string }
  | { t: 'disqualified'; text: string }
  | { t: 'closed'; basis: string }
  | { t: 'text' };

export interface ShapeContext {
  /** The next sub-item letter of the current item, or null outside items. */
  expectedLetter: string | null;
  /** The current holder has a decision or proposal a voting line can belong to. */
  canVote: boolean;
  /** No document heading has been seen yet. */
  wantHeading: boolean;
}

function subHeading(text: string, expected: string | null): { letter: string; title: string } | null {
  if (!expected) return null;
  const m = /^([A-ZÆØÅ])(?:[.):])?\s+(\S.*)$/u.exec(text) ?? /^([a-zæøå])[.)]\s+(\S.*)$/u.exec(text);
  if (!m || m[1]!.toUpperCase() !== expected) return null;
  const title = m[2]!.trim();
  if (!/^[\p{Lu}\d«"”]/u.test(title)) return null;
  return { letter: expected, title };
}

/** The shape of one line (its bare form), given where the parser stands. */
export function lineShape(bare: string, ctx: ShapeContext): LineShape {
  const b = bare;
  if (!b || /^(-{3,}|\*{3,}|_{3,})$/.test(b) || /^<!--.*-->$/.test(b)) return { t: 'blank' };
  if (/^(saker til behandling|saksliste|saksliste og saksframlegg|ordinære saker|orienteringssaker|vedtakssaker|drøftingssaker|referatsaker|eventuelt\s*-\s*saker)\s*:?$/i.test(b)) {
    return { t: 'section' };
  }
  let m = /^godkjenning av (?:møte)?innkalling(?:\s+og\s+(?:dagsorden|saksliste))?\s*:?\s*(.*)$/i.exec(b);
  if (m) return { t: 'notice', rest: m[1]! };

  m = /^(?:sak(?:\s*nr\.?)?|saksnr\.?|ps|os|rs)\s*(\d{1,4}\s*[a-zæøå]?\s*\/\s*\d{2,4})(?![\d/])\s*[:.\-–]?\s*(.*)$/iu.exec(b);
  if (m) {
    const p = parseItemNumber(m[1]!);
    if (!p) return { t: 'badSak' };
    return { t: 'sak', number: formatItemNumber(p.sequence, p.year, p.suffix), title: m[2]!.trim(), yearless: false };
  }
  m = /^sak(?:\s*nr\.?)?\s+(\d{1,3})([a-zæøå]?)\s*[:.\-–]?\s+(\p{Lu}.*)$/iu.exec(b);
  if (m) return { t: 'sak', number: `${m[1]}${m[2]!.toLowerCase()}`, title: m[3]!.trim(), yearless: true };
  if (/^sak\s*(nr\.?\s*)?\d[\d\s/]*$/i.test(b) || /^sak\s*\d+\s*\/\s*\D/i.test(b)) return { t: 'badSak' };

  if (/^vedlegg\s*:$/i.test(b)) return { t: 'attachmentList' };
  m = new RegExp(String.raw`^vedlegg\s+(${NUMS})(?![\d/.])\s*([:.–]?)\s*(.*)$`, 'iu').exec(b);
  if (m) {
    const rest = m[3]!.trim();
    return {
      t: 'vedlegg',
      numbers: parseAttachmentNumbers(m[1]!),
      rest,
      colon: m[2] === ':' || m[2] === '–',
      sub: subHeading(rest, ctx.expectedLetter),
    };
  }
  const sub = subHeading(b, ctx.expectedLetter);
  if (sub) return { t: 'sub', ...sub };

  m = /^(?:forslag til vedtak|forslag til innstilling|innstilling|rådmannens innstilling|(?:sekretariatets|daglig leders|administrasjonens) (?:forslag til vedtak|forslag|innstilling))\s*:\s*(.*)$/i.exec(b);
  if (m) return { t: 'proposed', rest: m[1]! };
  m = /^(?:(?:\p{L}+s\s+)?vedtak|enstemmig vedtak|vedtak i saken)\s*:\s*(.*)$/iu.exec(b);
  if (m) return { t: 'decision', rest: m[1]! };
  m = /^protokolltilførsel(?:\s+(fra\s+[^:]+?))?\s*:\s*(.*)$/i.exec(b);
  if (m) return { t: 'protocol', text: m[1] ? `${m[1]}: ${m[2]}` : m[2]! };
  m = /^inhabil(?:e|itet)?\s*:\s*(.*)$/i.exec(b);
  if (m) return { t: 'disqualified', text: m[1]! };
  m = /^(?:unntatt offentlighet|lukket (?:møte|sak|behandling)|lukket(?=\s*(?:[,:]|jf|$))|u\.\s?off\.?(?=[\s,:]|$))\s*[,:.–-]?\s*(.*)$/i.exec(b);
  if (m) return { t: 'closed', basis: cleanBasis(m[1]!) };
  m = /^hjemmel\s*:\s*(.+)$/i.exec(b);
  if (m) return { t: 'closed', basis: cleanBasis(m[1]!) };
  if (
    ctx.canVote &&
    b.length < 160 &&
    /^(enstemmig(?:\s+vedtatt)?\.?$|enstemmig vedtatt|vedtatt\s+(?:enstemmig|mot|med|ved)\b|(?:innstillingen|forslaget)\s+ble\s+(?:enstemmig\s+)?(?:vedtatt|forkastet)|forkastet\b|votering\s*:)/i.test(b)
  ) {
    return { t: 'vote', text: b };
  }

  m = /^([\p{L} ]{2,40}?)\s*:\s*(.*)$/u.exec(b);
  if (m) {
    const field = fieldOfLabel(m[1]!);
    if (field) return { t: 'field', field, value: m[2]!.trim() };
  }
  if (ctx.wantHeading) {
    m = /^(innkalling|møteinnkalling|referat|møtereferat|protokoll|møteprotokoll)\b\s*(.*)$/i.exec(b);
    if (m && (findDate(m[2]!) || /\bmøte/i.test(m[2]!) || !m[2])) {
      return { t: 'heading', kind: /innkalling/i.test(m[1]!) ? 'innkalling' : 'referat', rest: m[2]! };
    }
  }
  m = /^(\p{L}[\p{L} ]{1,30}?)\s*:\s*(.*)$/u.exec(b);
  if (m && !/\s\S+\s\S+\s\S+\s/.test(m[1]!)) return { t: 'label', label: m[1]!, value: m[2]! };
  return { t: 'text' };
}

function cleanBasis(text: string): string {
  return text
    .trim()
    .replace(/^[,:;.–-]\s*/, '')
    .replace(/^(?:jf\.?|jfr\.?|hjemmel\s*:?)\s*/i, '')
    .replace(/[.)]+$/, (s) => (s.includes(')') && text.includes('(') ? s : ''))
    .trim();
}

/** Whether a line of text would be read as something else than text where the renderer puts it. */
export function textLineIsAmbiguous(line: string, expectedLetter: string | null): boolean {
  const shape = lineShape(bareLine(line), { expectedLetter, canVote: true, wantHeading: false });
  return !(shape.t === 'text' || shape.t === 'label') || /^[-–+]\s*$/.test(line.trim()) || /^\|.*\|$/.test(line.trim());
}

/** Escapes the first character of a line as a numeric character reference (valid Markdown, read back by the parser). */
export function escapeLineStart(line: string): string {
  const cp = line.codePointAt(0)!;
  return `&#${cp};${line.slice(String.fromCodePoint(cp).length)}`;
}

function unescapeLineStart(line: string): string {
  return line.replace(/^&#(\d{1,7});/, (_, n: string) => String.fromCodePoint(Number(n)));
}

// ---------------------------------------------------------------------------------------------------------------
// Text blocks

interface Chunk {
  lines: string[];
  /** A blank line separated it from the previous chunk. */
  blankBefore: boolean;
  /** It began with a list marker ("- ") that the document used as a broken heading marker. */
  marked: boolean;
  firstLineNo: number;
}

class TextBuffer {
  chunks: Chunk[] = [];
  private pendingBlank = false;
  private lastMarked = false;

  add(text: string, lineNo: number, marked: boolean): void {
    const last = this.chunks[this.chunks.length - 1];
    if (!last || this.pendingBlank || marked || this.lastMarked) {
      this.chunks.push({ lines: [text], blankBefore: this.pendingBlank && Boolean(last), marked, firstLineNo: lineNo });
    } else last.lines.push(text);
    this.pendingBlank = false;
    this.lastMarked = marked;
  }

  blank(): void {
    if (this.chunks.length) this.pendingBlank = true;
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  toText(): string | null {
    return joinChunks(this.chunks);
  }
}

const LIST_ITEM = /^([*+-]|\d{1,2}[.)])\s+\S/;
const ENDS_SENTENCE = /[.:;!?»"”)]$/;

/**
 * Joins the chunks of a text: lines of a chunk with "\n"; chunks with "\n" when no blank line separated them or
 * they form a list; with a space when a blank line broke a sentence ("… revisjon og" / "kontroll hos …");
 * otherwise with "\n\n".
 */
export function joinChunks(chunks: Chunk[]): string | null {
  let out = '';
  chunks.forEach((c, i) => {
    const text = c.lines.join('\n');
    if (i === 0) {
      out = text;
      return;
    }
    const prev = chunks[i - 1]!;
    const prevLast = prev.lines[prev.lines.length - 1]!;
    const first = c.lines[0]!;
    let sep = '\n\n';
    if (!c.blankBefore) sep = '\n';
    else if (LIST_ITEM.test(first) && (LIST_ITEM.test(prev.lines[0]!) || prevLast.endsWith(':'))) sep = '\n';
    else if (!ENDS_SENTENCE.test(prevLast) && /^\p{Ll}/u.test(first) && !LIST_ITEM.test(prevLast)) sep = ' ';
    out += sep + text;
  });
  return out.length ? out : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

export interface UnplacedLine {
  line: number;
  text: string;
}

export interface ParseResult {
  document: MeetingDocument;
  unplaced: UnplacedLine[];
  /** Titles of vedlegg where the document gives them ("Vedlegg:" list at the end), by number. */
  attachmentTitles: Record<number, string>;
}

export class DocumentParseError extends Error {
  override name = 'DocumentParseError';
}

interface HolderState {
  text: TextBuffer;
  proposed: TextBuffer | null;
  decision: TextBuffer | null;
  voting: string | null;
  protocol: TextBuffer[];
  disqualified: { name: string; legalBasis: string }[];
  attachments: number[];
  /** Plain (non-bold) sub-item heading: a plain first line may be the subtitle. */
  plainHeading: boolean;
  subtitle: string | null;
  /** Nothing but the heading so far (for the subtitle). */
  fresh: boolean;
}

interface ItemState extends HolderState {
  number: string;
  yearless: boolean;
  title: string;
  titleLine: number;
  closed: string | null;
  subs: SubState[];
}

interface SubState extends HolderState {
  letter: string;
  title: string;
}

type Field = 'text' | 'proposed' | 'decision' | 'protocol' | 'afterVote';

function newHolder(plainHeading: boolean): HolderState {
  return {
    text: new TextBuffer(),
    proposed: null,
    decision: null,
    voting: null,
    protocol: [],
    disqualified: [],
    attachments: [],
    plainHeading,
    subtitle: null,
    fresh: true,
  };
}

const isBoldLine = (content: string): boolean => /^\*\*.*\*\*$/.test(content.trim());
const italicLine = (content: string): string | null => {
  const m = /^(?:\*([^*\s](?:.*[^*\s])?)\*|_([^_\s](?:.*[^_\s])?)_)$/.exec(content.trim());
  return m ? (m[1] ?? m[2])! : null;
};

/** Parses an innkalling or a referat. `kind` forces the kind; otherwise the heading decides. */
export function parseMeetingDocument(source: string, forcedKind: DocumentKind | null): ParseResult {
  const unplaced: UnplacedLine[] = [];
  const attachmentTitles: Record<number, string> = {};
  const lines = source.replace(/\r\n?/g, '\n').split('\n');

  let kind: DocumentKind | null = forcedKind;
  let headingKind: DocumentKind | null = null;
  let headingBody: string | null = null;
  let headingOrg: string | null = null;
  let headingDate: CalendarDate | null = null;
  let headingSeen = false;

  const fields: Partial<Record<FieldName, { values: string[]; bullets: string[]; line: number }>> = {};
  let openField: FieldName | null = null;
  let fieldGotValue = false;

  let section: 'header' | 'notice' | 'items' | 'attachments' = 'header';
  const notice = { buffer: new TextBuffer(), seen: false };
  const items: ItemState[] = [];
  let item: ItemState | null = null;
  let sub: SubState | null = null;
  let field: Field = 'text';
  let pendingTitle: ItemState | null = null;

  const holder = (): HolderState | null => sub ?? item;
  const expectedLetter = (): string | null => (item ? (SUB_LETTERS[item.subs.length] ?? null) : null);
  const place = (no: number, text: string) => unplaced.push({ line: no, text });
  const currentBuffer = (h: HolderState): TextBuffer => {
    if (field === 'proposed' && h.proposed) return h.proposed;
    if (field === 'decision' && h.decision) return h.decision;
    if (field === 'protocol' && h.protocol.length) return h.protocol[h.protocol.length - 1]!;
    return h.text;
  };
  const startItem = (number: string, yearless: boolean, title: string, no: number): ItemState => {
    const existing = items.find((i) => i.number === number && i.yearless === yearless);
    if (existing) {
      if (!existing.title && title) existing.title = title;
      return existing;
    }
    const created: ItemState = { ...newHolder(true), number, yearless, title, titleLine: no, closed: null, subs: [] };
    items.push(created);
    return created;
  };
  const closeField = () => {
    openField = null;
    fieldGotValue = false;
  };

  for (let idx = 0; idx < lines.length; idx++) {
    const no = idx + 1;
    let raw = lines[idx]!.replace(/\u00a0/g, ' ').replace(/\t/g, '    ').replace(/\s+$/, '');
    // A Markdown table row: its cells, as the flattened tables of real documents have them.
    if (/^\s*\|.*\|\s*$/.test(raw)) {
      const separator = (l: string | undefined) => l !== undefined && /^\s*\|[\s:|-]+\|\s*$/.test(l);
      // Separator rows and the header row above one carry no content.
      raw = separator(raw) || separator(lines[idx + 1]) ? '' : raw.trim().slice(1, -1).split('|').map((c) => c.trim()).join('      ');
    }
    const trimmed = raw.trim();
    const markerMatch = /^[-–+](\s+|$)/.exec(trimmed);
    const marked = Boolean(markerMatch);
    const content = marked ? trimmed.slice(markerMatch![0].length) : trimmed;
    const bare = bareLine(raw);
    const h = holder();
    const shape = lineShape(bare, {
      expectedLetter: item ? expectedLetter() : null,
      canVote: Boolean(h && (h.decision || h.proposed) && (field === 'decision' || field === 'proposed')),
      wantHeading: !headingSeen && section === 'header',
    });

    if (shape.t === 'blank') {
      if (openField && fieldGotValue) closeField();
      if (section === 'notice') notice.buffer.blank();
      else if (h) currentBuffer(h).blank();
      continue;
    }

    // The title of "Sak 27/2017" printed on the next non-empty line.
    if (pendingTitle) {
      const target = pendingTitle;
      pendingTitle = null;
      if (shape.t === 'text' || shape.t === 'label') {
        target.title = bare;
        continue;
      }
    }

    // Continuation of a header field ("**Dagsorden:** Godkjenning …  " / "Ordinære saker"; wrapped lists; bullets).
    if (openField && (shape.t === 'text' || shape.t === 'label' || shape.t === 'section' || shape.t === 'notice')) {
      const f = fields[openField]!;
      if (marked || /^\*\s/.test(trimmed)) f.bullets.push(bareLine(trimmed.replace(/^\*\s+/, '')));
      else f.values.push(bare);
      fieldGotValue = true;
      continue;
    }
    if (openField) closeField();

    switch (shape.t) {
      case 'heading': {
        headingKind = shape.kind;
        const parsed = parseHeadingRest(shape.rest);
        // A bare "MØTEREFERAT" above the real heading only tells the kind.
        if (parsed.body || parsed.date) {
          headingSeen = true;
          headingBody = parsed.body;
          headingOrg = parsed.organisation;
          headingDate = parsed.date;
        }
        continue;
      }
      case 'field': {
        const existing = fields[shape.field];
        if (existing) {
          if (shape.value) existing.values.push(shape.value);
        } else fields[shape.field] = { values: shape.value ? [shape.value] : [], bullets: [], line: no };
        openField = shape.field;
        fieldGotValue = Boolean(shape.value);
        continue;
      }
      case 'section':
        if (section === 'header' || section === 'notice') section = 'items';
        continue;
      case 'notice':
        if ((kind ?? headingKind) === 'innkalling' && section === 'header') {
          const f = (fields.agenda ??= { values: [], bullets: [], line: no });
          f.values.push(bare.replace(/:$/, ''));
          continue;
        }
        section = 'notice';
        notice.seen = true;
        item = null;
        sub = null;
        field = 'decision';
        if (shape.rest) notice.buffer.add(shape.rest, no, false);
        continue;
      case 'sak': {
        section = 'items';
        let title = shape.title;
        let closed: string | null = null;
        const whole = lineShape(title, { expectedLetter: null, canVote: false, wantHeading: false });
        if (whole.t === 'closed') {
          closed = whole.basis;
          title = '';
        }
        const cm = /\s*\((?:unntatt offentlighet|lukket(?: møte| sak)?|u\.\s?off\.?)\s*[,:]?\s*([^)]*)\)\s*$/i.exec(title);
        if (cm) {
          closed = cleanBasis(cm[1]!);
          title = title.slice(0, cm.index).trim();
        }
        // A flattened agenda table: "Sak 01/2018      Årsmelding 2017      Vedlegg 1".
        const vm = new RegExp(String.raw`\s+vedlegg\s+(${NUMS})$`, 'i').exec(title);
        const titleAttachments = vm ? parseAttachmentNumbers(vm[1]!) : [];
        if (vm) title = title.slice(0, vm.index).trim();
        item = startItem(shape.number, shape.yearless, title, no);
        for (const n of titleAttachments) if (!item.attachments.includes(n)) item.attachments.push(n);
        if (closed !== null) item.closed = closed;
        sub = null;
        field = 'text';
        if (!item.title && closed === null) pendingTitle = item;
        continue;
      }
      case 'badSak':
        place(no, trimmed);
        continue;
      case 'attachmentList':
        section = 'attachments';
        item = null;
        sub = null;
        continue;
      case 'vedlegg': {
        // "Vedlegg 3: Protokoll fra generalforsamling 15.06.2017" (in an item or a "Vedlegg:" list): a title.
        const titled = shape.numbers.length === 1 && shape.rest.length > 0 && !shape.sub;
        if (titled && section === 'attachments') {
          attachmentTitles[shape.numbers[0]!] = shape.rest;
          continue;
        }
        if (titled && shape.colon && item) {
          attachmentTitles[shape.numbers[0]!] = shape.rest;
          const target = sub ?? item;
          if (!target.attachments.includes(shape.numbers[0]!)) target.attachments.push(shape.numbers[0]!);
          continue;
        }
        if (!item) {
          place(no, trimmed);
          continue;
        }
        if (shape.sub) {
          sub = { ...newHolder(!isBoldLine(content)), letter: shape.sub.letter, title: shape.sub.title };
          item.subs.push(sub);
          field = 'text';
        }
        const target = sub ?? item;
        for (const n of shape.numbers) if (!target.attachments.includes(n)) target.attachments.push(n);
        if (!shape.sub && shape.rest) {
          field = 'text';
          target.text.add(unescapeLineStart(shape.rest), no, false);
          target.fresh = false;
        }
        continue;
      }
      case 'sub': {
        if (!item) {
          place(no, trimmed);
          continue;
        }
        sub = { ...newHolder(!isBoldLine(content)), letter: shape.letter, title: shape.title };
        item.subs.push(sub);
        field = 'text';
        continue;
      }
      case 'proposed':
      case 'decision': {
        if (section === 'notice' && !item) {
          field = 'decision';
          if (shape.rest) notice.buffer.add(shape.rest, no, false);
          continue;
        }
        if (!h) {
          place(no, trimmed);
          continue;
        }
        h.fresh = false;
        if (shape.t === 'proposed') {
          h.proposed ??= new TextBuffer();
          field = 'proposed';
        } else {
          h.decision ??= new TextBuffer();
          field = 'decision';
        }
        const rest = shape.rest.replace(/^\*+\s*/, '').trim();
        if (rest) currentBuffer(h).add(rest, no, false);
        continue;
      }
      case 'vote': {
        if (!h) {
          place(no, trimmed);
          continue;
        }
        h.voting = bare;
        if (!h.decision && h.proposed) {
          h.decision = new TextBuffer();
          h.decision.chunks = h.proposed.chunks.map((c) => ({ ...c, lines: [...c.lines] }));
        }
        field = 'afterVote';
        continue;
      }
      case 'protocol': {
        if (!item) {
          place(no, trimmed);
          continue;
        }
        const target = h!;
        const buf = new TextBuffer();
        if (shape.text) buf.add(shape.text, no, false);
        target.protocol.push(buf);
        field = 'protocol';
        continue;
      }
      case 'disqualified': {
        if (!item) {
          place(no, trimmed);
          continue;
        }
        for (const part of shape.text.split(';')) {
          const d = parseDisqualified(part);
          if (d) item.disqualified.push(d);
          else if (part.trim()) place(no, part.trim());
        }
        continue;
      }
      case 'closed': {
        if (!item) {
          place(no, trimmed);
          continue;
        }
        item.closed = shape.basis || item.closed || '';
        continue;
      }
      case 'label':
      case 'text': {
        if (section === 'attachments') {
          const am = /^(\d{1,3})\s*[.):–-]?\s+(.+)$/.exec(bare);
          if (am) {
            attachmentTitles[Number(am[1])] = am[2]!;
            continue;
          }
        }
        if (section === 'notice' && !item) {
          notice.buffer.add(unescapeLineStart(content), no, false);
          continue;
        }
        if (!h && section === 'header' && !headingDate) {
          // The date of a heading printed on a line of its own.
          const d = findDate(bare);
          if (d && bare.replace(/\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b/gi, '').replace(/[\s,.]/g, '').length === String(bare.slice(d.index, d.index + d.length)).replace(/[\s,.]/g, '').length) {
            headingDate = { year: d.year, month: d.month, day: d.day };
            continue;
          }
        }
        if (!h) {
          place(no, trimmed);
          continue;
        }
        // The subtitle of a sub-item: in our own rendering an italic line right under a bold heading.
        if (sub && sub.fresh && !sub.plainHeading && sub.text.empty && field === 'text') {
          const it = italicLine(content);
          sub.fresh = false;
          if (it) {
            sub.subtitle = it;
            continue;
          }
        }
        const target = field === 'afterVote' ? ((field = 'text'), h.text) : currentBuffer(h);
        // A broken list marker ("- Sluttrapport …") is dropped from the line only where it may be a subtitle.
        const keepMarker = marked && !(sub && sub.fresh && sub.plainHeading && target === sub.text && sub.text.empty);
        const lineText = unescapeLineStart(keepMarker ? trimmed : content);
        target.add(lineText, no, marked);
        if (target !== h.text || !h.text.empty) h.fresh = false;
        continue;
      }
    }
  }

  // ---- Assemble
  const resolvedKind: DocumentKind | null = kind ?? headingKind;
  if (!resolvedKind) throw new DocumentParseError('Not an innkalling or a referat: no heading such as "Referat fra møte i …" was found.');
  kind = resolvedKind;

  const dateField = fields.date?.values.join(' ') ?? '';
  const timeField = fields.time?.values.join(' ') ?? '';
  const tid = parseTid(`${dateField} ${timeField}`.trim(), headingDate);
  if (!tid) throw new DocumentParseError('No meeting date found (neither in the heading nor in "Tid:").');
  if (!headingBody) throw new DocumentParseError('No body found: the heading should read e.g. "Referat fra møte i Rådmannsgruppen 14. september 2017".');
  const year = tid.date.year;

  const attendees = (f: FieldName): DocAttendee[] => {
    const got = fields[f];
    if (!got) return [];
    const { attendees, problems } = parseAttendeeList(joinListLines(got.values), { entries: got.bullets });
    for (const p of problems) place(got.line, p.text);
    return attendees.map((a) => ({
      ...a,
      fromItem: a.fromItem ? (normaliseItemNumber(a.fromItem, year) ?? a.fromItem) : null,
      untilItem: a.untilItem ? (normaliseItemNumber(a.untilItem, year) ?? a.untilItem) : null,
    }));
  };

  const docItems: DocItem[] = items.map((it) => {
    const number = it.yearless ? (normaliseItemNumber(it.number, year) ?? it.number) : it.number;
    const textOf = (hs: HolderState) => {
      const t = hs.text.toText();
      return kind === 'innkalling' ? { introduction: t, notes: null } : { introduction: null, notes: t };
    };
    const proposedText = it.proposed?.toText() ?? null;
    if (!it.title) place(it.titleLine, `Sak ${number}: no title`);
    return {
      number,
      title: it.title,
      attachments: it.attachments,
      ...textOf(it),
      proposedDecision: proposedText,
      formulatedInMeeting: proposedText !== null && isFormulatedInMeeting(proposedText),
      decision: decisionOf(it),
      subItems: it.subs.map((s): DocSubItem => {
        takePlainSubtitle(s);
        return {
          letter: s.letter,
          title: s.title,
          subtitle: s.subtitle,
          attachments: s.attachments,
          ...textOf(s),
          proposedDecision: s.proposed?.toText() ?? null,
          decision: decisionOf(s),
        };
      }),
      closedLegalBasis: it.closed,
      protocolEntries: it.protocol.map((b) => b.toText()).filter((t): t is string => t !== null),
      disqualified: it.disqualified,
    };
  });

  const agendaValues = fields.agenda ? [...fields.agenda.values, ...fields.agenda.bullets] : [];
  const document: MeetingDocument = {
    kind,
    organisation: headingOrg,
    body: headingBody,
    startsAt: osloIso(tid.start),
    endsAt: tid.end ? osloIso(tid.end) : null,
    location: fields.place?.values.join(' ').trim() || null,
    present: attendees('present'),
    secretariat: attendees('secretariat'),
    absent: attendees('absent'),
    noticeApproval: kind === 'referat' ? notice.buffer.toText() : null,
    agendaHeadings: agendaValues.filter(Boolean),
    items: docItems,
  };
  unplaced.sort((a, b) => a.line - b.line);
  return { document, unplaced, attachmentTitles };
}

/** List values printed over several lines: joined with ", " unless the line already ended with a separator. */
function joinListLines(values: string[]): string {
  return values.reduce((acc, v) => (!acc ? v : /[,;]$/.test(acc) || /^og\s/.test(v) ? `${acc} ${v}` : `${acc}, ${v}`), '');
}

function decisionOf(h: HolderState): DocDecision | null {
  const text = h.decision?.toText() ?? null;
  if (text === null && !h.voting) return null;
  return { text: text ?? '', voting: h.voting };
}

export function isFormulatedInMeeting(text: string): boolean {
  return /^formuleres i møtet\.?$/i.test(text.trim());
}

/** In real documents the subtitle is a plain line right under the sub-item heading: short, no full stop, more text after it. */
function takePlainSubtitle(s: SubState): void {
  if (!s.plainHeading || s.subtitle !== null) return;
  const [c0, c1] = s.text.chunks;
  if (!c0 || !c1 || c0.lines.length !== 1) return;
  const line = c0.lines[0]!.replace(/^[-–+]\s+/, '');
  if (!(c0.marked || c1.blankBefore)) return;
  if (line.length > 100 || ENDS_SENTENCE.test(line) || /,$/.test(line) || !/^[\p{Lu}\d]/u.test(line) || LIST_ITEM.test(c0.lines[0]!) && !c0.marked) return;
  s.subtitle = line;
  s.text.chunks = s.text.chunks.slice(1);
  s.text.chunks[0]!.blankBefore = false;
}

function parseDisqualified(text: string): { name: string; legalBasis: string } | null {
  const t = text.trim().replace(/\.$/, '');
  if (!t) return null;
  let m = /^(.+?)\s*\((.+)\)$/.exec(t);
  if (m) return { name: m[1]!.trim(), legalBasis: cleanBasis(m[2]!) };
  m = /^(.+?),?\s+(?:jf\.?|jfr\.?)\s+(.+)$/i.exec(t);
  if (m) return { name: m[1]!.trim(), legalBasis: m[2]!.trim() };
  return { name: t, legalBasis: '' };
}

/** "til møte i Rådmannsgruppen 14. september 2017" → body, organisation and date. */
export function parseHeadingRest(rest: string): { body: string | null; organisation: string | null; date: CalendarDate | null } {
  const found = findDate(rest);
  let text = found ? rest.slice(0, found.index) + ' ' + rest.slice(found.index + found.length) : rest;
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

/** An innkalling or a referat, whichever the text is. Throws DocumentParseError when it is neither. */
export function parseDocument(text: string): ParseResult {
  const kind = detectKind(text);
  if (!kind) throw new DocumentParseError('Not an innkalling or a referat: no heading such as "Referat fra møte i …" was found.');
  return parseMeetingDocument(text, kind);
}

// ---------------------------------------------------------------------------------------------------------------
// Voting lines

export type VotingOutcome = 'UNANIMOUS' | 'MAJORITY' | 'CASTING_VOTE' | 'REJECTED';

export interface Voting {
  outcome: VotingOutcome;
  votesFor: number | null;
  votesAgainst: number | null;
  votesBlank: number | null;
  /** Names of those who voted against, as printed. */
  dissenters: string[];
}

/** "Enstemmig vedtatt", "Vedtatt mot 2 stemmer (X, Y)", "Vedtatt med 5 mot 2 stemmer", "Forkastet" … */
export function parseVotingText(text: string): Voting | null {
  const t = text.trim();
  let outcome: VotingOutcome | null = null;
  if (/enstemmig/i.test(t)) outcome = 'UNANIMOUS';
  else if (/dobbeltstemme/i.test(t)) outcome = 'CASTING_VOTE';
  else if (/forkastet|\bfalt\b/i.test(t)) outcome = 'REJECTED';
  else if (/vedtatt/i.test(t)) outcome = 'MAJORITY';
  if (!outcome) return null;
  const v: Voting = { outcome, votesFor: null, votesAgainst: null, votesBlank: null, dissenters: [] };
  const counts = /(\d+)\s*(?:stemmer\s*)?mot\s*(\d+)/i.exec(t);
  if (counts) {
    v.votesFor = Number(counts[1]);
    v.votesAgainst = Number(counts[2]);
  } else {
    const against = /mot\s+(\d+)\s+stemme/i.exec(t);
    if (against) v.votesAgainst = Number(against[1]);
  }
  const blank = /(\d+)\s+blank/i.exec(t);
  if (blank) v.votesBlank = Number(blank[1]);
  const names = /\(([^)]+)\)/.exec(t);
  if (names && outcome !== 'UNANIMOUS') {
    v.dissenters = names[1]!
      .split(/,|\s+og\s+/)
      .map((n) => n.trim())
      .filter(Boolean);
  }
  return v;
}

/** The canonical voting line for a recorded result (read back by parseVotingText to the same values). */
export function formatVotingText(v: Voting): string {
  const counts = v.votesFor !== null && v.votesAgainst !== null ? `${v.votesFor} mot ${v.votesAgainst} stemmer` : null;
  const names = v.dissenters.length ? ` (${v.dissenters.join(', ')})` : '';
  const blank = v.votesBlank !== null ? `, ${v.votesBlank} blanke` : '';
  switch (v.outcome) {
    case 'UNANIMOUS':
      return 'Enstemmig vedtatt.';
    case 'CASTING_VOTE':
      return `Vedtatt${counts ? ` med ${counts}` : ''} ved møteleders dobbeltstemme${names}${blank}.`;
    case 'REJECTED':
      return `Forkastet${counts ? ` med ${counts}` : ''}${names}${blank}.`;
    case 'MAJORITY':
      if (counts) return `Vedtatt med ${counts}${names}${blank}.`;
      if (v.votesAgainst !== null) return `Vedtatt mot ${v.votesAgainst} stemme${v.votesAgainst === 1 ? '' : 'r'}${names}${blank}.`;
      return `Vedtatt med flertall${names}${blank}.`;
  }
}
