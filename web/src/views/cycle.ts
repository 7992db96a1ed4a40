import { errorText, gql } from '../api.js';
import { busy, h, replaceChildren } from '../dom.js';
import { MEETING_STATUS, formatDate, formatTime } from '../format.js';
import { link, paths } from '../router.js';
import type { View } from './view.js';

interface PlanMeeting { id: string; startsAt: string; location: string | null; status: string; cancelledAt: string | null; movedFrom: string | null }
interface Waiting { id: string; title: string; archiveCaseNumber: string | null; createdAt: string }
interface Point { id: string; description: string; responsible: string | null; dueDate: string | null; status: string; overdue: boolean; agendaItem: { number: string } | null }

const CYCLE = /* GraphQL */ `
  query ($slug: String!) { body(slug: $slug) { id name } }`;
const DATA = /* GraphQL */ `
  query ($b: ID!, $year: Int!) {
    meetingPlan(bodyId: $b, year: $year) { id startsAt location status cancelledAt movedFrom }
    pendingCases(bodyId: $b) { id title archiveCaseNumber createdAt }
    followUpReport(bodyId: $b) { id description responsible dueDate status overdue agendaItem { number } }
  }`;
const CANCEL = `mutation ($m: ID!) { cancelMeeting(meetingId: $m) { id } }`;
const DONE = `mutation ($p: ID!) { updateActionPoint(id: $p, input: { status: DONE }) { id } }`;
const POINT_STATUS: Record<string, string> = { OPEN: 'Ikke påbegynt', IN_PROGRESS: 'Under arbeid', DONE: 'Utført' };

const table = (caption: string, heads: string[], rows: HTMLElement[]) =>
  h('table', { class: 'table' }, h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, heads.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, rows));

/** A body's cycle: the year's plan (møteplan), the saker waiting for a meeting, and the follow-up of vedtak. */
export function cycleView(slug: string, year: number, setTitle: (title: string) => void): View {
  const content = h('div', { 'aria-busy': 'true' }, h('p', null, 'Laster møteplanen …'));
  const el = h('section', null, content);

  async function load(): Promise<void> {
    try {
      const { body } = await gql<{ body: { id: string; name: string } | null }>(CYCLE, { slug });
      if (!body) {
        replaceChildren(content, h('p', { class: 'message message-error', role: 'alert' }, `Fant ikke utvalget «${slug}».`));
        return;
      }
      setTitle(`Møteplan og oppfølging – ${body.name}`);
      const data = await gql<{ meetingPlan: PlanMeeting[]; pendingCases: Waiting[]; followUpReport: Point[] }>(DATA, { b: body.id, year });
      const action = (label: string, run: () => Promise<unknown>) => {
        const b = h('button', { type: 'button', class: 'small' }, label);
        b.addEventListener('click', () => void busy(b, async () => { await run(); await load(); }, (e) => alert(errorText(e))));
        return b;
      };
      replaceChildren(
        content,
        h('nav', { 'aria-label': 'År', class: 'year-nav' }, h('ul', null, [year - 1, year + 1].map((y) => h('li', null, link(paths.cycle(slug, y), `Møteplan ${y}`))))),
        h('section', { class: 'card', 'aria-labelledby': 'plan' }, h('h2', { id: 'plan' }, `Møteplan ${year}`),
          data.meetingPlan.length === 0 ? h('p', null, 'Ingen møter planlagt.') : table(`Møteplan ${year}`, ['Dato', 'Sted', 'Status', ''],
            data.meetingPlan.map((m) => h('tr', { 'data-meeting': m.id, class: m.cancelledAt ? 'cancelled' : '' },
              h('td', null, link(paths.meeting(m.id), `${formatDate(m.startsAt)} kl. ${formatTime(m.startsAt)}`), m.movedFrom ? h('span', { class: 'muted' }, ` (flyttet fra ${formatDate(m.movedFrom)})`) : null),
              h('td', null, m.location ?? '–'),
              h('td', null, h('span', { class: 'badge' }, m.cancelledAt ? 'Avlyst' : (MEETING_STATUS[m.status] ?? m.status))),
              h('td', null, m.cancelledAt || m.status === 'HELD' || m.status === 'MINUTES_APPROVED' ? null : action('Avlys', () => gql(CANCEL, { m: m.id }))),
            ))),
        ),
        h('section', { class: 'card', 'aria-labelledby': 'venter' }, h('h2', { id: 'venter' }, 'Saker som venter på møte'),
          data.pendingCases.length === 0 ? h('p', null, 'Ingen saker venter.') : table('Saker som venter', ['Sak', 'Arkivsak', 'Registrert'],
            data.pendingCases.map((c) => h('tr', null, h('td', null, c.title), h('td', null, c.archiveCaseNumber ?? '–'), h('td', null, formatDate(c.createdAt)))))),
        h('section', { class: 'card', 'aria-labelledby': 'oppfolging' }, h('h2', { id: 'oppfolging' }, 'Oppfølgingsliste'),
          data.followUpReport.length === 0 ? h('p', null, 'Ingen oppfølgingspunkter.') : table('Oppfølgingsliste', ['Sak', 'Hva', 'Ansvarlig', 'Frist', 'Status', ''],
            data.followUpReport.map((p) => h('tr', { 'data-point': p.id },
              h('td', null, p.agendaItem?.number ?? '–'), h('td', null, p.description), h('td', null, p.responsible ?? '–'),
              h('td', null, p.dueDate ?? '–', p.overdue ? h('span', { class: 'badge status-overdue' }, ' Forfalt') : null),
              h('td', null, POINT_STATUS[p.status] ?? p.status),
              h('td', null, p.status === 'DONE' ? null : action('Marker utført', () => gql(DONE, { p: p.id }))),
            )))),
      );
    } catch (error) {
      replaceChildren(content, h('p', { class: 'message message-error', role: 'alert' }, errorText(error)));
    } finally {
      content.removeAttribute('aria-busy');
    }
  }
  void load();
  return { el, title: 'Møteplan' };
}
