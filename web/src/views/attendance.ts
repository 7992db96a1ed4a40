import { errorText, gql } from '../api.js';
import { busy, field, h, messageArea, option, replaceChildren } from '../dom.js';
import { ATTENDANCE_ROLE, ATTENDANCE_STATUS } from '../format.js';
import { PERSONS, REMOVE_ATTENDANCE, SET_ATTENDANCE, type AttendanceInfo, type MeetingDetail, type PersonInfo } from '../queries.js';
import type { MeetingContext } from './meeting.js';

/**
 * Attendance (til stede, forfall, vara «X for Y», from/until sak) of a meeting, with a form that records one
 * person's attendance (setAttendance replaces an earlier record for them).
 */
export function attendancePanel(ctx: MeetingContext, isReadOnly: () => boolean): { el: HTMLElement; refresh(): void; destroy(): void } {
  const msg = messageArea();
  const table = h('div', { class: 'attendance-list' });
  const formHost = h('div');
  const el = h('section', { class: 'card attendance', 'aria-labelledby': 'oppmote-h' }, h('h2', { id: 'oppmote-h' }, 'Oppmøte'), table, msg.el, formHost);
  let persons: PersonInfo[] | null = null;
  let renderedKey = '';

  const person = h('select', { required: true });
  const status = h('select', null, Object.entries(ATTENDANCE_STATUS).map(([k, v]) => option(k, v, k === 'PRESENT')));
  const role = h('select', null, Object.entries(ATTENDANCE_ROLE).map(([k, v]) => option(k, v, k === 'MEMBER')));
  const substituteFor = h('select');
  const fromItem = h('select');
  const untilItem = h('select');
  const note = h('input', { type: 'text', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Lagre oppmøte');
  const form = h(
    'form',
    { class: 'stack-form', 'aria-labelledby': 'oppmote-form-h' },
    h('h3', { id: 'oppmote-form-h' }, 'Registrer oppmøte'),
    field('Person', person),
    field('Oppmøte', status),
    field('Rolle', role),
    field('Møter for (vara for)', substituteFor, 'Fylles ut når en vara møter for et medlem.'),
    field('Til stede fra sak', fromItem),
    field('Til stede til og med sak', untilItem),
    field('Merknad', note),
    h('div', { class: 'actions' }, submit),
  );

  const byId = (m: MeetingDetail, personId: string) => m.attendance.find((a) => a.person.id === personId);
  person.addEventListener('change', () => prefill(byId(ctx.meeting, person.value)));
  substituteFor.addEventListener('change', () => {
    if (substituteFor.value) role.value = 'SUBSTITUTE';
  });

  function prefill(a: AttendanceInfo | undefined): void {
    status.value = a?.status ?? 'PRESENT';
    role.value = a?.role ?? 'MEMBER';
    substituteFor.value = a?.substituteFor?.id ?? '';
    fromItem.value = a?.fromItem?.id ?? '';
    untilItem.value = a?.untilItem?.id ?? '';
    note.value = a?.note ?? '';
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!person.value) {
      msg.set('Velg en person.', 'error');
      return person.focus();
    }
    const input: Record<string, unknown> = { meetingId: ctx.id, personId: person.value, status: status.value, role: role.value };
    if (substituteFor.value) input.substituteForId = substituteFor.value;
    if (fromItem.value) input.fromItemId = fromItem.value;
    if (untilItem.value) input.untilItemId = untilItem.value;
    if (note.value.trim()) input.note = note.value.trim();
    const name = persons?.find((p) => p.id === person.value)?.name ?? 'Personen';
    void busy(submit, async () => {
      msg.set(null);
      await gql(SET_ATTENDANCE, { input });
      await ctx.reload();
      msg.set(`Oppmøtet for ${name} er lagret.`, 'ok');
    }, (error) => msg.set(errorText(error), 'error'));
  });

  function describe(a: AttendanceInfo): string {
    const parts: string[] = [];
    if (a.substituteFor) parts.push(`for ${a.substituteFor.name}`);
    if (a.fromItem) parts.push(`fra sak ${a.fromItem.number}`);
    if (a.untilItem) parts.push(`til og med sak ${a.untilItem.number}`);
    if (a.note) parts.push(a.note);
    return parts.join(', ');
  }

  function renderTable(m: MeetingDetail, ro: boolean): void {
    const rows = [...m.attendance];
    replaceChildren(
      table,
      rows.length === 0
        ? h('p', null, 'Ingen oppmøte registrert.')
        : h(
            'ul',
            { class: 'attendance-rows', 'aria-label': 'Registrert oppmøte' },
            rows.map((a) =>
              h(
                'li',
                { class: `attendance-row att-${a.status.toLowerCase()}` },
                h('div', { class: 'att-main' },
                  h('strong', null, a.person.name),
                  ' ',
                  h('span', { class: 'att-status' }, ATTENDANCE_STATUS[a.status] ?? a.status)),
                h('div', { class: 'muted small' }, [a.municipality, ATTENDANCE_ROLE[a.role] ?? a.role, describe(a)].filter(Boolean).join(' · ')),
                ro
                  ? null
                  : h(
                      'div',
                      { class: 'row-actions' },
                      h('button', {
                        type: 'button', class: 'small', 'aria-label': `Endre oppmøtet for ${a.person.name}`,
                        onclick: () => {
                          person.value = a.person.id;
                          prefill(a);
                          status.focus();
                        },
                      }, 'Endre'),
                      h('button', {
                        type: 'button', class: 'small danger', 'aria-label': `Fjern ${a.person.name} fra oppmøtet`,
                        onclick: (e: Event) => void busy(e.currentTarget as HTMLButtonElement, async () => {
                          await gql(REMOVE_ATTENDANCE, { id: a.id });
                          await ctx.reload();
                          msg.set(`${a.person.name} er fjernet fra oppmøtet.`, 'ok');
                          person.focus();
                        }, (error) => msg.set(errorText(error), 'error')),
                      }, 'Fjern'),
                    ),
              ),
            ),
          ),
    );
  }

  function fillSelects(m: MeetingDetail): void {
    if (!persons) return;
    const keep = [person.value, substituteFor.value, fromItem.value, untilItem.value] as const;
    const bodyMembers = persons.filter((p) => p.memberships.some((ms) => ms.body.id === m.body.id));
    const others = persons.filter((p) => !bodyMembers.includes(p));
    const personOptions = (empty: string) => [
      option('', empty),
      h('optgroup', { label: 'Medlemmer av utvalget' }, bodyMembers.map((p) => option(p.id, `${p.name}${p.municipality ? ` (${p.municipality})` : ''}`))),
      others.length ? h('optgroup', { label: 'Andre' }, others.map((p) => option(p.id, `${p.name}${p.municipality ? ` (${p.municipality})` : ''}`))) : null,
    ];
    replaceChildren(person, personOptions('Velg person …'));
    replaceChildren(substituteFor, personOptions('Ingen'));
    const itemOptions = (empty: string) => [option('', empty), m.agendaItems.map((i) => option(i.id, `${i.number} ${i.title}`))];
    replaceChildren(fromItem, itemOptions('Fra møtestart'));
    replaceChildren(untilItem, itemOptions('Til møteslutt'));
    [person.value, substituteFor.value, fromItem.value, untilItem.value] = keep;
  }

  function refresh(): void {
    const m = ctx.meeting;
    const ro = isReadOnly();
    const key = `${ro}|${JSON.stringify(m.attendance)}|${m.agendaItems.map((i) => i.id + i.number).join()}|${persons?.length ?? -1}`;
    if (key === renderedKey) return;
    renderedKey = key;
    renderTable(m, ro);
    fillSelects(m);
    if (ro) formHost.replaceChildren();
    else if (!form.isConnected) formHost.replaceChildren(form);
  }

  void gql<{ persons: PersonInfo[] }>(PERSONS)
    .then((d) => {
      persons = d.persons;
      refresh();
    })
    .catch((error) => msg.set(`Fant ikke personene: ${errorText(error)}`, 'error'));

  const off = ctx.onUpdate(() => refresh());
  refresh();
  return { el, refresh, destroy: off };
}
