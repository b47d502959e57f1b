// The videos list, kept live by the account's event stream (/v1/events): no polling.
import { api } from '../api.js';
import { follow } from '../sse.js';
import { h, time, progressView, stageBadge, alertBox, setTitle } from '../ui.js';

export function render(main) {
  setTitle('Videos');
  const rows = new Map();
  const videos = new Map();
  const body = h('tbody');
  const empty = h('p', { class: 'hint', hidden: true }, 'No videos yet. ', h('a', { href: '#/create' }, 'Create one'), '.');
  const status = h('div', { 'aria-live': 'polite' });
  const live = document.getElementById('live');
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Videos'), h('a', { class: 'button', href: '#/create' }, 'New video')),
    status,
    h('div', { class: 'table-wrap' }, h('table', { class: 'videos' },
      h('caption', { class: 'visually-hidden' }, 'Your videos, newest first; rows update as they render'),
      h('thead', {}, h('tr', {}, ['Video', 'Stage', 'Progress', 'Size', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
      body)),
    empty);

  function row(video) {
    return h('tr', { id: `row-${video.id}`, 'data-id': video.id, 'data-status': video.status, 'data-stage': video.stage },
      h('th', { scope: 'row', 'data-label': 'Video' }, h('div', {},
        h('a', { href: `#/videos/${video.id}` }, video.prompt ? video.prompt.slice(0, 80) : 'From a template or timeline'),
        h('div', { class: 'id' }, video.id))),
      h('td', { 'data-label': 'Stage' }, stageBadge(video),
        video.error ? h('div', { class: 'error-text' }, video.error.message) : null),
      h('td', { 'data-label': 'Progress' }, progressView(video)),
      h('td', { 'data-label': 'Size' }, `${video.size} · ${video.seconds} s`),
      h('td', { 'data-label': 'Created' }, time(video.created_at)));
  }

  const justCreated = sessionStorage.getItem('reelforge.justCreated');
  sessionStorage.removeItem('reelforge.justCreated');
  if (justCreated) status.replaceChildren(h('p', { class: 'notice' }, 'Created ', h('a', { href: `#/videos/${justCreated}` }, justCreated), '. It updates below as it renders.'));

  function put(video, atTop) {
    videos.set(video.id, video);
    const fresh = row(video);
    if (video.id === justCreated) fresh.classList.add('just-created');
    const old = rows.get(video.id);
    if (old) old.replaceWith(fresh);
    else if (atTop) body.prepend(fresh);
    else body.append(fresh);
    rows.set(video.id, fresh);
    empty.hidden = true;
  }

  // Ids changed by an event since the list was asked for: the list may hold an older state of them.
  let touched = null;
  const stop = follow('/v1/events', (type, event) => {
    const video = event.data;
    if (!video?.id) return;
    touched?.add(video.id);
    put(video, true);
  }, {
    onStatus: (state) => {
      live.textContent = state === 'open' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : '';
      live.dataset.state = state;
      // The stream starts from now; the list is read once it is open, so nothing falls in between.
      if (state === 'open' && touched === null) load();
    },
  });

  async function load() {
    touched = new Set();
    try {
      const page = await api('/v1/videos?limit=100');
      for (const video of page.data) {
        if (!touched.has(video.id)) put(video, false);
      }
      empty.hidden = videos.size > 0;
    } catch (e) {
      status.replaceChildren(alertBox(`Could not list videos: ${e.message}`));
    }
  }

  return () => { stop(); live.textContent = ''; delete live.dataset.state; };
}
