// Webhook endpoints (secrets shown once, at create and rotate) and the delivery log.
import { api } from '../api.js';
import { h, time, alertBox, setTitle } from '../ui.js';

const TYPES = ['video.completed', 'video.failed', 'video.progress'];

export function render(main) {
  setTitle('Webhooks');
  const notice = h('div', { 'aria-live': 'polite' });
  const secret = h('div', { 'aria-live': 'polite' });
  const endpoints = h('div');
  const deliveries = h('div');
  const form = h('form', { class: 'card', novalidate: true, id: 'webhook-form' },
    h('h2', {}, 'Add an endpoint'),
    h('div', { class: 'grid' },
      h('div', { class: 'field' }, h('label', { for: 'wh-url' }, 'URL'), h('input', { id: 'wh-url', name: 'url', type: 'url', placeholder: 'https://example.com/hooks' })),
      h('div', { class: 'field' }, h('label', { for: 'wh-name' }, 'Name'), h('input', { id: 'wh-name', name: 'name', type: 'text' }))),
    h('fieldset', {}, h('legend', {}, 'Events'),
      TYPES.map((t) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'types', value: t, checked: t === 'video.progress' ? null : 'checked' }), ' ', t))),
    h('button', { type: 'submit' }, 'Add endpoint'));
  main.append(h('h1', {}, 'Webhooks'), notice, secret, form,
    h('section', { class: 'card', 'aria-labelledby': 'ep-title' }, h('h2', { id: 'ep-title' }, 'Endpoints'), endpoints),
    h('section', { class: 'card', 'aria-labelledby': 'dl-title' }, h('h2', { id: 'dl-title' }, 'Recent deliveries'), deliveries));

  function showSecret(endpoint) {
    const value = h('code', { class: 'secret' }, endpoint.signing_secret);
    const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
    copy.addEventListener('click', () => navigator.clipboard?.writeText(endpoint.signing_secret).then(() => { copy.textContent = 'Copied'; }));
    secret.replaceChildren(h('div', { class: 'card secret-box', role: 'status' },
      h('p', {}, h('strong', {}, `Signing secret for ${endpoint.name}`), ' — shown only now; keep it where your receiver can read it.'),
      value, ' ', copy));
  }

  async function loadEndpoints() {
    try {
      const list = await api('/v1/webhook_endpoints');
      endpoints.replaceChildren(list.data.length === 0 ? h('p', { class: 'hint' }, 'No endpoints yet.') :
        h('ul', { class: 'plain' }, list.data.map((e) => {
          const rotate = h('button', { type: 'button', class: 'secondary' }, 'Rotate secret');
          rotate.addEventListener('click', async () => {
            try { showSecret(await api(`/v1/webhook_endpoints/${e.id}/rotate_secret`, { method: 'POST', body: {} })); } catch (x) { notice.replaceChildren(alertBox(x.message)); }
          });
          const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
          remove.addEventListener('click', async () => {
            if (!confirm(`Delete the endpoint ${e.url}?`)) return;
            try { await api(`/v1/webhook_endpoints/${e.id}`, { method: 'DELETE' }); loadEndpoints(); } catch (x) { notice.replaceChildren(alertBox(x.message)); }
          });
          return h('li', { class: 'endpoint' },
            h('div', {}, h('strong', {}, e.name), ' ', h('code', {}, e.url)),
            h('div', { class: 'hint' }, `${e.event_types.join(', ')} · secret ${e.signing_secret_hint} · added ${time(e.created_at)}`),
            h('div', { class: 'row' }, rotate, remove));
        })));
    } catch (e) {
      endpoints.replaceChildren(alertBox(e.status === 403 ? 'This key lacks the webhooks:manage scope.' : e.message));
    }
  }

  async function loadDeliveries() {
    try {
      const list = await api('/v1/webhooks/deliveries?limit=50');
      deliveries.replaceChildren(list.data.length === 0 ? h('p', { class: 'hint' }, 'Nothing delivered yet.') :
        h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Event', 'Video', 'URL', 'Status', 'Attempts', 'Last answer', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, list.data.map((d) => h('tr', {},
            h('td', { 'data-label': 'Event' }, d.event_type),
            h('td', { 'data-label': 'Video' }, h('a', { href: `#/videos/${d.video_id}` }, d.video_id)),
            h('td', { 'data-label': 'URL' }, h('code', {}, d.url)),
            h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${d.status}` }, d.status)),
            h('td', { 'data-label': 'Attempts' }, String(d.attempt_count)),
            h('td', { 'data-label': 'Last answer' }, d.last_status_code ?? d.last_error ?? '—'),
            h('td', { 'data-label': 'Created' }, time(d.created_at))))))));
    } catch (e) {
      deliveries.replaceChildren(alertBox(e.message));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const types = [...form.querySelectorAll('input[name=types]:checked')].map((c) => c.value);
    const body = { url: form.elements.url.value.trim(), event_types: types };
    if (form.elements.name.value.trim()) body.name = form.elements.name.value.trim();
    try {
      const endpoint = await api('/v1/webhook_endpoints', { method: 'POST', body });
      showSecret(endpoint);
      form.reset();
      notice.replaceChildren();
      loadEndpoints();
    } catch (e) {
      notice.replaceChildren(alertBox(e.message));
    }
  });

  loadEndpoints();
  loadDeliveries();
}
