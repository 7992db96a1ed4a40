import { errorText, gql, subscribe } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { downloadLink } from '../download.js';
import { MEETING_STATUS, formatLongDate, formatTime } from '../format.js';
import { AGENDA_CHANGED, ATTENDANCE_CHANGED, DECISION_UPDATED, MEETING, type MeetingDetail } from '../queries.js';
import { link, paths } from '../router.js';
import { agendaTab } from './agenda.js';
import { roomTab } from './room.js';
import { versionsTab } from './versions.js';
import type { View } from './view.js';

export type Tab = 'dagsorden' | 'referat' | 'versjoner';

/** What the tabs of a meeting share: the meeting as GraphQL has it, kept fresh by subscriptions. */
export interface MeetingContext {
  readonly id: string;
  meeting: MeetingDetail;
  reload(): Promise<void>;
  onUpdate(fn: (m: MeetingDetail) => void): () => void;
}

export interface TabView {
  el: HTMLElement;
  destroy?(): void;
}

const TABS: Array<[Tab, string]> = [
  ['dagsorden', 'Saksliste'],
  ['referat', 'Møterom og referat'],
  ['versjoner', 'Versjoner'],
];

/** A meeting: heading, tabs (agenda, meeting room, versions) and the downloads of innkalling and referat. */
export function meetingView(id: string, tab: Tab, setTitle: (title: string) => void): View {
  const body = h('div', { 'aria-busy': 'true' }, h('p', null, 'Laster møtet …'));
  const el = h('section', { class: 'meeting' }, body);
  let tabView: TabView | null = null;
  const cleanups: Array<() => void> = [];
  const listeners = new Set<(m: MeetingDetail) => void>();
  let destroyed = false;

  const fetchMeeting = async () => (await gql<{ meeting: MeetingDetail }>(MEETING, { id })).meeting;

  void (async () => {
    let meeting: MeetingDetail;
    try {
      meeting = await fetchMeeting();
    } catch (error) {
      replaceChildren(body, h('p', { class: 'message message-error', role: 'alert' }, errorText(error)));
      body.removeAttribute('aria-busy');
      return;
    }
    if (destroyed) return;
    const title = meeting.title ?? `Møte i ${meeting.body.name}`;
    setTitle(`${title} ${formatLongDate(meeting.startsAt)}`);

    let reloading: Promise<void> | null = null;
    let again = false;
    const ctx: MeetingContext = {
      id,
      meeting,
      async reload() {
        if (reloading) {
          again = true;
          return reloading;
        }
        reloading = (async () => {
          do {
            again = false;
            const fresh = await fetchMeeting();
            if (destroyed) return;
            ctx.meeting = fresh;
            renderHeader();
            listeners.forEach((fn) => fn(fresh));
          } while (again);
        })().finally(() => (reloading = null));
        return reloading;
      },
      onUpdate(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    };

    // Others change the agenda, attendance and decisions too: follow them.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void ctx.reload().catch(() => {}), 200);
    };
    cleanups.push(() => timer && clearTimeout(timer));
    cleanups.push(subscribe(AGENDA_CHANGED, { id }, soon));
    cleanups.push(subscribe(ATTENDANCE_CHANGED, { id }, soon));
    cleanups.push(
      subscribe<{ decisionUpdated: { agendaItemId: string; subItemLetter: string | null; field: string; adopted: boolean } }>(
        DECISION_UPDATED,
        { id },
        ({ decisionUpdated: u }) => {
          // Typing is shown live by the editors; reload only when a decision's adoption changed.
          const item = ctx.meeting.agendaItems.find((i) => i.id === u.agendaItemId);
          const target = u.subItemLetter ? item?.subItems.find((s) => s.letter === u.subItemLetter) : item;
          if (u.field === 'DECISION' && !!target?.decision?.adoptedAt !== u.adopted) soon();
        },
      ),
    );

    const header = h('header', { class: 'meeting-header' });
    const renderHeader = () => {
      const m = ctx.meeting;
      replaceChildren(
        header,
        h(
          'p',
          { class: 'meeting-meta' },
          link(paths.body(m.body.slug), m.body.name),
          h('span', null, `${formatLongDate(m.startsAt)}, kl. ${formatTime(m.startsAt)}${m.endsAt ? `–${formatTime(m.endsAt)}` : ''}`),
          m.location ? h('span', null, m.location) : null,
          h('span', { class: `badge status-${m.status.toLowerCase()}` }, MEETING_STATUS[m.status] ?? m.status),
        ),
        downloads(m),
      );
    };
    renderHeader();

    const nav = h(
      'nav',
      { class: 'tabs', 'aria-label': 'Møtet' },
      h('ul', null, TABS.map(([t, label]) => h('li', null, link(paths.meeting(id, t), label, t === tab ? { 'aria-current': 'page' } : {})))),
    );
    const content = h('div', { class: 'tab-content' });
    tabView = tab === 'dagsorden' ? agendaTab(ctx) : tab === 'referat' ? roomTab(ctx) : versionsTab(ctx);
    content.append(tabView.el);
    replaceChildren(body, header, nav, content);
    body.removeAttribute('aria-busy');
  })();

  return {
    el,
    title: 'Møte',
    destroy() {
      destroyed = true;
      cleanups.forEach((fn) => fn());
      listeners.clear();
      tabView?.destroy?.();
    },
  };
}

/**
 * Links to the rendered innkalling and referat, and to the innkalling package (the innkalling and every vedlegg in one
 * PDF, or a zip of the files). A click fetches a link signed for that document: no token in any URL.
 */
function downloads(m: MeetingDetail): HTMLElement {
  const href = (kind: string, fmt: string) => `/meetings/${encodeURIComponent(m.id)}/${kind}.${fmt}`;
  const FORMATS: Array<[string, string]> = [
    ['md', 'Markdown'],
    ['docx', 'Word'],
    ['pdf', 'PDF'],
  ];
  const PACKAGE: Array<[string, string]> = [
    ['pdf', 'PDF'],
    ['zip', 'Zip'],
  ];
  const group = (kind: string, label: string, formats: Array<[string, string]>) =>
    h(
      'div',
      { class: 'download-group', role: 'group', 'aria-label': `Last ned ${label.toLowerCase()}` },
      h('span', { class: 'download-label' }, label),
      formats.map(([fmt, name]) =>
        downloadLink(href(kind, fmt), { class: 'button small', 'aria-label': `Last ned ${label.toLowerCase()} som ${name}` }, name),
      ),
    );
  return h(
    'div',
    { class: 'downloads' },
    group('innkalling', 'Innkalling', FORMATS),
    group('innkalling-package', 'Innkallingspakke med vedlegg', PACKAGE),
    group('referat', 'Referat', FORMATS),
  );
}
