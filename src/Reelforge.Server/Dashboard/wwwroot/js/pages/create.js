// Create a video three ways: a prompt, a template (its variables as a form), or a timeline as JSON.
// The server checks everything; its problems are shown beside the field they name.
import { api } from '../api.js';
import { h, alertBox, setTitle } from '../ui.js';

const THEMES = ['bold', 'minimal', 'neon', 'paper', 'corporate'];
const SIZES = ['1280x720', '720x1280', '1080x1080', '1920x1080', '1080x1920', '640x360', '160x90'];
const EXAMPLE = {
  output: { width: 640, height: 360 },
  scenes: [
    { duration: 2, background: { color: '#1F2A44' }, layers: [{ text: 'Hello from a timeline', style: 'title' }] },
    { duration: 2, background: { color: '#F2B134' }, layers: [{ text: 'Second scene' }] },
  ],
};

export function render(main) {
  setTitle('Create');
  const panel = h('div');
  const tabs = [['prompt', 'From a prompt', promptForm], ['template', 'From a template', templateForm], ['timeline', 'From a timeline', timelineForm]];
  const buttons = tabs.map(([key, label], i) => h('button', {
    type: 'button', role: 'tab', id: `tab-${key}`, 'aria-controls': 'create-panel', tabindex: i === 0 ? '0' : '-1',
  }, label));
  function select(i) {
    buttons.forEach((b, j) => { b.setAttribute('aria-selected', String(i === j)); b.tabIndex = i === j ? 0 : -1; });
    panel.setAttribute('aria-labelledby', buttons[i].id);
    panel.replaceChildren(tabs[i][2]());
  }
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      const move = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!move) return;
      const next = (i + move + tabs.length) % tabs.length;
      select(next);
      buttons[next].focus();
    });
  });
  Object.assign(panel, { id: 'create-panel', role: 'tabpanel' });
  main.append(h('h1', {}, 'Create a video'), h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Create from' }, buttons), panel);
  select(0);
}

/** A labelled field with a slot for its error beneath; `name` is the API's field (or problem path). */
function field(name, label, control, hint) {
  control.id ||= `f-${name.replace(/[^\w-]/g, '-')}`;
  control.name ||= name;
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-field': name }, h('label', { for: control.id }, label), control, hintEl, error);
}

function options(values, selected, blank) {
  return [blank !== undefined ? h('option', { value: '' }, blank) : null,
    ...values.map((v) => h('option', { value: v, selected: v === selected }, v))];
}

/** Shows an API error: beside each field a problem names, and as a summary on top. */
function showErrors(form, summary, error, fieldOf = (path) => path) {
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let first = null;
  for (const problem of error.problems ?? []) {
    const box = form.querySelector(`.field[data-field="${CSS.escape(fieldOf(problem.path))}"]`);
    if (!box) continue;
    const message = box.querySelector('.field-error');
    message.textContent = message.textContent ? `${message.textContent} ${problem.message}` : problem.message;
    message.hidden = false;
    const control = box.querySelector('input, select, textarea');
    control?.setAttribute('aria-invalid', 'true');
    first ??= control;
  }
  summary.replaceChildren(alertBox(error.message));
  (first ?? summary).focus?.();
}

async function submit(form, summary, body, fieldOf) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  summary.replaceChildren();
  try {
    const video = await api('/v1/videos', { method: 'POST', body });
    sessionStorage.setItem('reelforge.justCreated', video.id);
    location.hash = '#/videos';
  } catch (e) {
    showErrors(form, summary, e, fieldOf);
  } finally {
    button.disabled = false;
  }
}

function promptForm() {
  const summary = h('div', { 'aria-live': 'assertive', tabindex: '-1' });
  const form = h('form', { class: 'card', novalidate: true, id: 'prompt-form' },
    field('prompt', 'Prompt', h('textarea', { rows: 4, placeholder: 'Three tips for better sleep. Keep the room cool. …' }),
      'Each sentence becomes a scene.'),
    h('div', { class: 'grid' },
      field('size', 'Size', h('select', {}, options(SIZES, '1280x720'))),
      field('seconds', 'Seconds', h('input', { type: 'number', min: 1, max: 600, value: '8', inputmode: 'numeric' })),
      field('style', 'Style', h('select', {}, options(['slides', 'story'], 'slides'))),
      field('theme', 'Theme', h('select', {}, options(THEMES, null, 'From the seed'))),
      field('voice', 'Voice', h('input', { type: 'text', placeholder: 'en-us', autocomplete: 'off' }), 'Narration voice (optional).')),
    summary,
    h('button', { type: 'submit' }, 'Create video'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = (name) => form.elements[name].value.trim();
    const body = { prompt: v('prompt'), size: v('size'), style: v('style') };
    if (v('style') !== 'story' && v('seconds')) body.seconds = v('seconds');
    if (v('theme')) body.theme = v('theme');
    if (v('voice')) body.voice = v('voice');
    submit(form, summary, body);
  });
  return form;
}

function templateForm() {
  const holder = h('div', { class: 'card' }, h('p', { class: 'hint' }, 'Loading templates…'));
  api('/v1/templates').then((list) => {
    const pick = h('select', { id: 'template-pick' }, options(list.data.map((t) => t.id), null, 'Choose a template'));
    const body = h('div');
    pick.addEventListener('change', () => {
      const template = list.data.find((t) => t.id === pick.value);
      body.replaceChildren(template ? inputsForm(template) : '');
    });
    holder.replaceChildren(h('div', { class: 'field' }, h('label', { for: 'template-pick' }, 'Template'), pick), body);
  }).catch((e) => holder.replaceChildren(alertBox(`Could not list templates: ${e.message}`)));
  return holder;
}

function control(variable) {
  const common = { placeholder: variable.placeholder ?? undefined, 'aria-required': variable.required ? 'true' : undefined };
  const def = variable.default ?? null;
  switch (variable.type) {
    case 'number':
      return h('input', { ...common, type: 'number', step: 'any', min: variable.min ?? undefined, max: variable.max ?? undefined, value: def ?? '' });
    case 'boolean':
      return h('input', { type: 'checkbox', checked: def === true });
    case 'choice':
      return h('select', common, options(variable.options ?? [], def, variable.required ? undefined : '(default)'));
    case 'color':
      return h('input', { ...common, type: 'text', value: def ?? '', placeholder: variable.placeholder ?? '#RRGGBB', pattern: '#[0-9A-Fa-f]{6}' });
    case 'image':
      return h('input', { ...common, type: 'url', value: def ?? '', placeholder: variable.placeholder ?? 'https://…' });
    case 'image_list':
      return h('textarea', { ...common, rows: 3, placeholder: 'One image URL a line' }, Array.isArray(def) ? def.join('\n') : '');
    default:
      return (variable.max_length ?? 0) > 120 || variable.key === 'prompt'
        ? h('textarea', { ...common, rows: 3, maxlength: variable.max_length ?? undefined }, def ?? '')
        : h('input', { ...common, type: 'text', value: def ?? '', maxlength: variable.max_length ?? undefined });
  }
}

function inputsForm(template) {
  const summary = h('div', { 'aria-live': 'assertive', tabindex: '-1' });
  const form = h('form', { novalidate: true, id: 'template-form', 'data-template': template.id },
    template.description ? h('p', { class: 'hint' }, template.description) : null,
    template.variables.map((v) => field(v.key, `${v.label ?? v.key}${v.required ? ' (required)' : ''}`, control(v), v.description)),
    summary,
    h('button', { type: 'submit' }, `Create from ${template.name}`));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const inputs = {};
    for (const v of template.variables) {
      const el = form.elements[v.key];
      if (v.type === 'boolean') { inputs[v.key] = el.checked; continue; }
      const value = el.value.trim();
      if (value === '') continue;
      if (v.type === 'image_list') inputs[v.key] = value.split(/\s*\n\s*/).filter(Boolean);
      else if (v.type === 'number') inputs[v.key] = Number(value);
      else inputs[v.key] = value;
    }
    // `inputs.quote` or `inputs.images[1]` belongs to the field `quote` or `images`.
    submit(form, summary, { template: template.id, inputs }, (path) => path.replace(/^inputs\./, '').replace(/[[.].*$/, ''));
  });
  return form;
}

function timelineForm() {
  const summary = h('div', { 'aria-live': 'assertive', tabindex: '-1' });
  const list = h('ul', { class: 'problems', 'aria-label': 'Problems in the timeline' });
  const text = h('textarea', { rows: 16, spellcheck: false, class: 'code' }, JSON.stringify(EXAMPLE, null, 2));
  const form = h('form', { class: 'card', novalidate: true, id: 'timeline-form' },
    field('timeline', 'Timeline (JSON)', text, 'See docs/timeline.md for every field.'),
    list, summary, h('button', { type: 'submit' }, 'Create video'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    list.replaceChildren();
    let timeline;
    try { timeline = JSON.parse(text.value); } catch (e) {
      summary.replaceChildren(alertBox(`Not valid JSON: ${e.message}`));
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const video = await api('/v1/videos', { method: 'POST', body: { timeline } });
      sessionStorage.setItem('reelforge.justCreated', video.id);
      location.hash = '#/videos';
    } catch (e) {
      list.replaceChildren(...(e.problems ?? []).map((p) => h('li', {}, h('code', {}, p.path), ' ', p.message)));
      summary.replaceChildren(alertBox(e.problems?.length > 1 ? `The timeline has ${e.problems.length} problems.` : e.message));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
