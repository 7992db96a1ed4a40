/** Client-side routes (History API). The server answers index.html for these paths. */

export type Route =
  | { name: 'home' }
  | { name: 'body'; slug: string }
  | { name: 'cycle'; slug: string; year: number }
  | { name: 'meeting'; id: string; tab: 'dagsorden' | 'referat' | 'versjoner' }
  | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'utvalg' && parts.length === 2) return { name: 'body', slug: parts[1]! };
  if (parts[0] === 'utvalg' && parts.length === 4 && parts[2] === 'plan' && /^\d{4}$/.test(parts[3]!)) {
    return { name: 'cycle', slug: parts[1]!, year: Number(parts[3]) };
  }
  if (parts[0] === 'mote' && parts.length >= 2 && parts.length <= 3) {
    const tab = parts[2] ?? 'dagsorden';
    if (tab === 'dagsorden' || tab === 'referat' || tab === 'versjoner') return { name: 'meeting', id: parts[1]!, tab };
  }
  return { name: 'not-found' };
}

export const paths = {
  home: () => '/',
  body: (slug: string) => `/utvalg/${encodeURIComponent(slug)}`,
  cycle: (slug: string, year: number) => `/utvalg/${encodeURIComponent(slug)}/plan/${year}`,
  meeting: (id: string, tab: 'dagsorden' | 'referat' | 'versjoner' = 'dagsorden') =>
    tab === 'dagsorden' ? `/mote/${encodeURIComponent(id)}` : `/mote/${encodeURIComponent(id)}/${tab}`,
};

let handler: (() => void) | null = null;

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search + location.hash) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  handler?.();
}

/** Calls `render` now and on every navigation (links with data-link, back/forward). */
export function startRouter(render: () => void): void {
  handler = render;
  window.addEventListener('popstate', render);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    event.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
  render();
}

export function link(href: string, text: string | Node, attrs: Record<string, string> = {}): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.dataset.link = '';
  for (const [k, v] of Object.entries(attrs)) a.setAttribute(k, v);
  a.append(text);
  return a;
}
