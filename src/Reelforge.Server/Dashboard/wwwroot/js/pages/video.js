// One video: its player (with captions), slides, scenes, event history and actions. The history and
// the live state come from the video's own event stream, which replays every stored event first.
import { api } from '../api.js';
import { follow } from '../sse.js';
import { h, fill, time, progressView, stageBadge, stageWords, alertBox, setTitle } from '../ui.js';

const terminal = new Set(['completed', 'failed', 'cancelled', 'expired']);

export function render(main, id) {
  setTitle(id);
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Video'), h('a', { href: '#/videos' }, '← All videos'));
  const notice = h('div', { 'aria-live': 'polite' });
  const summary = h('section', { class: 'card', 'aria-label': 'Status' });
  const media = h('section', { class: 'media', 'aria-label': 'Result' });
  const actions = h('section', { class: 'card', 'aria-labelledby': 'actions-title' });
  const history = h('ol', { class: 'history', reversed: true });
  main.append(head, notice, summary, media, actions,
    h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'Events'), history));

  let current = null;
  let shownMediaFor = null;

  function show(video) {
    current = video;
    fill(summary, 
      h('p', { class: 'prompt' }, video.prompt ?? '(from a timeline or template)'),
      h('dl', { class: 'facts' },
        fact('Id', h('code', {}, video.id)),
        fact('Stage', stageBadge(video)),
        fact('Size', video.size), fact('Seconds', video.seconds), fact('Model', video.model),
        fact('Created', time(video.created_at)),
        video.completed_at ? fact('Completed', time(video.completed_at)) : null,
        fact('Credits', video.credits?.charged ?? video.credits?.reserved ?? '—'),
        video.remixed_from_video_id ? fact('Remix of', h('a', { href: `#/videos/${video.remixed_from_video_id}` }, video.remixed_from_video_id)) : null),
      progressView(video),
      video.error ? alertBox(`${video.error.code}: ${video.error.message}`) : null);
    if (video.status === 'completed' && video.urls && shownMediaFor !== video.id) {
      shownMediaFor = video.id;
      showMedia(video);
    }
    showActions(video);
  }

  function showMedia(video) {
    const u = video.urls;
    const player = h('video', { id: 'player', controls: true, preload: 'auto', poster: u.thumbnail, src: u.video, playsinline: true },
      u.captions_vtt ? h('track', { kind: 'captions', src: u.captions_vtt, srclang: 'en', label: 'Captions', default: true }) : null);
    fill(media, 
      h('div', { class: 'card player' }, player,
        h('p', { class: 'downloads' },
          h('a', { class: 'button', href: u.video, download: `${video.id}.mp4` }, 'Download MP4'),
          u.captions_srt ? h('a', { href: u.captions_srt, download: `${video.id}.srt` }, 'Captions (SRT)') : null,
          h('a', { href: u.thumbnail, target: '_blank', rel: 'noopener' }, 'Thumbnail'))),
      u.slides?.length ? h('div', { class: 'card' }, h('h2', {}, 'Scenes'),
        h('ol', { class: 'slides' }, u.slides.map((src, i) => h('li', {},
          h('img', { src, alt: `Scene ${i + 1}`, loading: 'lazy' }), h('span', {}, `Scene ${i + 1}`))))) : null);
  }

  function showActions(video) {
    const done = terminal.has(video.stage);
    const remixPrompt = h('textarea', { id: 'remix-prompt', name: 'prompt', rows: 2, required: true });
    const remixError = h('div', { 'aria-live': 'polite' });
    const remix = video.status === 'completed' ? h('form', { class: 'inline-form' },
      h('label', { for: 'remix-prompt' }, 'Remix with a new prompt'), remixPrompt, remixError,
      h('div', { class: 'row' },
        h('button', { type: 'submit', name: 'remix' }, 'Remix'),
        h('button', { type: 'submit', name: 'extend', class: 'secondary' }, 'Extend with this prompt'))) : null;
    remix?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const prompt = remixPrompt.value.trim();
      if (!prompt) { remixError.replaceChildren(alertBox('Write a prompt first.')); remixPrompt.focus(); return; }
      try {
        const made = event.submitter?.name === 'extend'
          ? await api('/v1/videos/extensions', { method: 'POST', body: { video: { id: video.id }, prompt } })
          : await api(`/v1/videos/${video.id}/remix`, { method: 'POST', body: { prompt } });
        location.hash = `#/videos/${made.id}`;
      } catch (e) { remixError.replaceChildren(alertBox(e.message)); }
    });
    const remove = h('button', { type: 'button', class: 'danger', id: 'delete' }, done ? 'Delete video' : 'Cancel and delete');
    remove.addEventListener('click', async () => {
      if (!confirm(done ? `Delete ${video.id} and its files?` : `Cancel ${video.id} and delete it?`)) return;
      try {
        await api(`/v1/videos/${video.id}`, { method: 'DELETE' });
        location.hash = '#/videos';
      } catch (e) { notice.replaceChildren(alertBox(e.message)); }
    });
    // Rebuilt only when the choices change, so typing in the remix box is not lost.
    const shape = `${video.status}`;
    if (actions.dataset.shape === shape) return;
    actions.dataset.shape = shape;
    fill(actions, h('h2', { id: 'actions-title' }, 'Actions'), remix, h('p', {}, remove));
  }

  function addEvent(type, event) {
    history.prepend(h('li', {},
      h('time', {}, time(event.created_at)), ' ',
      h('strong', {}, type.replace(/^video\./, '')), ' ',
      h('span', {}, `${stageWords(event.stage)} · ${event.progress}%`),
      event.message ? h('div', { class: 'hint' }, event.message) : null));
  }

  let stop = () => {};
  api(`/v1/videos/${encodeURIComponent(id)}`).then((video) => {
    show(video);
    stop = follow(`/v1/videos/${encodeURIComponent(id)}/events`, (type, event) => {
      addEvent(type, event);
      if (event.data) show(event.data);
    }, { endsByItself: true });
  }).catch((e) => {
    notice.replaceChildren(alertBox(e.status === 404 ? `There is no video ${id}.` : e.message));
  });
  return () => stop();
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}
