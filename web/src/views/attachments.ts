/**
 * The vedlegg of one sak in the saksliste: a table (number, title, file name, type, size, public or withheld with its
 * legal basis), download by a signed link, public/non-public, remove, and until the innkalling is sent another number
 * (up/down among the meeting's vedlegg, which are numbered 1…n over the meeting); and uploads by dropping files onto the sak or
 * picking them with a button, each file with its progress. The panel outlives the agenda's re-renders (an upload
 * in progress keeps its progress bar when another secretary changes the agenda): `update` redraws the table only.
 */
import { errorText, gql } from '../api.js';
import { busy, h, messageArea, replaceChildren, uid } from '../dom.js';
import { downloadLink } from '../download.js';
import { FILE_TYPE, formatSize } from '../format.js';
import { MOVE_ATTACHMENT, REMOVE_ATTACHMENT, SET_ATTACHMENT_PUBLIC, type AgendaItemInfo, type AttachmentInfo } from '../queries.js';
import { UploadError, uploadFile } from '../upload.js';
import type { MeetingContext } from './meeting.js';

const ACCEPT = '.pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const ACCEPTED_KINDS = 'PDF, Word (DOCX), OpenDocument-tekst (ODT), Excel (XLSX), PNG eller JPEG';

export interface AttachmentPanel {
  el: HTMLElement;
  /** Redraws the table for the sak as the meeting now has it. */
  update(item: AgendaItemInfo, locked: boolean): void;
  /** Makes `target` (the sak's row) take dropped files. */
  acceptDrops(target: HTMLElement): void;
}

/** What a refused upload means, in Norwegian, naming the file. */
export function uploadErrorText(error: unknown, fileName: string): string {
  if (error instanceof UploadError) {
    switch (error.code) {
      case 'FILE_TOO_LARGE':
        return `«${fileName}» er for stor${error.maxBytes ? `: tjeneren tar imot filer på inntil ${formatSize(error.maxBytes)}` : ''}.`;
      case 'TOO_MANY_FILES':
        return `«${fileName}» ble ikke lastet opp: for mange filer på én gang.`;
      case 'UNSUPPORTED_FILE_TYPE':
        return `«${fileName}» kan ikke legges ved: filtypen støttes ikke. Last opp ${ACCEPTED_KINDS}.`;
      case 'MINUTES_LOCKED':
        return `«${fileName}» ble ikke lastet opp: referatet er godkjent og låst.`;
      case 'ABORTED':
        return `Opplastingen av «${fileName}» ble avbrutt.`;
    }
  }
  return `«${fileName}» ble ikke lastet opp. ${errorText(error)}`;
}

export function attachmentPanel(ctx: MeetingContext, initial: AgendaItemInfo): AttachmentPanel {
  let item = initial;
  let locked = false;
  const name = () => `sak ${item.number}`;
  const msg = messageArea();
  const table = h('div', { class: 'attachment-table' });
  const progressList = h('ul', { class: 'upload-progress', 'aria-label': 'Opplastinger' });
  // Withholding needs a legal basis first: the open forms, by vedlegg, survive redraws.
  const withholding = new Map<string, HTMLInputElement>();

  const fileInput = h('input', { type: 'file', multiple: true, accept: ACCEPT, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const pick = h('button', { type: 'button', class: 'small', dataset: { focusKey: `pick-${initial.id}` } }, 'Velg filer …');
  const closed = h('input', { type: 'checkbox', id: uid('closed') });
  const basis = h('input', { type: 'text', id: uid('basis'), autocomplete: 'off', placeholder: 'Offl. § 13, jf. fvl. § 13', hidden: true });
  const basisLabel = h('label', { for: basis.id, hidden: true }, 'Hjemmel (offentleglova §)');
  closed.addEventListener('change', () => {
    basis.hidden = basisLabel.hidden = !closed.checked;
    if (closed.checked) basis.focus();
  });
  pick.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    void uploadAll(files);
  });
  const hint = h('p', { class: 'hint drop-hint' });
  const uploadBox = h(
    'div',
    { class: 'upload-box' },
    hint,
    h('div', { class: 'upload-controls' }, pick, fileInput, h('span', { class: 'checkbox' }, closed, h('label', { for: closed.id }, 'Unntatt offentlighet')), basisLabel, basis),
  );
  const heading = h('h4', null, 'Vedlegg');
  const el = h('section', { class: 'attachments', 'aria-label': `Vedlegg til ${name()}` }, heading, table, uploadBox, progressList, msg.el);

  let queue = Promise.resolve();
  function uploadAll(files: File[]): Promise<void> {
    if (!files.length) return queue;
    msg.set(null);
    const legalBasis = basis.value.trim();
    if (closed.checked && !legalBasis) {
      msg.set('Skriv hjemmelen for unntaket fra offentlighet (offentleglova §) før du laster opp.', 'error');
      basis.focus();
      return queue;
    }
    const fields = { agendaItemIds: [item.id], public: !closed.checked, legalBasis: closed.checked ? legalBasis : undefined };
    const errors: string[] = [];
    const done: string[] = [];
    // One request per file, one after the other: a refused file does not stop the others, and each shows its progress.
    for (const file of files) {
      const bar = h('progress', { max: String(file.size || 1), value: '0' });
      const pct = h('span', { class: 'pct' }, '0 %');
      const row = h('li', { dataset: { fileName: file.name } }, h('span', { class: 'file-name' }, file.name), ` (${formatSize(file.size)}) `, bar, ' ', pct);
      bar.setAttribute('aria-label', `Laster opp ${file.name}`);
      progressList.append(row);
      queue = queue.then(async () => {
        try {
          const a = await uploadFile(ctx.id, file, fields, (sent, total) => {
            bar.max = total || 1;
            bar.value = sent;
            pct.textContent = `${Math.floor((sent / (total || 1)) * 100)} %`;
          });
          done.push(`«${file.name}» er lagt ved ${name()} som vedlegg ${a.number}.`);
        } catch (error) {
          errors.push(uploadErrorText(error, file.name));
        } finally {
          row.remove();
        }
      });
    }
    queue = queue.then(async () => {
      if (errors.length) msg.set([...errors, ...done].join(' '), 'error');
      else if (done.length) msg.set(done.join(' '), 'ok');
      if (done.length) await ctx.reload().catch(() => {});
    });
    return queue;
  }

  function acceptDrops(target: HTMLElement): void {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    let depth = 0;
    target.addEventListener('dragenter', (e) => {
      if (locked || !hasFiles(e)) return;
      e.preventDefault();
      depth++;
      target.classList.add('drop-target');
    });
    target.addEventListener('dragover', (e) => {
      if (locked || !hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    });
    target.addEventListener('dragleave', () => {
      if (--depth <= 0) {
        depth = 0;
        target.classList.remove('drop-target');
      }
    });
    target.addEventListener('drop', (e) => {
      depth = 0;
      target.classList.remove('drop-target');
      if (locked || !hasFiles(e)) return;
      e.preventDefault();
      void uploadAll([...(e.dataTransfer?.files ?? [])]);
    });
  }

  const act = (button: HTMLButtonElement | null, action: () => Promise<unknown>, done: string) =>
    busy(
      button,
      async () => {
        msg.set(null);
        await action();
        await ctx.reload();
        msg.set(done, 'ok');
      },
      (error) => {
        msg.set(errorText(error), 'error');
        render();
      },
    );

  function publicCell(a: AttachmentInfo): HTMLElement {
    const box = h('input', { type: 'checkbox', checked: a.public && !withholding.has(a.id), disabled: locked, id: uid('pub'), dataset: { focusKey: `pub-${a.id}` } });
    const label = `Vedlegg ${a.number} er offentlig`;
    box.setAttribute('aria-label', label);
    box.addEventListener('change', () => {
      if (box.checked) {
        withholding.delete(a.id);
        if (a.public) return render();
        void act(null, () => gql(SET_ATTACHMENT_PUBLIC, { input: { attachmentId: a.id, public: true } }), `Vedlegg ${a.number} er offentlig.`);
      } else {
        const input = h('input', { type: 'text', autocomplete: 'off', placeholder: 'Offl. § 13, jf. fvl. § 13', dataset: { focusKey: `basis-${a.id}` } });
        input.setAttribute('aria-label', `Hjemmel for å unnta vedlegg ${a.number} (offentleglova §)`);
        withholding.set(a.id, input);
        render();
        input.focus();
      }
    });
    const cell = h('td', { class: 'public' }, h('span', { class: 'checkbox' }, box, h('label', { for: box.id }, 'Offentlig')));
    const input = withholding.get(a.id);
    if (input) {
      const save = h('button', { type: 'button', class: 'small' }, 'Lagre');
      const cancel = h('button', { type: 'button', class: 'small' }, 'Avbryt');
      save.addEventListener('click', () => {
        const legalBasis = input.value.trim();
        if (!legalBasis) {
          msg.set('Skriv hjemmelen for unntaket fra offentlighet (offentleglova §).', 'error');
          return input.focus();
        }
        void act(save, async () => {
          await gql(SET_ATTACHMENT_PUBLIC, { input: { attachmentId: a.id, public: false, legalBasis } });
          withholding.delete(a.id);
        }, `Vedlegg ${a.number} er unntatt offentlighet (${legalBasis}).`);
      });
      cancel.addEventListener('click', () => {
        withholding.delete(a.id);
        render();
      });
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save.click();
        }
      });
      cell.append(h('div', { class: 'withhold' }, input, save, cancel));
    } else if (!a.public) {
      cell.append(h('div', { class: 'muted small' }, `Unntatt: ${a.legalBasis ?? ''}`));
    }
    return cell;
  }

  /** Up/down among all the meeting's vedlegg (their place in number order), while the agenda is open. */
  function moveButtons(a: AttachmentInfo): HTMLElement[] {
    if (locked || ctx.meeting.status !== 'PLANNED') return [];
    const order = [...ctx.meeting.attachments].sort((x, y) => x.number - y.number).map((x) => x.id);
    const place = order.indexOf(a.id) + 1;
    const move = (to: number, label: string, text: string, key: string) =>
      h('button', {
        type: 'button', class: 'small', disabled: place < 1 || to < 1 || to > order.length, 'aria-label': `Flytt vedlegg ${a.number} ${label}`, dataset: { focusKey: `${key}-${a.id}` },
        onclick: (e: Event) => void act(e.currentTarget as HTMLButtonElement, () => gql(MOVE_ATTACHMENT, { id: a.id, number: to }), `«${a.title}» er nå vedlegg ${to}.`),
      }, text);
    return [move(place - 1, 'opp', '↑', 'aup'), move(place + 1, 'ned', '↓', 'adown')];
  }

  function row(a: AttachmentInfo): HTMLElement {
    const file = a.downloadPath
      ? downloadLink(a.downloadPath, { class: 'file-link', 'aria-label': `Last ned vedlegg ${a.number}, ${a.name ?? a.title}` }, a.name ?? a.title)
      : h('span', { class: 'muted' }, 'ingen fil');
    return h(
      'tr',
      { dataset: { attachmentNumber: String(a.number) } },
      h('td', { class: 'num' }, String(a.number)),
      h('td', null, a.title),
      h('td', { class: 'file' }, file),
      h('td', null, a.type ? (FILE_TYPE[a.type] ?? a.type) : '–'),
      h('td', { class: 'num size' }, a.size === null ? '–' : formatSize(a.size)),
      publicCell(a),
      h(
        'td',
        { class: 'row-actions' },
        ...moveButtons(a),
        locked
          ? null
          : h('button', {
              type: 'button', class: 'small danger', 'aria-label': `Fjern vedlegg ${a.number}`, dataset: { focusKey: `rm-${a.id}` },
              onclick: (e: Event) => {
                if (!window.confirm(`Fjerne vedlegg ${a.number} «${a.title}» fra møtet?`)) return;
                void act(e.currentTarget as HTMLButtonElement, () => gql(REMOVE_ATTACHMENT, { id: a.id }), `Vedlegg ${a.number} «${a.title}» er fjernet.`);
              },
            }, 'Fjern'),
      ),
    );
  }

  function render(): void {
    el.setAttribute('aria-label', `Vedlegg til ${name()}`);
    const list = item.attachments;
    for (const id of withholding.keys()) if (!list.some((a) => a.id === id && a.public)) withholding.delete(id);
    replaceChildren(
      table,
      list.length === 0
        ? h('p', { class: 'muted small' }, 'Ingen vedlegg.')
        : h(
            'table',
            { class: 'table compact attachment-list' },
            h('caption', { class: 'visually-hidden' }, `Vedlegg til ${name()}`),
            h('thead', null, h('tr', null, ['Nr.', 'Tittel', 'Fil', 'Type', 'Størrelse', 'Offentlighet', ''].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, list.map(row)),
          ),
    );
    uploadBox.hidden = locked;
    hint.textContent = `Slipp filer på ${name()} for å legge dem ved (${ACCEPTED_KINDS}), eller velg dem:`;
  }

  render();
  return {
    el,
    update(next, isLocked) {
      item = next;
      locked = isLocked;
      render();
    },
    acceptDrops,
  };
}
