import { errorText, gql } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { BODIES, type BodySummary } from '../queries.js';
import { link, paths } from '../router.js';
import type { View } from './view.js';

const BODY_KIND: Record<string, string> = {
  EXECUTIVE_GROUP: 'Rådmannsgruppe',
  STEERING_GROUP: 'Styringsgruppe',
  GENERAL_ASSEMBLY: 'Generalforsamling',
  OTHER: 'Utvalg',
};

/** The bodies (utvalg), grouped by organisation. */
export function homeView(): View {
  const list = h('div', { 'aria-busy': 'true' }, h('p', null, 'Laster utvalgene …'));
  void (async () => {
    try {
      const { bodies } = await gql<{ bodies: BodySummary[] }>(BODIES);
      const byOrg = new Map<string, BodySummary[]>();
      for (const b of bodies) byOrg.set(b.organisation.name, [...(byOrg.get(b.organisation.name) ?? []), b]);
      replaceChildren(
        list,
        bodies.length === 0 ? h('p', null, 'Ingen utvalg ennå.') : null,
        [...byOrg].map(([org, bs]) =>
          h(
            'section',
            { class: 'card' },
            h('h2', null, org),
            h('ul', { class: 'link-list' }, bs.map((b) => h('li', null, link(paths.body(b.slug), b.name), ' ', h('span', { class: 'muted' }, `(${BODY_KIND[b.kind] ?? b.kind})`)))),
          ),
        ),
      );
    } catch (error) {
      replaceChildren(list, h('p', { class: 'message message-error', role: 'alert' }, errorText(error)));
    } finally {
      list.removeAttribute('aria-busy');
    }
  })();
  return { el: h('section', null, list), title: 'Utvalg' };
}
