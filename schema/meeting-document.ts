/**
 * A meeting as its documents (innkalling, referat) show it: plain data, no ORM. Rendering reads it, importing
 * produces it, and both sides of a round trip compare it. Times are ISO instants; texts are verbatim.
 */
export type DocumentKind = 'innkalling' | 'referat';

export interface DocAttendee {
  name: string;
  /** Municipality or county, as printed after the name ("Bærum"); null when the document gives none. */
  municipality: string | null;
  /** "Steinar Valstad for Trond Julin": the member stood in for. */
  substituteFor: string | null;
  /** "(fra sak 25/2017)" → "25/2017". */
  fromItem: string | null;
  /** "(til og med sak 27/2017)" → "27/2017". */
  untilItem: string | null;
  /** Role as printed beside the name ("styreleder", "Varamedlem"); absent or null when none is given. */
  role?: string | null;
  /** Party as printed ("AP", "Sp"); absent or null when none is given. */
  party?: string | null;
  /** Anything else printed about the attendance ("per telefon", "til kl"); absent or null when none. */
  note?: string | null;
}

export interface DocDecision {
  text: string;
  /** Voting result as printed, e.g. "Enstemmig vedtatt", "Vedtatt mot 2 stemmer (X, Y)"; null when not given. */
  voting: string | null;
}

export interface DocSubItem {
  letter: string;
  title: string;
  subtitle: string | null;
  /** Vedlegg numbers ("Vedlegg 9" → [9]). */
  attachments: number[];
  introduction: string | null;
  notes: string | null;
  proposedDecision: string | null;
  decision: DocDecision | null;
}

export interface DocItem {
  /** "21/2017"; "" when the document lost the number and it could not be inferred (see numberLost). */
  number: string;
  /** The number as printed when it differs from `number` ("/06", "/:", "R-27/19"); absent when the same. */
  numberPrinted?: string;
  /** The printed number was broken ("/06") and `number` was inferred from its neighbours in the agenda. */
  numberInferred?: boolean;
  /** The number was lost in the source and could not be inferred: the item is kept in its place, `number` is "". */
  numberLost?: boolean;
  title: string;
  /** The title the public sees of a closed item, when it has one (else "Unntatt offentlighet"). */
  publicTitle?: string | null;
  /** Vedlegg numbers ("Vedlegg 3+4" → [3, 4]). */
  attachments: number[];
  introduction: string | null;
  notes: string | null;
  proposedDecision: string | null;
  /** True for "Formuleres i møtet." */
  formulatedInMeeting: boolean;
  decision: DocDecision | null;
  subItems: DocSubItem[];
  /** Closed items: legal basis (hjemmel); the public rendering shows only the number and "Unntatt offentlighet". */
  closedLegalBasis: string | null;
  protocolEntries: string[];
  /** "Inhabil: Navn (hjemmel)" lines. */
  disqualified: { name: string; legalBasis: string }[];
}

export interface MeetingDocument {
  kind: DocumentKind;
  organisation: string | null;
  /** "Rådmannsgruppen" */
  body: string;
  /** Planned (innkalling) or actual (referat) start and end, ISO instants; place as printed. */
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  present: DocAttendee[];
  secretariat: DocAttendee[];
  absent: DocAttendee[];
  /** "Godkjenning av innkalling og dagsorden" and its vedtak ("Godkjent."), referat only. */
  noticeApproval: string | null;
  /** The agenda lines under "Dagsorden:" in an innkalling ("Godkjenning av innkalling og dagsorden", "Ordinære saker"). */
  agendaHeadings: string[];
  items: DocItem[];
  /**
   * Counts the document states in words rather than by listing ("Til stede: 35 representanter", "møtte: 35 av 37",
   * "16 av 18 medlemmer var tilstede"); absent or null when it states none. `absentCount` is stated or implied by
   * "X av Y".
   */
  presentCount?: number | null;
  absentCount?: number | null;
  /** "Saknr.: 206/12-243/12", "Fra saksnr: 61 Til saksnr. 74": the items the meeting dealt with, as a range. */
  itemRange?: { from: string; to: string } | null;
  /** The document's title as printed, when it was read from a real document rather than our own rendering. */
  title?: string | null;
}
