// The keys tab: create a key for an account (its secret is shown once, here), list keys, revoke one.
import { api } from '../api.js';
import { h, time, alertBox, newestFirst } from '../ui.js';

const SCOPES = ['videos:read', 'videos:write', 'templates:read', 'webhooks:manage', 'admin'];
const DEFAULT_SCOPES = ['videos:read', 'videos:write', 'templates:read'];

export function keysPanel(panel, { state, loadAccounts }) {
  const notice = h('div', { 'aria-live': 'polite' });
  const secret = h('div', { 'aria-live': 'polite' });
  const list = h('div');
  const account = h('select', { id: 'key-account', name: 'account' });
  const form = h('form', { class: 'card', novalidate: true, id: 'key-form' },
    h('h2', {}, 'Create a key'),
    h('div', { class: 'field' }, h('label', { for: 'key-account' }, 'Account'), account),
    h('fieldset', {}, h('legend', {}, 'Scopes'),
      SCOPES.map((s) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'scopes', value: s, checked: DEFAULT_SCOPES.includes(s) ? 'checked' : null }), ' ', s))),
    h('button', { type: 'submit' }, 'Create key'));
  panel.append(notice, secret, form, h('section', { class: 'card', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, 'Keys'), list));

  const nameOf = (id) => state.accounts.find((a) => a.id === id)?.name ?? id;
  function fillAccounts() {
    const chosen = account.value;
    account.replaceChildren(...state.accounts.map((a) => h('option', { value: a.id, selected: a.id === chosen }, a.name)));
  }

  function showSecret(key) {
    const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
    copy.addEventListener('click', () => navigator.clipboard?.writeText(key.key).then(() => { copy.textContent = 'Copied'; }));
    secret.replaceChildren(h('div', { class: 'card secret-box', role: 'status' },
      h('p', {}, h('strong', {}, `New key for ${nameOf(key.account_id)}`), ' — shown only now; the server keeps only its hash.'),
      h('code', { class: 'secret' }, key.key), ' ', copy));
  }

  // Loads can overlap (a create's, then a revoke's): only the newest one draws the list, so an
  // older answer arriving late cannot show a revoked key as live again.
  let newest = 0;
  async function load() {
    const mine = ++newest;
    try {
      const keys = newestFirst((await api('/v1/admin/keys')).data);
      if (mine !== newest) return;
      list.replaceChildren(keys.length === 0 ? h('p', { class: 'hint' }, 'No keys yet.') :
        h('div', { class: 'table-wrap' }, h('table', { class: 'keys' },
          h('thead', {}, h('tr', {}, ['Key', 'Account', 'Scopes', 'Created', 'Last used', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, keys.map(row)))));
    } catch (e) {
      if (mine === newest) list.replaceChildren(alertBox(e.message));
    }
  }

  function row(k) {
    const revoked = k.revoked_at !== null && k.revoked_at !== undefined;
    const revoke = revoked ? null : h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${k.display} of ${nameOf(k.account_id)}` }, 'Revoke');
    revoke?.addEventListener('click', async () => {
      if (!confirm(`Revoke the key ${k.display} of ${nameOf(k.account_id)}? Clients using it stop working.`)) return;
      try {
        await api(`/v1/admin/keys/${k.id}`, { method: 'DELETE' });
        notice.replaceChildren(h('p', { class: 'notice', role: 'status' }, `Key ${k.display} revoked.`));
        load();
      } catch (e) {
        notice.replaceChildren(alertBox(e.message));
      }
    });
    return h('tr', { 'data-id': k.id, 'data-status': revoked ? 'revoked' : 'live' },
      h('th', { scope: 'row', 'data-label': 'Key' }, h('code', {}, k.display), h('div', { class: 'id' }, k.id)),
      h('td', { 'data-label': 'Account' }, nameOf(k.account_id)),
      h('td', { 'data-label': 'Scopes' }, k.scopes.join(', ')),
      h('td', { 'data-label': 'Created' }, time(k.created_at)),
      h('td', { 'data-label': 'Last used' }, k.last_used_at ? time(k.last_used_at) : 'never'),
      h('td', { 'data-label': 'Status' }, revoked
        ? h('span', { class: 'badge failed' }, `revoked ${time(k.revoked_at)}`)
        : h('div', { class: 'row' }, h('span', { class: 'badge completed' }, 'live'), revoke)));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const scopes = [...form.querySelectorAll('input[name=scopes]:checked')].map((c) => c.value);
    try {
      const key = await api('/v1/admin/keys', { method: 'POST', body: { account: account.value, scopes } });
      showSecret(key);
      notice.replaceChildren();
      load();
    } catch (e) {
      notice.replaceChildren(alertBox(e.message));
    }
  });

  fillAccounts();
  loadAccounts().then(fillAccounts, () => {});
  load();
}
