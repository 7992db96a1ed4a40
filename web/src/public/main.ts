/**
 * The public innsyn pages, at /innsyn: no sign-in, the public's view of everything (the API decides what that is).
 * Bodies → years → meetings → innkalling and referat (rendered by the server's document routes), and search.
 */
import '../styles.css';
import './innsyn.css';
import { h, replaceChildren } from '../dom.js';
import { link, startRouter } from '../router.js';
import { bodyPage, homePage, yearPage } from './browse.js';
import { meetingPage } from './meeting.js';
import type { Page } from './page.js';
import { parsePublicRoute, publicPaths } from './routes.js';
import { searchPage } from './search.js';

const app = document.getElementById('app')!;
let firstRender = true;

function render(): void {
  const route = parsePublicRoute(location.pathname, location.search);
  const heading = h('h1', { tabindex: '-1' });
  const crumbs = h('nav', { 'aria-label': 'Brødsmulesti', class: 'crumbs' });
  const body = h('div');
  const page: Page = {
    setTitle(title) {
      heading.textContent = title;
      document.title = `${title} – innsyn`;
    },
    setCrumbs(list) {
      replaceChildren(crumbs, h('ol', null, list.map(([href, text]) => h('li', null, link(href, text)))));
    },
    notFound() {
      page.setTitle('Fant ikke siden');
      replaceChildren(body, h('p', null, 'Det du ba om finnes ikke, eller er ikke offentlig. ', link(publicPaths.home(), 'Gå til forsiden')));
    },
  };
  let view: HTMLElement;
  if (route.name === 'home') view = homePage(page);
  else if (route.name === 'search') view = searchPage(page, route.params);
  else if (route.name === 'body') view = bodyPage(page, route.slug);
  else if (route.name === 'year') view = yearPage(page, route.slug, route.year);
  else if (route.name === 'meeting') view = meetingPage(page, route.id, route.kind);
  else {
    view = h('div');
    page.notFound();
  }
  body.append(view);
  const header = h('header', { class: 'site-header' },
    h('div', { class: 'site-header-inner' },
      h('a', { href: publicPaths.home(), 'data-link': '', class: 'brand' }, 'Møtebok – innsyn'),
      h('nav', { 'aria-label': 'Hovedmeny' }, link(publicPaths.search({}), 'Søk', { class: 'header-link' }))));
  const main = h('main', { id: 'main', tabindex: '-1' }, crumbs, heading, body);
  const footer = h('footer', { class: 'site-footer' },
    h('p', null, 'Offentlig journal over møtene. Lukkede saker vises bare med nummer, offentlig tittel og hjemmel.'));
  replaceChildren(app, header, main, footer);
  if (!firstRender && !location.hash) heading.focus();
  firstRender = false;
}

startRouter(render);
