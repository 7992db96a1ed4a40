/**
 * Download links without a token in their URL. The link's href is the plain path (what the public may get); for a
 * signed-in user a click first asks GraphQL (with the Authorization header) for a link signed for that one path, good
 * for a few minutes (`resourceLink`), and follows that instead.
 */
import { errorText, gql } from './api.js';
import { currentSession } from './auth.js';
import { h } from './dom.js';
import { RESOURCE_LINK } from './queries.js';

export function downloadLink(path: string, attrs: Record<string, string>, label: string): HTMLAnchorElement {
  const a = h('a', { ...attrs, href: path, download: true, rel: 'noopener' }, label);
  a.addEventListener('click', (event) => {
    if (!currentSession()) return; // the public: the plain path
    event.preventDefault();
    void follow(path);
  });
  return a;
}

async function follow(path: string): Promise<void> {
  try {
    const { resourceLink } = await gql<{ resourceLink: { path: string } }>(RESOURCE_LINK, { p: path });
    const signed = h('a', { href: resourceLink.path, download: true, hidden: true });
    document.body.append(signed);
    signed.click();
    signed.remove();
  } catch (error) {
    window.alert(`Kunne ikke laste ned: ${errorText(error)}`);
  }
}
