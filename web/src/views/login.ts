import { gql, errorText } from '../api.js';
import { cleanToken, saveSession } from '../auth.js';
import { busy, field, h, messageArea } from '../dom.js';
import type { View } from './view.js';

/** Sign in by pasting a token (as `npm start` prints it, or from `npm run token -- issue`). */
export function loginView(onSignedIn: () => void): View {
  const token = h('textarea', { name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', class: 'mono' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 80 });
  const msg = messageArea();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Logg inn');
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    field('Token', token, 'Lim inn tokenet ditt, for eksempel «secretaryToken» som npm start skriver ut.'),
    field('Navnet ditt', name, 'Vises for de andre sekretærene ved markøren din i referatet. Står det tomt, brukes navnet brukeren din er registrert med.'),
    msg.el,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = cleanToken(token.value);
    if (!value) {
      msg.set('Lim inn et token.', 'error');
      token.focus();
      return;
    }
    void busy(
      submit,
      async () => {
        msg.set('Sjekker tokenet …');
        // Refused with UNAUTHENTICATED if the token is not valid; otherwise says whose it is.
        const { me } = await gql<{ me: { name: string } | null }>('{ me { name } }', {}, value);
        saveSession({ token: value, name: name.value.trim() || me?.name || 'Sekretær' });
        msg.set(null);
        onSignedIn();
      },
      (error) => {
        msg.set(errorText(error), 'error');
        token.focus();
      },
    );
  });
  const el = h(
    'section',
    { class: 'login' },
    h('p', { class: 'lead' }, 'Møteboka for sekretariatet: saksliste, innkalling, oppmøte og referat skrevet sammen i sanntid.'),
    form,
  );
  return { el, title: 'Logg inn' };
}
