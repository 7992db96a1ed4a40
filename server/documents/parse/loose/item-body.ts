/**
 * The text of one item in a real document, split where it says what follows: the proposal ("Forslag til vedtak",
 * "Framlegg til vedtak", "Innstilling", "Rådmannens innstilling", "Tilråding"), the treatment ("Behandling"), the
 * decision ("Vedtak:", "VALSTYRET 001/15 VEDTAK:", "Styret fattet følgende enstemmige vedtak") and the voting
 * ("Enstemmig vedtatt", "Vedtaket var samrøystes", "vedtatt med 5 mot 2 stemmer").
 */
import type { DocDecision } from '../../../../schema/meeting-document.js';

export interface ItemBody {
  text: string | null;
  proposedDecision: string | null;
  decision: DocDecision | null;
}

const PROPOSAL =
  /(?:^|\n)[ \t]*(?:\p{L}+s\s+)?(?:forslag til vedtak|framlegg til vedtak|forslag til innstilling|innstilling|tilråding)[ \t]*(?=\n)|(?:(?:\p{L}+s|\p{L}+ i \p{L}+ si|\p{L}+ si)\s+)?(?:forslag til vedtak|framlegg til vedtak|forslag til innstilling|innstilling|tilråding)\s*:|\b(?:\p{Lu}+S\s+)?(?:INNSTILLING|TILRÅDING)\b\s*:?/giu;
const TREATMENT = /\bbehandling(?:\s+i\s+[\p{L} ]{2,30}?)?\s*:|(?:^|\n)[ \t]*behandling i [^\n:]{2,60}(?=\n)/giu;
const DECISION =
  /(?:\p{Lu}[\p{L}-]*\s+(?:\d{1,3}\/\d{2,4}\s+)?)?\b(?:[Vv]edtak|VEDTAK)\s*:|\bVEDTAK\b\s*:?|\b[\p{L}]+\s+fattet\s+følgende\s+(?:enstemmige\s+)?vedtak\s*:?|\bfølgende\s+(?:enstemmige\s+)?vedtak\s+ble\s+fattet\s*:?/gu;
const VOTE =
  /(?:vedtaket var samrøystes\.?|samrøystes(?:\s+(?:vedteke|vedtatt))?\.?|enstemmig(?:\s+vedtatt)\.?|vedtatt\s+(?:med\s+\d+\s+mot\s+\d+\s+stemmer|mot\s+\d+\s+stemmer?|enstemmig)[^.]*\.?)/giu;

type Part = 'text' | 'proposal' | 'treatment' | 'decision';

export function readItemBody(text: string): ItemBody {
  const marks: { at: number; end: number; part: Part; label: string }[] = [];
  const add = (re: RegExp, part: Part) => {
    for (const m of text.matchAll(re)) {
      if (marks.some((x) => m.index < x.end && m.index + m[0].length > x.at)) continue;
      marks.push({ at: m.index, end: m.index + m[0].length, part, label: m[0] });
    }
  };
  add(PROPOSAL, 'proposal');
  add(DECISION, 'decision');
  add(TREATMENT, 'treatment');
  marks.sort((a, b) => a.at - b.at);
  const parts: Record<Part, string[]> = { text: [], proposal: [], treatment: [], decision: [] };
  let voting: string | null = null;
  const first = marks[0]?.at ?? text.length;
  if (text.slice(0, first).trim()) parts.text.push(text.slice(0, first).trim());
  marks.forEach((m, i) => {
    const chunk = text.slice(m.end, marks[i + 1]?.at ?? text.length).trim();
    if (/fattet|følgende/i.test(m.label) && /enstemmig/i.test(m.label)) voting ??= 'Enstemmig vedtatt.';
    if (chunk) parts[m.part].push(chunk);
  });
  let decisionText = parts.decision.join('\n\n') || null;
  if (decisionText) {
    const v = [...decisionText.matchAll(VOTE)].pop();
    if (v) {
      voting = v[0].trim();
      const rest = (decisionText.slice(0, v.index) + decisionText.slice(v.index + v[0].length)).trim();
      decisionText = rest || null;
    }
  }
  if (!voting) {
    // The vote printed under the treatment, before the decision ("Behandling i Formannskapet … Enstemmig vedtatt.").
    const where = parts.treatment.join('\n');
    const v = [...where.matchAll(VOTE)].pop() ?? (parts.proposal.length ? [...text.matchAll(VOTE)].pop() : undefined);
    if (v) {
      voting = v[0].trim();
      parts.treatment = parts.treatment.map((t) => t.replace(v[0], '').trim()).filter(Boolean);
      parts.proposal = parts.proposal.map((t) => t.replace(v[0], '').trim()).filter(Boolean);
    }
  }
  const notes = [...parts.text, ...parts.treatment].join('\n\n') || null;
  return {
    text: notes,
    proposedDecision: parts.proposal.join('\n\n') || null,
    decision: decisionText || voting ? { text: decisionText ?? parts.proposal.join('\n\n'), voting } : null,
  };
}
