import { errorText, gql } from '../api.js';
import { busy, field, h, messageArea, option, replaceChildren } from '../dom.js';
import { ITEM_KIND, formatDateTime } from '../format.js';
import {
  ADD_ITEM, ADD_SUB_ITEM, MOVE_ITEM, MOVE_SUB_ITEM, REMOVE_ITEM, REMOVE_SUB_ITEM, SEND_NOTICE,
  type AgendaItemInfo, type MeetingDetail, type SubItemInfo,
} from '../queries.js';
import { downloadLink } from '../download.js';
import { attachmentPanel, type AttachmentPanel } from './attachments.js';
import type { MeetingContext, TabView } from './meeting.js';

/**
 * The agenda (saksliste): saker and sub-items; add, move up/down and remove until the notice is sent; send the
 * notice. After an action the focus returns to the same control of the same sak, wherever it moved.
 */
export function agendaTab(ctx: MeetingContext): TabView {
  const msg = messageArea();
  const list = h('div', { class: 'agenda' });
  const intro = h('div');
  const noticeBox = h('div');
  const el = h('section', { 'aria-labelledby': 'saksliste-h' }, h('h2', { id: 'saksliste-h' }, 'Saksliste'), intro, msg.el, list, addItemForm(), noticeBox);
  let focusAfter: string | null = null;
  // Each sak's vedlegg panel lives across re-renders (uploads in progress keep their progress bars).
  const panels = new Map<string, AttachmentPanel>();
  const panelFor = (item: AgendaItemInfo, locked: boolean): AttachmentPanel => {
    let panel = panels.get(item.id);
    if (!panel) panels.set(item.id, (panel = attachmentPanel(ctx, item)));
    panel.update(item, locked);
    return panel;
  };

  const run = (button: HTMLButtonElement | null, action: () => Promise<unknown>, done?: string, focusKey?: string) =>
    busy(
      button,
      async () => {
        msg.set(null);
        await action();
        focusAfter = focusKey ?? null;
        await ctx.reload();
        if (done) msg.set(done, 'ok');
      },
      (error) => msg.set(errorText(error), 'error'),
    );

  let rendered = '';
  function render(m: MeetingDetail): void {
    // Others' changes arrive as reloads: re-render only what changed, and keep the focus where it was.
    const key = JSON.stringify([m.agendaItems, m.noticeSentAt, m.status]);
    if (key === rendered && !focusAfter) return;
    rendered = key;
    const active = document.activeElement instanceof HTMLElement && el.contains(document.activeElement) ? document.activeElement : null;
    const activeKey = active?.dataset.focusKey ?? null;
    const openDetails = new Set([...el.querySelectorAll<HTMLDetailsElement>('details[open]')].map((d) => d.dataset.openKey));
    const frozen = m.noticeSentAt !== null;
    const locked = m.status === 'MINUTES_APPROVED';
    replaceChildren(
      intro,
      h(
        'p',
        { class: 'hint' },
        frozen
          ? `Innkallingen ble sendt ${formatDateTime(m.noticeSentAt!)}. Saksnumrene er låst: saker kan ikke flyttes eller fjernes, og en ny sak får neste ledige nummer.`
          : 'Sakene nummereres i rekkefølge til innkallingen sendes. Da låses numrene.',
      ),
    );
    const items = m.agendaItems;
    for (const id of panels.keys()) if (!items.some((i) => i.id === id)) panels.delete(id);
    replaceChildren(
      list,
      items.length === 0
        ? h('p', null, 'Ingen saker ennå.')
        : h('ol', { class: 'agenda-list' }, items.map((item, index) => itemRow(item, index, items.length, frozen, locked))),
    );
    replaceChildren(
      noticeBox,
      frozen
        ? null
        : h(
            'section',
            { class: 'card notice', 'aria-labelledby': 'send-h' },
            h('h3', { id: 'send-h' }, 'Send innkallingen'),
            h('p', null, 'Når innkallingen er sendt, låses saksnumrene. Innkallingen kan lastes ned øverst på siden.'),
            h('button', {
              type: 'button',
              class: 'primary',
              onclick: (e: Event) => {
                if (!window.confirm('Sende innkallingen nå? Saksnumrene låses.')) return;
                void run(e.currentTarget as HTMLButtonElement, () => gql(SEND_NOTICE, { id: m.id }), 'Innkallingen er sendt.');
              },
            }, 'Send innkallingen'),
          ),
    );
    for (const d of el.querySelectorAll<HTMLDetailsElement>('details[data-open-key]')) d.open = openDetails.has(d.dataset.openKey);
    const wanted = focusAfter ?? activeKey;
    if (wanted) {
      const target = el.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(wanted)}"]`);
      if (target && !(target as HTMLButtonElement).disabled) target.focus();
      else if (focusAfter) list.querySelector<HTMLElement>('h3')?.focus();
      focusAfter = null;
    }
  }

  function itemRow(item: AgendaItemInfo, index: number, count: number, frozen: boolean, locked: boolean): HTMLElement {
    const name = `sak ${item.number}`;
    const controls = frozen
      ? null
      : h(
          'div',
          { class: 'row-actions', role: 'group', 'aria-label': `Flytt eller fjern ${name}` },
          h('button', {
            type: 'button', class: 'small', disabled: index === 0, 'aria-label': `Flytt ${name} opp`, dataset: { focusKey: `up-${item.id}` },
            onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement, () => gql(MOVE_ITEM, { id: item.id, position: item.position - 1 }), `«${item.title}» er flyttet opp.`, index - 1 === 0 ? `down-${item.id}` : `up-${item.id}`),
          }, '↑ Opp'),
          h('button', {
            type: 'button', class: 'small', disabled: index === count - 1, 'aria-label': `Flytt ${name} ned`, dataset: { focusKey: `down-${item.id}` },
            onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement, () => gql(MOVE_ITEM, { id: item.id, position: item.position + 1 }), `«${item.title}» er flyttet ned.`, index + 1 === count - 1 ? `up-${item.id}` : `down-${item.id}`),
          }, '↓ Ned'),
          h('button', {
            type: 'button', class: 'small danger', 'aria-label': `Fjern ${name}`,
            onclick: (e: Event) => {
              if (!window.confirm(`Fjerne sak ${item.number} «${item.title}» fra sakslisten?`)) return;
              void run(e.currentTarget as HTMLButtonElement, () => gql(REMOVE_ITEM, { id: item.id }), `«${item.title}» er fjernet.`);
            },
          }, 'Fjern'),
        );
    const subs = item.subItems;
    const panel = panelFor(item, locked);
    const row = h(
      'li',
      { class: 'agenda-item', dataset: { itemNumber: item.number } },
      h(
        'div',
        { class: 'row' },
        h('h3', { tabindex: '-1' }, h('span', { class: 'number' }, `Sak ${item.number}`), ' ', item.title),
        controls,
      ),
      h('p', { class: 'muted small' }, ITEM_KIND[item.kind] ?? item.kind, item.public ? null : ` · lukket (${item.publicTitle ?? 'unntatt offentlighet'})`),
      item.proposedDecision ? h('p', { class: 'proposed' }, h('strong', null, 'Forslag til vedtak: '), item.proposedDecision.text) : null,
      subs.length
        ? h(
            'ol',
            { class: 'sub-items', 'aria-label': `Underpunkter til ${name}` },
            subs.map((s, i) =>
              h(
                'li',
                { class: 'row' },
                h(
                  'span',
                  null,
                  h('span', { class: 'number' }, `${s.letter})`), ' ', s.title, s.subtitle ? h('span', { class: 'muted' }, ` – ${s.subtitle}`) : null,
                  subItemAttachments(s),
                ),
                frozen
                  ? null
                  : h(
                      'div',
                      { class: 'row-actions', role: 'group', 'aria-label': `Underpunkt ${s.letter} i ${name}` },
                      h('button', {
                        type: 'button', class: 'small', disabled: i === 0, 'aria-label': `Flytt underpunkt ${s.letter} i ${name} opp`, dataset: { focusKey: `sup-${s.id}` },
                        onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement, () => gql(MOVE_SUB_ITEM, { id: s.id, position: s.position - 1 }), 'Underpunktet er flyttet opp.', i - 1 === 0 ? `sdown-${s.id}` : `sup-${s.id}`),
                      }, '↑'),
                      h('button', {
                        type: 'button', class: 'small', disabled: i === subs.length - 1, 'aria-label': `Flytt underpunkt ${s.letter} i ${name} ned`, dataset: { focusKey: `sdown-${s.id}` },
                        onclick: (e: Event) => void run(e.currentTarget as HTMLButtonElement, () => gql(MOVE_SUB_ITEM, { id: s.id, position: s.position + 1 }), 'Underpunktet er flyttet ned.', i + 1 === subs.length - 1 ? `sup-${s.id}` : `sdown-${s.id}`),
                      }, '↓'),
                      h('button', {
                        type: 'button', class: 'small danger', 'aria-label': `Fjern underpunkt ${s.letter} i ${name}`,
                        onclick: (e: Event) => {
                          if (!window.confirm(`Fjerne underpunkt ${s.letter} «${s.title}»?`)) return;
                          void run(e.currentTarget as HTMLButtonElement, () => gql(REMOVE_SUB_ITEM, { id: s.id }), 'Underpunktet er fjernet.');
                        },
                      }, 'Fjern'),
                    ),
              ),
            ),
          )
        : null,
      panel.el,
      locked ? null : addSubItemForm(item),
    );
    panel.acceptDrops(row);
    return row;
  }

  function addSubItemForm(item: AgendaItemInfo): HTMLElement {
    const title = h('input', { type: 'text', required: true, autocomplete: 'off' });
    const submit = h('button', { type: 'submit', class: 'small' }, 'Legg til');
    const form = h('form', { class: 'inline-form' }, field(`Tittel på nytt underpunkt til sak ${item.number}`, title), submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!title.value.trim()) return title.focus();
      void run(submit, () => gql(ADD_SUB_ITEM, { input: { agendaItemId: item.id, title: title.value.trim() } }), `Underpunktet «${title.value.trim()}» er lagt til.`, `sum-${item.id}`);
    });
    return h('details', { class: 'add-sub', dataset: { openKey: item.id } }, h('summary', { dataset: { focusKey: `sum-${item.id}` } }, `Legg til underpunkt i sak ${item.number}`), form);
  }

  function addItemForm(): HTMLElement {
    const title = h('input', { type: 'text', required: true, autocomplete: 'off' });
    const kind = h('select', null, Object.entries(ITEM_KIND).filter(([k]) => k !== 'MINUTES_APPROVAL').map(([k, v]) => option(k, v, k === 'DECISION')));
    const proposed = h('textarea', { rows: 3 });
    const formulated = h('input', { type: 'checkbox' });
    formulated.id = 'formulated-new';
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Legg til saken');
    const form = h(
      'form',
      { class: 'grid-form' },
      field('Tittel', title),
      field('Type sak', kind),
      field('Forslag til vedtak (valgfritt)', proposed),
      h('div', { class: 'field checkbox' }, formulated, h('label', { for: formulated.id }, 'Vedtaket formuleres i møtet')),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const t = title.value.trim();
      if (!t) {
        msg.set('Skriv en tittel på saken.', 'error');
        return title.focus();
      }
      const input: Record<string, unknown> = { meetingId: ctx.id, title: t, kind: kind.value };
      if (proposed.value.trim() || formulated.checked)
        input.proposedDecision = { text: proposed.value.trim() || 'Formuleres i møtet.', formulatedInMeeting: formulated.checked };
      void run(submit, async () => {
        await gql(ADD_ITEM, { input });
        form.reset();
      }, `Saken «${t}» er lagt til.`);
    });
    return h('section', { class: 'card', 'aria-labelledby': 'ny-sak-h' }, h('h3', { id: 'ny-sak-h' }, 'Ny sak'), form);
  }

  render(ctx.meeting);
  const off = ctx.onUpdate(render);
  // A file dropped beside a sak must not make the browser leave the editor to show it.
  const stray = (e: DragEvent) => {
    if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) e.preventDefault();
  };
  window.addEventListener('dragover', stray);
  window.addEventListener('drop', stray);
  return {
    el,
    destroy() {
      off();
      window.removeEventListener('dragover', stray);
      window.removeEventListener('drop', stray);
    },
  };
}

/** The vedlegg linked to a sub-item, after its title: "Vedlegg 3, 4", each a download link when it has a file. */
function subItemAttachments(s: SubItemInfo): HTMLElement | null {
  if (!s.attachments.length) return null;
  const links = [...s.attachments]
    .sort((a, b) => a.number - b.number)
    .flatMap((a, i) => [
      i ? ', ' : '',
      a.downloadPath
        ? downloadLink(a.downloadPath, { 'aria-label': `Last ned vedlegg ${a.number}, ${a.name ?? a.title}` }, String(a.number))
        : h('span', { title: a.title }, String(a.number)),
    ]);
  return h('span', { class: 'sub-attachments muted small', 'aria-label': `Vedlegg til underpunkt ${s.letter}` }, ' · Vedlegg ', ...links);
}
