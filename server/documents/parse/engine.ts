/**
 * The line engine: reads an innkalling or a referat line by line (fields, agenda, items, sub-items, decisions),
 * keeping every line it cannot place. Pure; no ORM.
 */
import type { DocumentKind } from '../../../schema/meeting-document.js';
import type { CalendarDate } from '../norwegian-dates.js';
import { findDate } from '../norwegian-dates.js';
import { assembleDocument } from './assemble.js';
import {
  newHolder,
  isBoldLine,
  italicLine,
  parseDisqualified,
  type Field,
  type HolderState,
  type ItemState,
  type ParseResult,
  type SubState,
  type UnplacedLine,
} from './engine-state.js';
import { parseHeadingRest } from './heading.js';
import {
  NUMS,
  SUB_LETTERS,
  bareLine,
  cleanBasis,
  lineShape,
  parseAttachmentNumbers,
  unescapeLineStart,
  type FieldName,
} from './line-shapes.js';
import { TextBuffer } from './text-blocks.js';

/** Parses an innkalling or a referat. `kind` forces the kind; otherwise the heading decides. */
export function parseMeetingDocument(source: string, forcedKind: DocumentKind | null): ParseResult {
  const unplaced: UnplacedLine[] = [];
  const attachmentTitles: Record<number, string> = {};
  const lines = source.replace(/\r\n?/g, '\n').split('\n');

  const kind: DocumentKind | null = forcedKind;
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
  let pendingOrg: { no: number; text: string } | null = null;

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
          if (pendingOrg && !headingOrg) {
            headingOrg = pendingOrg.text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
            pendingOrg = null;
          }
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
        if (!h && section === 'header' && !headingSeen && !pendingOrg && bare.length <= 60 && /^[\p{Lu}][\p{Lu}\s&.-]+$/u.test(bare)) {
          // The organisation printed in capitals above the heading ("VESTREGIONEN"): kept for the heading to take.
          pendingOrg = { no, text: bare };
          continue;
        }
        if (!h) {
          place(no, trimmed);
          continue;
        }
        // The subtitle of a sub-item: in our own rendering an italic line right under a bold heading.
        if (sub?.fresh && !sub.plainHeading && sub.text.empty && field === 'text') {
          const it = italicLine(content);
          sub.fresh = false;
          if (it) {
            sub.subtitle = it;
            continue;
          }
        }
        const afterVote = field === 'afterVote'; // the text goes on in the item's text
        if (afterVote) field = 'text';
        const target = afterVote ? h.text : currentBuffer(h);
        // A broken list marker ("- Sluttrapport …") is dropped from the line only where it may be a subtitle.
        const keepMarker = marked && !(sub?.fresh && sub.plainHeading && target === sub.text && sub.text.empty);
        const lineText = unescapeLineStart(keepMarker ? trimmed : content);
        target.add(lineText, no, marked);
        if (target !== h.text || !h.text.empty) h.fresh = false;
        continue;
      }
    }
  }

  if (pendingOrg) place(pendingOrg.no, pendingOrg.text);
  return assembleDocument({ kind, headingKind, headingBody, headingOrg, headingDate, fields, notice, items, unplaced, attachmentTitles, place });
}
