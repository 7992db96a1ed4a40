import { ApiError, errorText, gql } from '../api.js';
import { currentSession } from '../auth.js';
import { busy, h, messageArea, option, replaceChildren, uid } from '../dom.js';
import { VOTE_OUTCOME, colorFor, formatDateTime } from '../format.js';
import { createFieldEditor, type FieldEditor } from '../live/field-editor.js';
import { minutesText, openMinutesSession, type LiveState } from '../live/minutes-session.js';
import { MINUTES_LOCKED, readOnlyText } from '../live/read-only.js';
import { ADOPT_DECISION, COLLAB_TICKET, type AgendaItemInfo, type DecisionInfo, type MeetingDetail, type SubItemInfo } from '../queries.js';
import { attendancePanel } from './attendance.js';
import type { MeetingContext, TabView } from './meeting.js';

type FieldName = 'notes' | 'decision';

interface Slot {
  key: string;
  itemId: string;
  letter: string | null;
  field: FieldName;
  label: string;
  host: HTMLElement;
  editor: FieldEditor | null;
}

/** The status line: connection, saving, read-only. */
export function statusText(s: LiveState): { text: string; tone: 'ok' | 'busy' | 'warn' | 'ro' } {
  if (s.readOnly) return { text: `Skrivebeskyttet: ${readOnlyText(s.readOnly)}.`, tone: 'ro' };
  switch (s.connection) {
    case 'connecting':
      return { text: 'Kobler til referatet …', tone: 'busy' };
    case 'offline':
      return { text: `Ingen nettforbindelse – kobler til på nytt når nettet er tilbake.${s.unsaved ? ' Det du skriver nå, lagres da.' : ''}`, tone: 'warn' };
    case 'reconnecting':
      return { text: `Kobler til på nytt …${s.unsaved ? ' Det du har skrevet, lagres når forbindelsen er tilbake.' : ''}`, tone: 'warn' };
    case 'connected':
      return { text: 'Tilkoblet – synkroniserer …', tone: 'busy' };
    case 'synced':
      if (s.unsaved) return { text: 'Synkronisert – lagrer endringer …', tone: 'busy' };
      return s.editedHere ? { text: 'Alle endringer lagret.', tone: 'ok' } : { text: 'Tilkoblet og synkronisert.', tone: 'ok' };
  }
}

/**
 * The meeting room: for each sak and sub-item the live referat (notes) and vedtak (decision), co-edited with the
 * other secretaries; adopting decisions; the attendance panel; and a status line.
 */
export function roomTab(ctx: MeetingContext): TabView {
  const session = currentSession();
  const me = session?.name ?? 'Sekretær';
  const ticket = async () => (await gql<{ collabTicket: { ticket: string } }>(COLLAB_TICKET, { m: ctx.id })).collabTicket.ticket;
  const live = openMinutesSession(ctx.id, session ? ticket : null, { name: me, color: colorFor(me) });
  const slots = new Map<string, Slot>();
  const adoptHosts = new Map<string, HTMLElement>();
  const msg = messageArea();
  const readOnly = () => live.state.readOnly !== null;

  const status = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite', id: 'status-line', dataset: { tone: 'busy' } }, 'Kobler til referatet …');
  const presence = h('p', { class: 'presence' });
  const itemsHost = h('div', { class: 'minutes-items' });
  const attendance = attendancePanel(ctx, () => readOnly());
  const el = h(
    'section',
    { class: 'room', 'aria-labelledby': 'room-h' },
    h('div', { class: 'room-bar' }, h('h2', { id: 'room-h' }, 'Møterom og referat'), status, presence),
    msg.el,
    h('div', { class: 'room-layout' }, h('div', { class: 'room-main' }, itemsHost), h('aside', { class: 'room-aside', 'aria-label': 'Oppmøte' }, attendance.el)),
  );


  // ---- status line and who is here
  let editorsReadOnly = false;
  const renderStatus = (s: LiveState) => {
    const { text, tone } = statusText(s);
    if (status.textContent !== text) status.textContent = text;
    status.dataset.tone = tone;
    status.dataset.connection = s.connection;
    status.dataset.saved = String(!s.unsaved);
    const ro = s.readOnly !== null;
    if (ro !== editorsReadOnly) {
      editorsReadOnly = ro;
      for (const slot of slots.values()) slot.editor?.setReadOnly(ro);
      el.classList.toggle('is-readonly', ro);
      attendance.refresh();
      renderAdoptAll();
    }
  };
  const renderPresence = () => {
    const names = new Set<string>();
    live.provider.awareness.getStates().forEach((st, clientId) => {
      const user = (st as { user?: { name?: string } }).user;
      if (clientId !== live.doc.clientID && user?.name) names.add(user.name);
    });
    presence.textContent = names.size ? `Har også referatet åpent: ${[...names].sort().join(', ')}` : 'Ingen andre har referatet åpent nå.';
  };
  live.onChange(renderStatus);
  live.provider.awareness.on('change', renderPresence);
  renderPresence();

  // ---- the saker
  let signature = '';
  const structureOf = (m: MeetingDetail) => m.agendaItems.map((i) => `${i.id}:${i.number}:${i.title}:${i.subItems.map((s) => `${s.letter}/${s.title}`).join(',')}`).join('|');

  function buildItems(m: MeetingDetail): void {
    // Editors of fields that are still there move to their new place, so typing and cursors are not disturbed.
    const previous = new Map(slots);
    const focused = [...previous.values()].find((s) => s.editor?.view.hasFocus)?.key ?? null;
    slots.clear();
    adoptHosts.clear();
    signature = structureOf(m);
    replaceChildren(
      itemsHost,
      m.agendaItems.length === 0 ? h('p', null, 'Sakslisten er tom.') : null,
      m.agendaItems.map((item) => itemSection(item)),
    );
    for (const [key, old] of previous) {
      const slot = slots.get(key);
      if (slot && old.editor) {
        slot.host.replaceChildren(old.editor.view.dom);
        slot.editor = old.editor;
        old.editor.view.contentDOM.setAttribute('aria-label', slot.label); // the sak may have a new number
        old.editor.view.requestMeasure();
      } else old.editor?.destroy();
    }
    if (focused) slots.get(focused)?.editor?.focus();
    ensureEditors();
    renderAdoptAll();
  }

  function itemSection(item: AgendaItemInfo): HTMLElement {
    const headingId = uid('sak');
    const where = `sak ${item.number}`;
    return h(
      'section',
      { class: 'minutes-item card', 'aria-labelledby': headingId, dataset: { itemNumber: item.number, itemId: item.id } },
      h('h3', { id: headingId }, h('span', { class: 'number' }, `Sak ${item.number}`), ' ', item.title),
      item.proposedDecision ? h('p', { class: 'proposed' }, h('strong', null, 'Forslag til vedtak: '), item.proposedDecision.text) : null,
      liveField(item.id, null, 'notes', 'Referat', where),
      liveField(item.id, null, 'decision', 'Vedtak', where),
      adoptHost(item.id, null),
      item.subItems.map((sub) => subSection(item, sub)),
    );
  }

  function subSection(item: AgendaItemInfo, sub: SubItemInfo): HTMLElement {
    const headingId = uid('under');
    const where = `sak ${item.number} ${sub.letter}`;
    return h(
      'section',
      { class: 'minutes-subitem', 'aria-labelledby': headingId, dataset: { letter: sub.letter } },
      h('h4', { id: headingId }, h('span', { class: 'number' }, `${sub.letter})`), ' ', sub.title, sub.subtitle ? h('span', { class: 'muted' }, ` – ${sub.subtitle}`) : null),
      sub.proposedDecision ? h('p', { class: 'proposed' }, h('strong', null, 'Forslag til vedtak: '), sub.proposedDecision.text) : null,
      liveField(item.id, sub.letter, 'notes', 'Referat', where),
      liveField(item.id, sub.letter, 'decision', 'Vedtak', where),
      adoptHost(item.id, sub.letter),
    );
  }

  function liveField(itemId: string, letter: string | null, fieldName: FieldName, labelText: string, where: string): HTMLElement {
    const key = `${itemId}|${letter ?? ''}|${fieldName}`;
    const labelId = uid('lbl');
    const host = h('div', { class: 'editor-host' }, h('p', { class: 'muted small placeholder-text' }, 'Venter på referatet …'));
    const slot: Slot = { key, itemId, letter, field: fieldName, label: `${labelText}, ${where}`, host, editor: null };
    slots.set(key, slot);
    const label = h('span', { class: 'field-label', id: labelId, onclick: () => slot.editor?.focus() }, labelText);
    return h('div', { class: 'live-field', dataset: { field: fieldName } }, label, host);
  }

  function ensureEditors(): void {
    if (!live.provider.synced && live.state.connection !== 'offline') return;
    for (const slot of slots.values()) {
      if (slot.editor) continue;
      const ytext = minutesText(live.doc, slot.itemId, slot.field, slot.letter);
      if (!ytext) continue;
      slot.host.replaceChildren();
      slot.editor = createFieldEditor({
        parent: slot.host,
        ytext,
        awareness: live.provider.awareness,
        label: slot.label,
        placeholderText: slot.field === 'decision' ? 'Skriv vedtaket …' : 'Skriv referatet …',
        readOnly: readOnly(),
      });
    }
  }
  live.provider.on('sync', (synced: boolean) => synced && ensureEditors());
  const items = live.doc.getMap('items');
  const onStructure = () => ensureEditors();
  items.observeDeep(onStructure);

  // ---- adopting decisions
  function adoptHost(itemId: string, letter: string | null): HTMLElement {
    const host = h('div', { class: 'adopt' });
    adoptHosts.set(`${itemId}|${letter ?? ''}`, host);
    return host;
  }

  function renderAdoptAll(): void {
    const m = ctx.meeting;
    for (const item of m.agendaItems) {
      renderAdopt(item, null, item.decision);
      for (const sub of item.subItems) renderAdopt(item, sub.letter, sub.decision);
    }
  }

  function renderAdopt(item: AgendaItemInfo, letter: string | null, decision: DecisionInfo | null): void {
    const host = adoptHosts.get(`${item.id}|${letter ?? ''}`);
    if (!host) return;
    const where = `sak ${item.number}${letter ? ` ${letter}` : ''}`;
    const stateKey = `${decision?.adoptedAt ?? ''}|${readOnly()}`;
    if (host.dataset.state === stateKey) return; // keep focus and choices while nothing changed
    host.dataset.state = stateKey;
    if (decision?.adoptedAt) {
      const vote = decision.voteOutcome ? ` · ${VOTE_OUTCOME[decision.voteOutcome] ?? decision.voteOutcome}` : '';
      const counts = decision.votesFor !== null ? ` (${decision.votesFor} mot ${decision.votesAgainst ?? 0})` : '';
      replaceChildren(host, h('p', { class: 'adopted' }, h('span', { 'aria-hidden': 'true' }, '✔ '), `Vedtatt ${formatDateTime(decision.adoptedAt)}${vote}${counts}`));
      return;
    }
    if (readOnly()) {
      replaceChildren(host, h('p', { class: 'muted small' }, 'Ikke vedtatt.'));
      return;
    }
    const outcome = h('select', { id: uid('vote') }, Object.entries(VOTE_OUTCOME).map(([k, v]) => option(k, v, k === 'UNANIMOUS')));
    const votesFor = h('input', { type: 'number', min: 0, inputmode: 'numeric', id: uid('for'), class: 'num' });
    const votesAgainst = h('input', { type: 'number', min: 0, inputmode: 'numeric', id: uid('mot'), class: 'num' });
    const counts = h('span', { class: 'vote-counts', hidden: true },
      h('label', { for: votesFor.id }, 'For'), votesFor, h('label', { for: votesAgainst.id }, 'Mot'), votesAgainst);
    outcome.addEventListener('change', () => (counts.hidden = outcome.value === 'UNANIMOUS'));
    const button = h('button', { type: 'submit', class: 'small primary' }, 'Vedta');
    const form = h('form', { class: 'adopt-form', 'aria-label': `Vedta vedtaket i ${where}` },
      h('label', { for: outcome.id }, 'Avstemning'), outcome, counts, button);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (item.kind === 'MINUTES_APPROVAL' && !letter && !window.confirm('Å vedta denne saken godkjenner og låser referatet fra forrige møte. Fortsette?')) return;
      const vote: Record<string, unknown> = { outcome: outcome.value };
      if (!counts.hidden && votesFor.value) vote.votesFor = Number(votesFor.value);
      if (!counts.hidden && votesAgainst.value) vote.votesAgainst = Number(votesAgainst.value);
      void busy(button, async () => {
        msg.set(null);
        await gql(ADOPT_DECISION, { target: { agendaItemId: item.id, ...(letter ? { subItemLetter: letter } : {}) }, vote });
        await ctx.reload();
        msg.set(`Vedtaket i ${where} er vedtatt.`, 'ok');
        adoptHosts.get(`${item.id}|${letter ?? ''}`)?.querySelector<HTMLElement>('.adopted')?.setAttribute('tabindex', '-1');
      }, (error) => {
        msg.set(errorText(error), 'error');
        // Approved meanwhile (by another secretary): the referat is locked; say so and show the approved meeting.
        if (error instanceof ApiError && error.code === MINUTES_LOCKED) {
          live.setReadOnly(MINUTES_LOCKED);
          void ctx.reload();
        }
      });
    });
    replaceChildren(host, form);
  }

  // ---- follow GraphQL: approved minutes are read-only; agenda changes rebuild the sections
  const onMeeting = (m: MeetingDetail) => {
    live.setReadOnly(m.status === 'MINUTES_APPROVED' ? MINUTES_LOCKED : null);
    if (structureOf(m) !== signature) buildItems(m);
    else renderAdoptAll();
  };
  const off = ctx.onUpdate(onMeeting);
  live.setReadOnly(ctx.meeting.status === 'MINUTES_APPROVED' ? MINUTES_LOCKED : null);
  buildItems(ctx.meeting);
  renderStatus(live.state);

  return {
    el,
    destroy() {
      off();
      items.unobserveDeep(onStructure);
      live.provider.awareness.off('change', renderPresence);
      attendance.destroy();
      for (const slot of slots.values()) slot.editor?.destroy();
      slots.clear();
      live.destroy();
    },
  };
}
