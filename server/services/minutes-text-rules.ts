import { MinutesField } from '../../schema/enums.js';

/** The parts of a decision the text rule looks at (the Decision embeddable, or a row read by the SQL adapter). */
export interface DecisionLike {
  text: string;
  adoptedAt: unknown;
  voteOutcome: unknown;
}

/** Notes: an empty text is stored as null. */
export function notesAfterText(text: string): string | null {
  return text.length ? text : null;
}

/**
 * A decision with a new text; null when nothing is left of it (no text, not adopted, no vote). `create` makes a new
 * decision when there is none yet. The one rule for every path that sets a vedtak text (API, live typing, import).
 */
export function decisionAfterText<D extends DecisionLike>(current: D | null, text: string, create: () => D): D | null {
  if (!text.length && current?.adoptedAt == null && current?.voteOutcome == null) return null;
  const d = current ?? create();
  d.text = text;
  return d;
}

/** What a minutes text field holds now, as the live document and GraphQL show it ('' for none). */
export function fieldText(holder: { notes: string | null; decision: { text: string } | null }, field: MinutesField): string {
  return field === MinutesField.NOTES ? (holder.notes ?? '') : (holder.decision?.text ?? '');
}

/** "25/2017" or "25/2017 A" and "referat"/"vedtak": how an audit entry names a text field. */
export function textFieldLabel(itemNumber: string, letter: string | null, field: MinutesField): string {
  return `${letter === null ? itemNumber : `${itemNumber} ${letter}`} ${field === MinutesField.NOTES ? 'referat' : 'vedtak'}`;
}
