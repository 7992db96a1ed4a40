/** The public pages' addresses, all under /innsyn (the server answers innsyn.html for them). */

export type PublicRoute =
  | { name: 'home' }
  | { name: 'search'; params: URLSearchParams }
  | { name: 'body'; slug: string }
  | { name: 'year'; slug: string; year: number }
  | { name: 'meeting'; id: string; kind: 'innkalling' | 'referat' | null }
  | { name: 'not-found' };

export function parsePublicRoute(pathname: string, search: string): PublicRoute {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'innsyn') return { name: 'not-found' };
  const [, a, b, c] = parts;
  if (!a) return { name: 'home' };
  if (a === 'sok' && !b) return { name: 'search', params: new URLSearchParams(search) };
  if (a === 'utvalg' && b && !c) return { name: 'body', slug: b };
  if (a === 'utvalg' && b && c && /^\d{4}$/.test(c) && parts.length === 4) return { name: 'year', slug: b, year: Number(c) };
  if (a === 'mote' && b && parts.length <= 4 && (c === undefined || c === 'innkalling' || c === 'referat')) {
    return { name: 'meeting', id: b, kind: c ?? null };
  }
  return { name: 'not-found' };
}

export const publicPaths = {
  home: () => '/innsyn',
  search: (params: Record<string, string | undefined>) => {
    const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    return `/innsyn/sok?${q.toString()}`;
  },
  body: (slug: string) => `/innsyn/utvalg/${encodeURIComponent(slug)}`,
  year: (slug: string, year: number) => `/innsyn/utvalg/${encodeURIComponent(slug)}/${year}`,
  meeting: (id: string, kind?: 'innkalling' | 'referat', anchor?: string) =>
    `/innsyn/mote/${encodeURIComponent(id)}${kind ? `/${kind}` : ''}${anchor ? `#${anchor}` : ''}`,
};
