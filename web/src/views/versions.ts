import { errorText, gql } from '../api.js';
import { downloadLink } from '../download.js';
import { busy, field, h, messageArea, replaceChildren } from '../dom.js';
import { VERSION_REASON, formatDateTime } from '../format.js';
import { CREATE_VERSION, VERSIONS, VERSION_TEXTS, type VersionInfo, type VersionText } from '../queries.js';
import type { MeetingContext, TabView } from './meeting.js';

/** The named versions of the referat: list, the texts as of one, a new version now. */
export function versionsTab(ctx: MeetingContext): TabView {
  const msg = messageArea();
  const list = h('div', { 'aria-busy': 'true' }, h('p', null, 'Laster versjonene …'));
  const viewer = h('section', { class: 'card version-view', 'aria-live': 'polite', hidden: true, tabindex: '-1', 'aria-labelledby': 'versjon-h' });
  const label = h('input', { type: 'text', required: true, autocomplete: 'off', maxlength: 200 });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Lagre versjon nå');
  const form = h('form', { class: 'inline-form' }, field('Navn på versjonen', label, 'For eksempel «Utkast etter møtet».'), submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!label.value.trim()) {
      msg.set('Gi versjonen et navn.', 'error');
      return label.focus();
    }
    void busy(submit, async () => {
      await gql(CREATE_VERSION, { id: ctx.id, label: label.value.trim() });
      msg.set(`Versjonen «${label.value.trim()}» er lagret.`, 'ok');
      label.value = '';
      await load();
    }, (error) => msg.set(errorText(error), 'error'));
  });
  const el = h(
    'section',
    { class: 'versions', 'aria-labelledby': 'versjoner-h' },
    h('h2', { id: 'versjoner-h' }, 'Versjoner av referatet'),
    h('p', { class: 'hint' }, 'Versjoner lagres når innkallingen sendes, når referatet sendes til godkjenning, når det godkjennes – og når du ber om det.'),
    msg.el,
    list,
    ctx.meeting.status === 'MINUTES_APPROVED' ? null : h('section', { class: 'card', 'aria-label': 'Ny versjon' }, form),
    viewer,
  );

  async function load(): Promise<void> {
    try {
      const { minutesVersions } = await gql<{ minutesVersions: VersionInfo[] }>(VERSIONS, { id: ctx.id });
      replaceChildren(
        list,
        minutesVersions.length === 0
          ? h('p', null, 'Ingen versjoner ennå.')
          : h(
              'table',
              { class: 'table' },
              h('caption', { class: 'visually-hidden' }, 'Versjoner, eldste først'),
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Versjon'), h('th', { scope: 'col' }, 'Hvorfor'), h('th', { scope: 'col' }, 'Tidspunkt'), h('th', { scope: 'col' }, 'Av'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Handlinger')))),
              h('tbody', null, minutesVersions.map((v) =>
                h('tr', null,
                  h('th', { scope: 'row' }, v.label),
                  h('td', null, VERSION_REASON[v.reason] ?? v.reason),
                  h('td', null, formatDateTime(v.createdAt)),
                  h('td', null, v.createdBy ?? '–'),
                  h('td', { class: 'nowrap' },
                    h('button', { type: 'button', class: 'small', 'aria-label': `Vis teksten i versjonen «${v.label}»`, onclick: (e: Event) => void show(v, e.currentTarget as HTMLButtonElement) }, 'Vis'),
                    ' ',
                    downloadLink(referatAt(v.id, 'pdf'), { class: 'button small', 'aria-label': `Last ned referatet i versjonen «${v.label}» som PDF` }, 'PDF'),
                    ' ',
                    downloadLink(referatAt(v.id, 'docx'), { class: 'button small', 'aria-label': `Last ned referatet i versjonen «${v.label}» som Word` }, 'Word'),
                  ),
                ),
              )),
            ),
      );
    } catch (error) {
      replaceChildren(list, h('p', { class: 'message message-error', role: 'alert' }, errorText(error)));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function referatAt(versionId: string, fmt: string): string {
    return `/meetings/${encodeURIComponent(ctx.id)}/referat.${fmt}?${new URLSearchParams({ version: versionId })}`;
  }

  async function show(v: VersionInfo, button: HTMLButtonElement): Promise<void> {
    await busy(button, async () => {
      const { minutesVersion } = await gql<{ minutesVersion: { texts: VersionText[] } }>(VERSION_TEXTS, { id: v.id });
      const texts = minutesVersion.texts.filter((t) => t.notes.trim() || t.decision.trim());
      viewer.hidden = false;
      replaceChildren(
        viewer,
        h('h3', { id: 'versjon-h' }, `Referatet i versjonen «${v.label}»`),
        h('p', { class: 'muted' }, `${VERSION_REASON[v.reason] ?? v.reason}, ${formatDateTime(v.createdAt)}`),
        texts.length === 0 ? h('p', null, 'Referatet var tomt i denne versjonen.') : null,
        h('dl', { class: 'version-texts' }, texts.map((t) => [
          h('dt', null, t.itemNumber ? `Sak ${t.itemNumber}${t.subItemLetter ? ` ${t.subItemLetter}` : ''}` : `Fjernet sak${t.subItemLetter ? ` ${t.subItemLetter}` : ''}`),
          h('dd', null,
            t.notes.trim() ? h('div', null, h('strong', null, 'Referat: '), h('span', { class: 'pre' }, t.notes)) : null,
            t.decision.trim() ? h('div', null, h('strong', null, 'Vedtak: '), h('span', { class: 'pre' }, t.decision)) : null),
        ])),
      );
      viewer.focus();
    }, (error) => msg.set(errorText(error), 'error'));
  }

  void load();
  return { el };
}
