/** What the public pages read: GraphQL without a token, and the server's rendered documents. */

/** A failure with a message for the reader; `notFound` when the server said the thing does not exist (for them). */
export class LoadError extends Error {
  constructor(message: string, readonly notFound = false) {
    super(message);
  }
}

/** POSTs a query to /graphql as the public (never with a token). */
export async function publicGql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new LoadError('Får ikke kontakt med tjeneren. Sjekk nettforbindelsen og prøv igjen.');
  }
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const error = body.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    if (code === 'NOT_FOUND') throw new LoadError('Fant ikke det du ba om. Det kan være at det ikke er offentlig.', true);
    if (code === 'BAD_USER_INPUT') throw new LoadError(`Søket kan ikke gjøres slik: ${error.message}`);
    throw new LoadError('Noe gikk galt på tjeneren. Prøv igjen.');
  }
  if (!body.data) throw new LoadError(`Uventet svar fra tjeneren (HTTP ${res.status}).`);
  return body.data;
}

export type DocumentKind = 'innkalling' | 'referat';

/**
 * A meeting's innkalling or referat as rendered by the server (GET /meetings/<id>/<kind>.html), parsed: its title and
 * the content of its <main>, or null when the public may not read it (yet).
 */
export async function loadDocument(meetingId: string, kind: DocumentKind): Promise<{ title: string; content: DocumentFragment } | null> {
  const res = await fetch(`/meetings/${encodeURIComponent(meetingId)}/${kind}.html`).catch(() => null);
  if (!res) throw new LoadError('Får ikke kontakt med tjeneren. Sjekk nettforbindelsen og prøv igjen.');
  if (res.status === 404) return null;
  if (!res.ok) throw new LoadError('Dokumentet kunne ikke hentes. Prøv igjen.');
  // The server escapes every text; DOMParser runs no scripts, and only the elements of <main> are taken over.
  const parsed = new DOMParser().parseFromString(await res.text(), 'text/html');
  const main = parsed.querySelector('main');
  const h1 = main?.querySelector('h1');
  const title = h1?.textContent?.trim() ?? '';
  h1?.remove();
  main?.querySelectorAll('script, style, link, iframe, object').forEach((n) => n.remove());
  const content = document.createDocumentFragment();
  for (const node of Array.from(main?.childNodes ?? [])) content.append(document.importNode(node, true));
  // Anchors for each sak and sub-item ("#sak-25-2017", "#sak-25-2017-b"), for search hits to point at.
  for (const section of Array.from(content.querySelectorAll<HTMLElement>('section.item'))) {
    const label = section.querySelector('h3 .label')?.textContent ?? '';
    const id = anchorOf(label);
    if (!id) continue;
    section.id = id;
    for (const sub of Array.from(section.querySelectorAll<HTMLElement>('section.sub-item'))) {
      const letter = sub.querySelector('h4 .label')?.textContent?.trim().toLowerCase();
      if (letter) sub.id = `${id}-${letter}`;
    }
  }
  return { title, content };
}

/** "Sak 25/2017" → "sak-25-2017"; "Sak 24a/2017 B" → "sak-24a-2017-b". */
export function anchorOf(label: string): string {
  return label.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
}
