// The dashboard's shell: sign-in, the `#/…` routes and the page in view.
import { api, session, whenUnauthorized } from './api.js';
import { h, alertBox, setTitle } from './ui.js';
import * as videos from './pages/videos.js';
import * as video from './pages/video.js';
import * as create from './pages/create.js';
import * as webhooks from './pages/webhooks.js';
import * as usage from './pages/usage.js';
import * as admin from './pages/admin.js';

const main = document.getElementById('main');
const header = document.querySelector('header.top');
let leave = () => {};

const routes = [
  [/^#\/videos\/([\w-]+)$/, video.render],
  [/^#\/videos$/, videos.render],
  [/^#\/create$/, create.render],
  [/^#\/webhooks$/, webhooks.render],
  [/^#\/usage$/, usage.render],
  [/^#\/admin$/, admin.render],
];

function show() {
  leave();
  leave = () => {};
  main.replaceChildren();
  if (!session.key) {
    header.hidden = true;
    signIn();
    return;
  }
  header.hidden = false;
  const hash = location.hash || '#/videos';
  for (const link of header.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
    if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'page');
  }
  const route = routes.find(([pattern]) => pattern.test(hash));
  if (!route) { location.hash = '#/videos'; return; }
  const params = hash.match(route[0]).slice(1).map(decodeURIComponent);
  leave = route[1](main, ...params) ?? (() => {});
}

// The admin link is shown only to a key with the `admin` scope. No route says which scopes a key
// has, so the dashboard asks an admin route once per sign-in (or page load): 200 or 403. The
// server still checks every admin call; this only decides what to show. `data-admin` on the header
// says the answer is in ("true"/"false").
async function checkAdmin() {
  header.removeAttribute('data-admin');
  let allowed = false;
  try {
    await api('/v1/admin/accounts');
    allowed = true;
  } catch {
    allowed = false;
  }
  if (!session.key) return;
  header.querySelector('a[href="#/admin"]').hidden = !allowed;
  header.dataset.admin = String(allowed);
}

function signIn(message) {
  setTitle('Sign in');
  const error = h('div', { 'aria-live': 'assertive' }, message ? alertBox(message) : null);
  const input = h('input', { id: 'api-key', name: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: false });
  const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in to Reelforge'),
    h('p', { class: 'hint' }, 'Your API key stays in this browser tab (session storage) and is sent only to this server.'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    error,
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    try {
      // Any key with videos:read may use the dashboard; this checks the key before keeping it.
      await api('/v1/videos?limit=1', { key });
      session.signIn(key);
      if (!location.hash || location.hash === '#/sign-in') location.hash = '#/videos';
      show();
      checkAdmin();
    } catch (e) {
      error.replaceChildren(alertBox(e.status === 401 ? 'That key was not accepted.' : e.message));
      input.focus();
    }
  });
  main.append(form);
  input.focus();
}

whenUnauthorized(() => {
  session.signOut();
  leave();
  leave = () => {};
  main.replaceChildren();
  header.hidden = true;
  header.querySelector('a[href="#/admin"]').hidden = true;
  signIn('Your key is no longer accepted; sign in again.');
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  header.querySelector('a[href="#/admin"]').hidden = true;
  header.removeAttribute('data-admin');
  show();
});

window.addEventListener('hashchange', () => { show(); main.focus({ preventScroll: true }); });
show();
if (session.key) checkAdmin();
