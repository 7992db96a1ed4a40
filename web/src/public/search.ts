/** The public search page: a form (words, body, years, kind of sak, only with vedtak) and hits with highlights. */
import { field, h, option, replaceChildren, uid } from '../dom.js';
import { formatDate, ITEM_KIND, MEETING_STATUS } from '../format.js';
import { link, navigate } from '../router.js';
import { publicGql } from './data.js';
import { anchorOf } from './data.js';
import { loading } from './browse.js';
import type { Page } from './page.js';
import { publicPaths } from './routes.js';

interface TextPart {
  text: string;
  match: boolean;
}

interface Hit {
  id: string;
  kind: 'MEETING' | 'AGENDA_ITEM' | 'SUB_ITEM';
  label: string;
  titleHighlights: TextPart[];
  snippet: TextPart[];
  meeting: { id: string; startsAt: string; status: string; body: { name: string } };
}

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: Hit }>;
}

const SEARCH = /* GraphQL */ `
  query PublicSearch($q: String!, $filter: SearchFilter, $after: String) {
    search(query: $q, filter: $filter, first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind label titleHighlights { text match } snippet { text match } meeting { id startsAt status body { name } } } }
    }
  }
`;

let bodiesCache: Promise<Array<{ slug: string; name: string }>> | null = null;
const bodies = () => (bodiesCache ??= publicGql<{ bodies: Array<{ slug: string; name: string }> }>('{ bodies { slug name } }').then((d) => d.bodies));

/** Marked-up text: matches in <mark>. */
const highlighted = (parts: TextPart[]) => parts.map((p) => (p.match ? h('mark', null, p.text) : p.text));

/** The search form; submitting goes to /innsyn/sok with the choices in the address. */
export function searchForm(params: URLSearchParams): HTMLFormElement {
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', required: true, autocomplete: 'off', enterkeyhint: 'search' });
  const body = h('select', { name: 'utvalg' }, option('', 'Alle utvalg'));
  void bodies().then((list) => {
    for (const b of list) body.append(option(b.slug, b.name, b.slug === params.get('utvalg')));
  }).catch(() => undefined);
  const from = h('input', { type: 'number', name: 'fra', inputmode: 'numeric', min: '1900', max: '2999', class: 'num', value: params.get('fra') ?? '' });
  const to = h('input', { type: 'number', name: 'til', inputmode: 'numeric', min: '1900', max: '2999', class: 'num', value: params.get('til') ?? '' });
  const kind = h('select', { name: 'type' }, option('', 'Alle'), Object.entries(ITEM_KIND).map(([k, v]) => option(k, v, k === params.get('type'))));
  const withDecision = h('input', { type: 'checkbox', name: 'vedtak', value: '1', checked: params.get('vedtak') === '1', id: uid('f') });
  const narrowed = ['utvalg', 'fra', 'til', 'type', 'vedtak'].some((k) => params.get(k));
  const form = h('form', { role: 'search', class: 'card search-form', 'aria-label': 'Søk i møtebøkene' },
    h('div', { class: 'inline-form' },
      field('Søk i innkallinger, referater og vedtak', q, 'For eksempel «tertialrapport» eller et saksnummer som «25/2017».'),
      h('button', { type: 'submit', class: 'primary' }, 'Søk')),
    h('details', { open: narrowed },
      h('summary', null, 'Avgrens søket'),
      h('div', { class: 'grid-form' },
        field('Utvalg', body), field('Fra år', from), field('Til år', to), field('Type sak', kind),
        h('div', { class: 'field checkbox' }, withDecision, h('label', { for: withDecision.id }, 'Bare med vedtak')))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(publicPaths.search({
      q: q.value.trim(),
      utvalg: body.value || undefined,
      fra: from.value || undefined,
      til: to.value || undefined,
      type: kind.value || undefined,
      vedtak: withDecision.checked ? '1' : undefined,
    }));
  });
  return form;
}

function hitItem(hit: Hit): HTMLLIElement {
  const anchor = hit.kind === 'MEETING' ? undefined : anchorOf(hit.label);
  const where = [hit.meeting.body.name, formatDate(hit.meeting.startsAt), MEETING_STATUS[hit.meeting.status] ?? hit.meeting.status].join(' · ');
  return h('li', { class: 'hit' },
    h('h2', { class: 'hit-title' }, link(publicPaths.meeting(hit.meeting.id, undefined, anchor), h('span', null, h('span', { class: 'number' }, hit.label), ' ', ...highlighted(hit.titleHighlights)))),
    h('p', { class: 'muted small' }, where),
    hit.snippet.length ? h('p', { class: 'snippet' }, ...highlighted(hit.snippet)) : null);
}

export function searchPage(page: Page, params: URLSearchParams): HTMLElement {
  const q = params.get('q')?.trim() ?? '';
  page.setTitle(q ? `Søk: ${q}` : 'Søk');
  page.setCrumbs([[publicPaths.home(), 'Innsyn']]);
  const results = h('section', { 'aria-label': 'Treff' });
  const el = h('div', null, searchForm(params), results);
  if (!q) return el;
  const year = (k: string) => (params.get(k) && Number.isInteger(Number(params.get(k))) ? Number(params.get(k)) : undefined);
  const filter = {
    bodySlugs: params.get('utvalg') ? [params.get('utvalg')] : undefined,
    yearFrom: year('fra'),
    yearTo: year('til'),
    itemKinds: params.get('type') ? [params.get('type')] : undefined,
    hasDecision: params.get('vedtak') === '1' ? true : undefined,
  };
  const status = h('p', { role: 'status', class: 'result-count' }, 'Søker …');
  const list = h('ol', { class: 'hits' });
  const more = h('button', { type: 'button', hidden: true }, 'Vis flere treff');
  replaceChildren(results, status, list, more);
  let after: string | null = null;
  const next = () =>
    loading(results, async () => {
      more.hidden = true;
      const { search } = await publicGql<{ search: Connection }>(SEARCH, { q, filter, after });
      status.textContent = search.totalCount === 0 ? `Ingen treff på «${q}».` : `${search.totalCount} treff på «${q}».`;
      const added = search.edges.map((e) => hitItem(e.node));
      list.append(...added);
      if (after) added[0]?.querySelector('a')?.focus();
      after = search.pageInfo.endCursor;
      more.hidden = !search.pageInfo.hasNextPage;
    });
  more.addEventListener('click', next);
  next();
  return el;
}
