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
  /** "21/2017" */
  number: string;
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
}
