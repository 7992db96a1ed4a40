/**
 * Download links without a token in their URL. The link's href is the plain path (what the public may get); for a
 * signed-in user a click first asks GraphQL (with the Authorization header) for a link signed for that one path, good
 * for a few minutes (`resourceLink`), and follows that instead. So that a middle-click, "open in new tab" or "copy
 * link" also gets the user's version, the href itself is replaced by a signed link as soon as the pointer or the
 * keyboard focus reaches the link (and again once that link is about to expire).
 */
import { errorText, gql } from './api.js';
import { currentSession } from './auth.js';
import { h } from './dom.js';
import { RESOURCE_LINK } from './queries.js';

interface SignedLink {
  path: string;
  expiresAt: string;
}

/** A signed link is taken as stale this long before it expires, so that a click never gets one that just did. */
const MARGIN_MS = 30_000;

export function downloadLink(path: string, attrs: Record<string, string>, label: string): HTMLAnchorElement {
  const a = h('a', { ...attrs, href: path, download: true, rel: 'noopener' }, label);
  let freshUntil = 0;
  let signing: Promise<void> | null = null;
  const signAhead = () => {
    if (!currentSession() || signing || Date.now() < freshUntil) return;
    signing = sign(path)
      .then((link) => {
        a.href = link.path;
        freshUntil = new Date(link.expiresAt).getTime() - MARGIN_MS;
      })
      .catch(() => {
        a.href = path;
      })
      .finally(() => {
        signing = null;
      });
  };
  for (const type of ['pointerenter', 'focus', 'mousedown', 'contextmenu']) a.addEventListener(type, signAhead);
  a.addEventListener('click', (event) => {
    if (!currentSession()) return; // the public: the plain path
    event.preventDefault();
    void follow(path);
  });
  return a;
}

async function sign(path: string): Promise<SignedLink> {
  const { resourceLink } = await gql<{ resourceLink: SignedLink }>(RESOURCE_LINK, { p: path });
  return resourceLink;
}

async function follow(path: string): Promise<void> {
  try {
    const signed = h('a', { href: (await sign(path)).path, download: true, hidden: true });
    document.body.append(signed);
    signed.click();
    signed.remove();
  } catch (error) {
    window.alert(`Kunne ikke laste ned: ${errorText(error)}`);
  }
}
