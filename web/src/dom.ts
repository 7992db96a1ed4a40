/** A tiny DOM builder: h('button', { type: 'button', onclick }, 'Lagre'). */

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown> & { dataset?: Record<string, string> };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
      else if (key === 'class') el.className = String(value);
      else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
      else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'required' || key === 'hidden')
        (el as unknown as Record<string, boolean>)[key] = value === true;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id'): string {
  return `${prefix}-${++nextId}`;
}

/** A labelled form control: <div class="field"><label for>…</label>control<hint/></div>. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  return h('option', { value, selected }, label);
}

/** A message area announced to screen readers; set(text, kind) shows it. */
export function messageArea(): { el: HTMLElement; set(text: string | null, kind?: 'error' | 'info' | 'ok'): void } {
  const el = h('p', { class: 'message', role: 'status', 'aria-live': 'polite', hidden: true });
  return {
    el,
    set(text, kind = 'info') {
      el.textContent = text ?? '';
      el.hidden = !text;
      el.className = `message message-${kind}`;
      el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    },
  };
}

/** Runs an async action from a button: disables it meanwhile and reports errors to `report`. */
export async function busy(button: HTMLButtonElement | null, action: () => Promise<void>, report: (error: unknown) => void): Promise<void> {
  if (button?.disabled) return;
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  try {
    await action();
  } catch (error) {
    report(error);
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}
