// Usage per UTC day and the credits left, from GET /v1/usage.
import { api } from '../api.js';
import { h, alertBox, setTitle } from '../ui.js';

export function render(main) {
  setTitle('Usage');
  const days = h('select', { id: 'usage-days' }, [7, 30, 90].map((d) => h('option', { value: d, selected: d === 30 }, `${d} days`)));
  const body = h('div', { 'aria-live': 'polite' });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Usage and credits'),
    h('div', { class: 'field inline' }, h('label', { for: 'usage-days' }, 'Period'), days)), body);

  async function load() {
    try {
      const usage = await api(`/v1/usage?days=${days.value}`);
      const total = (f) => usage.data.reduce((sum, d) => sum + f(d), 0);
      body.replaceChildren(
        h('div', { class: 'stats' },
          stat('Credits available', usage.credits_available ?? 'Unlimited'),
          stat('Seconds rendered', total((d) => d.seconds_rendered).toFixed(1)),
          stat('Completed', total((d) => d.jobs.completed)),
          stat('Failed', total((d) => d.jobs.failed)),
          stat('Credits charged', total((d) => d.credits ?? 0))),
        usage.data.length === 0 ? h('p', { class: 'hint' }, 'Nothing rendered in this period.') :
          h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, ['Day (UTC)', 'Seconds', 'Completed', 'Failed', 'Cancelled', 'Credits'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, usage.data.map((d) => h('tr', {},
              h('td', { 'data-label': 'Day' }, d.date),
              h('td', { 'data-label': 'Seconds' }, d.seconds_rendered.toFixed(1)),
              h('td', { 'data-label': 'Completed' }, d.jobs.completed),
              h('td', { 'data-label': 'Failed' }, d.jobs.failed),
              h('td', { 'data-label': 'Cancelled' }, d.jobs.cancelled),
              h('td', { 'data-label': 'Credits' }, d.credits ?? 0)))))));
    } catch (e) {
      body.replaceChildren(alertBox(e.message));
    }
  }
  days.addEventListener('change', load);
  load();
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, String(value)));
}
