import './styles.css';
import { closeSubscriptions, onUnauthenticated } from './api.js';
import { clearSession, currentSession } from './auth.js';
import { h, replaceChildren } from './dom.js';
import { link, navigate, parseRoute, paths, startRouter } from './router.js';
import { bodyView } from './views/body.js';
import { cycleView } from './views/cycle.js';
import { homeView } from './views/home.js';
import { loginView } from './views/login.js';
import { meetingView } from './views/meeting.js';
import type { View } from './views/view.js';

const app = document.getElementById('app')!;
let current: View | null = null;
let firstRender = true;

function signOut(): void {
  clearSession();
  closeSubscriptions();
  navigate(paths.home(), true);
  render();
}

onUnauthenticated(() => {
  clearSession();
  closeSubscriptions();
  render('Tokenet ble avvist (ugyldig eller utløpt). Logg inn på nytt.');
});

function render(notice?: string): void {
  current?.destroy?.();
  current = null;
  const session = currentSession();
  const route = parseRoute(location.pathname);
  const heading = h('h1', { tabindex: '-1' });
  const crumbs = h('nav', { 'aria-label': 'Brødsmulesti', class: 'crumbs' });
  const setTitle = (title: string) => {
    heading.textContent = title;
    document.title = `${title} – Møtebok`;
  };

  let view: View;
  if (!session) view = loginView(() => render());
  else if (route.name === 'home') view = homeView();
  else if (route.name === 'body') view = bodyView(route.slug, setTitle);
  else if (route.name === 'cycle') view = cycleView(route.slug, route.year, setTitle);
  else if (route.name === 'meeting') view = meetingView(route.id, route.tab, setTitle);
  else view = { el: h('p', null, 'Siden finnes ikke. ', link(paths.home(), 'Gå til forsiden')), title: 'Fant ikke siden' };
  current = view;
  setTitle(view.title);

  if (session && route.name !== 'home') replaceChildren(crumbs, h('ol', null, h('li', null, link(paths.home(), 'Utvalg'))));

  const header = h(
    'header',
    { class: 'site-header' },
    h('div', { class: 'site-header-inner' },
      h('a', { href: paths.home(), 'data-link': '', class: 'brand' }, 'Møtebok'),
      session
        ? h('div', { class: 'who' },
            h('span', null, 'Logget inn som ', h('strong', null, session.name)),
            h('button', { type: 'button', class: 'small', onclick: signOut }, 'Logg ut'))
        : null),
  );
  const main = h('main', { id: 'main', tabindex: '-1' },
    crumbs,
    heading,
    notice ? h('p', { class: 'message message-error', role: 'alert' }, notice) : null,
    view.el);
  replaceChildren(app, header, main);
  if (!firstRender) heading.focus();
  firstRender = false;
}

startRouter(() => render());
