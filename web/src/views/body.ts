import { errorText, gql } from '../api.js';
import { busy, field, h, messageArea, replaceChildren } from '../dom.js';
import { MEETING_STATUS, formatDate, formatTime, osloInstant } from '../format.js';
import { BODY_MEETINGS, CREATE_MEETING, MEETINGS_PAGE_SIZE, MORE_MEETINGS, type BodySummary, type Connection, type MeetingSummary } from '../queries.js';
import { link, navigate, paths } from '../router.js';
import type { View } from './view.js';

/**
 * A body's meetings by year (newest year first), a page at a time (meetingsConnection, newest first: "Vis eldre
 * møter" fetches the next page), and a form for a new meeting.
 */
export function bodyView(slug: string, setTitle: (title: string) => void): View {
  const content = h('div', { 'aria-busy': 'true' }, h('p', null, 'Laster møtene …'));
  const el = h('section', null, content);
  const meetings: MeetingSummary[] = [];
  let body: BodySummary | null = null;
  let page: Connection<MeetingSummary> | null = null;

  function render(): void {
    const b = body!;
    const years = new Map<number, MeetingSummary[]>();
    for (const m of meetings) years.set(m.year, [...(years.get(m.year) ?? []), m]);
    const sortedYears = [...years.keys()].sort((a, c) => c - a);
    const msg = messageArea();
    const more = page?.pageInfo.hasNextPage ? h('button', { type: 'button' }, 'Vis eldre møter') : null;
    more?.addEventListener('click', () => void busy(more, loadMore, (error) => msg.set(errorText(error), 'error')));
    replaceChildren(
      content,
      h('p', { class: 'muted' }, b.organisation.name, ' · ', link(paths.cycle(slug, new Date().getFullYear()), 'Møteplan og oppfølging')),
      sortedYears.length > 1
        ? h('nav', { 'aria-label': 'År', class: 'year-nav' }, h('ul', null, sortedYears.map((y) => h('li', null, h('a', { href: `#ar-${y}` }, String(y))))))
        : null,
      sortedYears.length === 0 ? h('p', null, 'Ingen møter ennå.') : null,
      sortedYears.map((year) => yearTable(b, year, years.get(year)!.sort((x, y) => (x.startsAt < y.startsAt ? -1 : 1)))),
      page && page.totalCount > meetings.length
        ? h('div', { class: 'actions' }, h('p', { class: 'muted' }, `Viser ${meetings.length} av ${page.totalCount} møter.`), more, msg.el)
        : null,
      createMeetingForm(b),
    );
  }

  async function loadMore(): Promise<void> {
    const data = await gql<{ meetingsConnection: Connection<MeetingSummary> }>(MORE_MEETINGS, {
      slug,
      first: MEETINGS_PAGE_SIZE,
      after: page!.pageInfo.endCursor,
    });
    page = data.meetingsConnection;
    meetings.push(...page.edges.map((e) => e.node));
    render();
  }

  async function load(): Promise<void> {
    try {
      const data = await gql<{ body: BodySummary | null; meetingsConnection: Connection<MeetingSummary> }>(BODY_MEETINGS, { slug, first: MEETINGS_PAGE_SIZE });
      if (!data.body) {
        replaceChildren(content, h('p', { class: 'message message-error', role: 'alert' }, `Fant ikke utvalget «${slug}».`));
        return;
      }
      setTitle(data.body.name);
      body = data.body;
      page = data.meetingsConnection;
      meetings.push(...page.edges.map((e) => e.node));
      render();
    } catch (error) {
      replaceChildren(content, h('p', { class: 'message message-error', role: 'alert' }, errorText(error)));
    } finally {
      content.removeAttribute('aria-busy');
    }
  }
  void load();
  return { el, title: 'Utvalg' };
}

function yearTable(body: BodySummary, year: number, rows: MeetingSummary[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `ar-${year}` },
    h('h2', { id: `ar-${year}`, tabindex: '-1' }, `Møter ${year}`),
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'visually-hidden' }, `Møter i ${body.name} ${year}`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Dato'), h('th', { scope: 'col' }, 'Møte'), h('th', { scope: 'col' }, 'Sted'), h('th', { scope: 'col' }, 'Status'))),
      h(
        'tbody',
        null,
        rows.map((m) =>
          h(
            'tr',
            null,
            h('td', null, `${formatDate(m.startsAt)} kl. ${formatTime(m.startsAt)}`),
            h('td', null, link(paths.meeting(m.id), m.title ?? `Møte i ${body.name}`)),
            h('td', null, m.location ?? '–'),
            h('td', null, h('span', { class: `badge status-${m.status.toLowerCase()}` }, MEETING_STATUS[m.status] ?? m.status)),
          ),
        ),
      ),
    ),
  );
}

function createMeetingForm(body: BodySummary): HTMLElement {
  const date = h('input', { type: 'date', name: 'date', required: true });
  const start = h('input', { type: 'time', name: 'start', required: true, value: '09:00' });
  const end = h('input', { type: 'time', name: 'end', value: '12:00' });
  const location = h('input', { type: 'text', name: 'location', autocomplete: 'off' });
  const title = h('input', { type: 'text', name: 'title', autocomplete: 'off' });
  const approvePrev = h('input', { type: 'checkbox', name: 'approvePrevious', checked: true });
  approvePrev.id = `approve-prev-${body.id}`;
  const msg = messageArea();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Opprett møtet');
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true },
    field('Dato', date),
    field('Starter kl.', start),
    field('Slutter kl.', end),
    field('Sted', location, 'For eksempel «Drammen rådhus, møterom Åssiden».'),
    field('Tittel (valgfri)', title, `Uten tittel heter møtet «Møte i ${body.name}».`),
    h('div', { class: 'field checkbox' }, approvePrev, h('label', { for: approvePrev.id }, 'Første sak godkjenner referatet fra forrige møte')),
    msg.el,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!date.value || !start.value) {
      msg.set('Fyll inn dato og starttid.', 'error');
      (date.value ? start : date).focus();
      return;
    }
    void busy(
      submit,
      async () => {
        const input: Record<string, unknown> = {
          bodyId: body.id,
          startsAt: osloInstant(date.value, start.value),
          approvePreviousMinutes: approvePrev.checked,
        };
        if (end.value) input.endsAt = osloInstant(date.value, end.value);
        if (location.value.trim()) input.location = location.value.trim();
        if (title.value.trim()) input.title = title.value.trim();
        const { createMeeting } = await gql<{ createMeeting: { id: string } }>(CREATE_MEETING, { input });
        navigate(paths.meeting(createMeeting.id));
      },
      (error) => msg.set(errorText(error), 'error'),
    );
  });
  return h('section', { class: 'card', 'aria-labelledby': 'nytt-mote' }, h('h2', { id: 'nytt-mote' }, 'Nytt møte'), form);
}
