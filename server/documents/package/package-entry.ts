/**
 * One vedlegg of an innkalling package, as the package builders see it: which sak it belongs to, its number and
 * title, and how to read its bytes. The builders know nothing of the database or of file storage; the gathering
 * (gather-package.ts) decides what is in a package and in which order, through the read policy.
 */
export interface PackageEntry {
  /** The same vedlegg under several saker has one key: its file is included once, bookmarked under each sak. */
  key: string;
  /** "Sak 21/2017". */
  itemLabel: string;
  itemTitle: string;
  attachmentNumber: number;
  title: string;
  /** The stored file's name, or null when none is known. */
  fileName: string | null;
  /** The type of the stored file (detected from its content at upload), or null when none is known. */
  mimeType: string | null;
  /** The file's bytes, or null when no file is stored for this vedlegg. */
  open(): Promise<Uint8Array | null>;
}

/** How a vedlegg is shown in the package PDF. */
export type EntryKind = 'pdf' | 'image' | 'office' | 'other';

const OFFICE_TYPES = new Map<string, string>([
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'et Word-dokument (DOCX)'],
  ['application/msword', 'et Word-dokument (DOC)'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'et Excel-regneark (XLSX)'],
  ['application/vnd.ms-excel', 'et Excel-regneark (XLS)'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'en PowerPoint-presentasjon (PPTX)'],
  ['application/vnd.oasis.opendocument.text', 'et OpenDocument-tekstdokument (ODT)'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'et OpenDocument-regneark (ODS)'],
  ['application/vnd.oasis.opendocument.presentation', 'en OpenDocument-presentasjon (ODP)'],
]);

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

export function entryKind(mimeType: string | null): EntryKind {
  const type = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type === 'image/png' || type === 'image/jpeg') return 'image';
  if (OFFICE_TYPES.has(type)) return 'office';
  return 'other';
}

/** "et Word-dokument (DOCX)" for the cover page of a file the PDF cannot show. */
export function describeType(mimeType: string | null): string {
  const type = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  return OFFICE_TYPES.get(type) ?? 'en fil av en type som ikke kan vises i PDF';
}

/** "Vedlegg 3: Årsregnskap 2016". */
export const entryHeading = (e: Pick<PackageEntry, 'attachmentNumber' | 'title'>): string => `Vedlegg ${e.attachmentNumber}: ${e.title}`;

/** Characters no file system or unzip tool takes in a name (and control characters). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g;

/**
 * The name of a vedlegg in the zip: its place in the package, number and title, and the stored file's extension
 * (or the type's): "03 Vedlegg 4 – Økonomirapport 2. tertial.pdf". Norwegian letters are kept (UTF-8 names).
 */
export function zipName(place: number, e: Pick<PackageEntry, 'attachmentNumber' | 'title' | 'fileName' | 'mimeType'>, width: number): string {
  const fromName = /\.([A-Za-z0-9]{1,5})$/.exec(e.fileName ?? '')?.[1]?.toLowerCase();
  const ext = fromName ?? EXTENSIONS[(e.mimeType ?? '').split(';')[0]!.trim().toLowerCase()] ?? 'bin';
  const title = e.title.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/^[ .]+|[ .]+$/g, '').slice(0, 80).trim();
  return `${String(place).padStart(width, '0')} Vedlegg ${e.attachmentNumber}${title ? ` – ${title}` : ''}.${ext}`;
}
