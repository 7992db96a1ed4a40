/** Browsing the public record: bodies → years → meetings. */
import { h, replaceChildren } from '../dom.js';
import { formatDate, MEETING_STATUS } from '../format.js';
import { link } from '../router.js';
import { LoadError, publicGql } from './data.js';
import { publicPaths } from './routes.js';
import type { Page } from './page.js';
import { searchForm } from './search.js';

interface BodyRow {
  slug: string;
  name: string;
  organisation: { name: string };
}

interface MeetingRow {
  id: string;
  title: string | null;
  startsAt: string;
  status: string;
  year: number;
}

/** Runs `load` into `el`, with a busy state and a readable error. */
export function loading(el: HTMLElement, load: () => Promise<void>, onNotFound?: () => void): void {
  el.setAttribute('aria-busy', 'true');
  void load()
    .catch((error: unknown) => {
      if (error instanceof LoadError && error.notFound && onNotFound) return onNotFound();
      replaceChildren(el, h('p', { class: 'message message-error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    })
    .finally(() => el.removeAttribute('aria-busy'));
}

export function homePage(page: Page): HTMLElement {
  page.setTitle('Innsyn i møtebøkene');
  const list = h('div', null, h('p', null, 'Laster utvalgene …'));
  loading(list, async () => {
    const { bodies } = await publicGql<{ bodies: BodyRow[] }>('{ bodies { slug name organisation { name } } }');
    const byOrg = new Map<string, BodyRow[]>();
    for (const b of bodies) byOrg.set(b.organisation.name, [...(byOrg.get(b.organisation.name) ?? []), b]);
    replaceChildren(
      list,
      [...byOrg].map(([org, bs]) =>
        h('section', { class: 'card', 'aria-labelledby': `org-${bs[0]!.slug}` },
          h('h2', { id: `org-${bs[0]!.slug}` }, org),
          h('ul', { class: 'link-list' }, bs.map((b) => h('li', null, link(publicPaths.body(b.slug), b.name))))),
      ),
    );
  });
  return h('div', null,
    h('p', { class: 'lead' }, 'Innkallinger, referater og vedtak fra møtene, åpent for alle. Søk, eller bla deg fram fra utvalget.'),
    searchForm(new URLSearchParams()),
    h('h2', { class: 'visually-hidden' }, 'Utvalg'),
    list);
}

async function meetingsOf(slug: string): Promise<{ body: { name: string } | null; meetings: MeetingRow[] }> {
  return publicGql(
    'query($slug: String!) { body(slug: $slug) { name } meetings(filter: { bodySlug: $slug }) { id title startsAt status year } }',
    { slug },
  );
}

export function bodyPage(page: Page, slug: string): HTMLElement {
  page.setTitle('Utvalg');
  const el = h('div', null, h('p', null, 'Laster møtene …'));
  loading(el, async () => {
    const { body, meetings } = await meetingsOf(slug);
    if (!body) throw new LoadError('Fant ikke utvalget.', true);
    page.setTitle(body.name);
    page.setCrumbs([[publicPaths.home(), 'Innsyn']]);
    const years = new Map<number, number>();
    for (const m of meetings) years.set(m.year, (years.get(m.year) ?? 0) + 1);
    replaceChildren(
      el,
      years.size === 0 ? h('p', null, 'Ingen offentlige møter ennå.') : null,
      h('h2', null, 'År'),
      h('ul', { class: 'year-list' }, [...years].sort((a, b) => b[0] - a[0]).map(([year, n]) =>
        h('li', null, link(publicPaths.year(slug, year), String(year)), ' ', h('span', { class: 'muted' }, `(${n} ${n === 1 ? 'møte' : 'møter'})`)))),
      searchForm(new URLSearchParams({ utvalg: slug })),
    );
  }, () => page.notFound());
  return el;
}

export function yearPage(page: Page, slug: string, year: number): HTMLElement {
  page.setTitle(`Møter ${year}`);
  const el = h('div', null, h('p', null, 'Laster møtene …'));
  loading(el, async () => {
    const { body, meetings } = await meetingsOf(slug);
    if (!body) throw new LoadError('Fant ikke utvalget.', true);
    page.setTitle(`${body.name} – møter ${year}`);
    page.setCrumbs([[publicPaths.home(), 'Innsyn'], [publicPaths.body(slug), body.name]]);
    const ofYear = meetings.filter((m) => m.year === year);
    replaceChildren(
      el,
      ofYear.length === 0 ? h('p', null, `Ingen offentlige møter i ${year}.`) : null,
      h('ul', { class: 'meeting-list' }, ofYear.map((m) =>
        h('li', { class: 'card' },
          h('h2', null, link(publicPaths.meeting(m.id), `${m.title ?? `Møte i ${body.name}`} ${formatDate(m.startsAt)}`)),
          h('p', { class: 'meeting-meta' },
            h('span', { class: `badge status-${m.status.toLowerCase()}` }, MEETING_STATUS[m.status] ?? m.status),
            link(publicPaths.meeting(m.id, 'innkalling'), 'Innkalling'),
            m.status === 'HELD' || m.status === 'MINUTES_APPROVED' ? link(publicPaths.meeting(m.id, 'referat'), 'Referat') : null)))),
    );
  }, () => page.notFound());
  return el;
}
