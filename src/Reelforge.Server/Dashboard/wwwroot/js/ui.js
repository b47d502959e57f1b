// Small DOM helpers: elements are built, never assembled from HTML strings, so API text is inert.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** replaceChildren that skips null and false (the DOM's own would write "null"). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

export function time(unixSeconds) {
  if (!unixSeconds) return '';
  return new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The stage as words, e.g. `generating_media` → "generating media". */
export const stageWords = (stage) => (stage ?? '').replaceAll('_', ' ');

/** A labelled progress bar with the scene states as dots beneath. */
export function progressView(video) {
  return h('div', { class: 'progress' },
    h('progress', { max: 100, value: video.progress ?? 0, 'aria-label': `Progress of ${video.id}` }),
    h('span', { class: 'pct' }, `${video.progress ?? 0}%`),
    scenesView(video.scenes));
}

export function scenesView(scenes = []) {
  if (!scenes.length) return null;
  const done = scenes.filter((s) => s.status === 'succeeded').length;
  return h('ol', { class: 'scenes', 'aria-label': `Scenes: ${done} of ${scenes.length} done` },
    scenes.map((s) => h('li', { class: `scene ${s.status}`, title: `Scene ${s.index + 1}: ${s.status}` },
      h('span', { class: 'visually-hidden' }, `Scene ${s.index + 1}: ${s.status}`))));
}

export function stageBadge(video) {
  return h('span', { class: `badge ${video.stage}`, 'data-stage': video.stage }, stageWords(video.stage));
}

export function alertBox(message) {
  return h('p', { class: 'alert', role: 'alert' }, message);
}

export function setTitle(text) {
  document.title = text ? `${text} · Reelforge` : 'Reelforge';
}

/** A copy of an API list sorted by `created_at`, newest first (ties keep their order). */
export function newestFirst(items) {
  return [...items].sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0));
}
