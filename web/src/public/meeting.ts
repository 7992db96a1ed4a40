/** A meeting's innkalling or referat, as the server renders it, readable on a phone. */
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, MEETING_STATUS } from '../format.js';
import { link } from '../router.js';
import { loadDocument, publicGql, type DocumentKind } from './data.js';
import { loading } from './browse.js';
import type { Page } from './page.js';
import { publicPaths } from './routes.js';

interface MeetingInfo {
  id: string;
  title: string | null;
  startsAt: string;
  location: string | null;
  actualLocation: string | null;
  status: string;
  year: number;
  body: { slug: string; name: string };
}

const KIND_NAME: Record<DocumentKind, string> = { innkalling: 'Innkalling', referat: 'Referat' };

export function meetingPage(page: Page, id: string, asked: DocumentKind | null): HTMLElement {
  page.setTitle('Møte');
  const el = h('div', null, h('p', null, 'Laster møtet …'));
  loading(el, async () => {
    const { meeting: m } = await publicGql<{ meeting: MeetingInfo }>(
      'query($id: ID!) { meeting(id: $id) { id title startsAt location actualLocation status year body { slug name } } }',
      { id },
    );
    page.setCrumbs([[publicPaths.home(), 'Innsyn'], [publicPaths.body(m.body.slug), m.body.name], [publicPaths.year(m.body.slug, m.year), String(m.year)]]);
    // The referat when it may be read (it is the fuller record), else the innkalling; or the one asked for.
    let kind: DocumentKind = asked ?? 'referat';
    let doc = await loadDocument(m.id, kind);
    let referatReadable = kind === 'referat' ? doc !== null : null;
    if (!doc && !asked) {
      kind = 'innkalling';
      doc = await loadDocument(m.id, kind);
    }
    if (referatReadable === null) referatReadable = m.status === 'MINUTES_APPROVED' || m.status === 'HELD';
    page.setTitle(doc?.title || `${KIND_NAME[kind]} – ${m.title ?? `møte i ${m.body.name}`}`);
    const draft = kind === 'referat' && m.status === 'HELD';
    const tabs = h('nav', { class: 'tabs', 'aria-label': 'Dokumenter' },
      h('ul', null, (['innkalling', 'referat'] as const).filter((k) => k === 'innkalling' || referatReadable).map((k) =>
        h('li', null, link(publicPaths.meeting(m.id, k), KIND_NAME[k], k === kind ? { 'aria-current': 'page' } : {})))));
    const base = `/meetings/${encodeURIComponent(m.id)}/${kind}`;
    replaceChildren(
      el,
      h('p', { class: 'meeting-meta' },
        h('span', { class: `badge status-${m.status.toLowerCase()}` }, MEETING_STATUS[m.status] ?? m.status),
        h('span', null, formatDateTime(m.startsAt)),
        m.actualLocation ?? m.location ? h('span', null, m.actualLocation ?? m.location) : null),
      tabs,
      draft ? h('p', { class: 'message', role: 'note' }, 'Referatet er et utkast: det er ikke godkjent ennå.') : null,
      doc
        ? [
            h('p', { class: 'downloads' }, 'Last ned: ',
              h('a', { href: `${base}.pdf`, download: '' }, `${KIND_NAME[kind]} (PDF)`), ' ',
              h('a', { href: `${base}.docx`, download: '' }, `${KIND_NAME[kind]} (Word)`)),
            h('article', { class: 'document card', 'aria-label': doc.title || KIND_NAME[kind] }, doc.content),
          ]
        : h('p', { class: 'message' }, kind === 'referat' ? 'Referatet er ikke offentlig ennå.' : 'Innkallingen er ikke offentlig.'),
    );
    // A search hit points at a sak: bring it into view and to the keyboard.
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) {
      target.classList.add('target');
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }, () => page.notFound());
  return el;
}
