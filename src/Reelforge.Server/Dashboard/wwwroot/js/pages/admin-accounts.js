// The accounts tab: add an account (optionally with a balance), and add to or set each one's credits.
import { api } from '../api.js';
import { h, time, alertBox } from '../ui.js';

/** Credits as people read them: null is unlimited. */
const credits = (value) => (value === null || value === undefined ? 'Unlimited' : String(value));

export function accountsPanel(panel, { state, loadAccounts }) {
  const notice = h('div', { 'aria-live': 'polite' });
  const list = h('div');
  const form = h('form', { class: 'card', novalidate: true, id: 'account-form' },
    h('h2', {}, 'Add an account'),
    h('div', { class: 'grid' },
      h('div', { class: 'field' }, h('label', { for: 'acct-name' }, 'Account name'),
        h('input', { id: 'acct-name', name: 'name', type: 'text', maxlength: 100, autocomplete: 'off' })),
      h('div', { class: 'field' }, h('label', { for: 'acct-credits' }, 'Starting credits'),
        h('input', { id: 'acct-credits', name: 'credits', type: 'number', step: 'any', 'aria-describedby': 'acct-credits-hint' }),
        h('p', { class: 'hint', id: 'acct-credits-hint' }, 'Empty: unlimited.'))),
    h('button', { type: 'submit' }, 'Add account'));
  panel.append(notice, form, h('section', { class: 'card', 'aria-labelledby': 'accounts-title' },
    h('h2', { id: 'accounts-title' }, 'Accounts'), list));

  function show(accounts) {
    list.replaceChildren(accounts.length === 0 ? h('p', { class: 'hint' }, 'No accounts yet.') :
      h('div', { class: 'table-wrap' }, h('table', { class: 'accounts' },
        h('thead', {}, h('tr', {}, ['Account', 'Credits', 'Created', 'Change credits'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, accounts.map(row)))));
  }

  function row(a) {
    const amount = h('input', { id: `amount-${a.id}`, type: 'number', step: 'any', class: 'amount' });
    const change = (kind) => async () => {
      const raw = amount.value.trim();
      if (raw === '' && kind === 'add') { amount.focus(); return; }
      // Set with nothing typed makes the account unlimited (the API's `set: null`).
      const value = raw === '' ? null : Number(raw);
      try {
        const updated = await api(`/v1/admin/accounts/${a.id}/credits`, { method: 'POST', body: { [kind]: value } });
        notice.replaceChildren(h('p', { class: 'notice', role: 'status' }, `${updated.name}: ${credits(updated.credits)} credits.`));
        show(await loadAccounts());
        document.getElementById(`amount-${a.id}`)?.focus();
      } catch (e) {
        notice.replaceChildren(alertBox(e.message));
      }
    };
    return h('tr', { 'data-id': a.id, 'data-name': a.name },
      h('th', { scope: 'row', 'data-label': 'Account' }, h('div', {}, h('strong', {}, a.name), h('div', { class: 'id' }, a.id))),
      h('td', { 'data-label': 'Credits', class: 'credits' }, credits(a.credits)),
      h('td', { 'data-label': 'Created' }, time(a.created_at)),
      h('td', { 'data-label': 'Change' }, h('div', { class: 'row' },
        h('label', { for: amount.id, class: 'visually-hidden' }, `Credits for ${a.name}`), amount,
        h('button', { type: 'button', class: 'secondary', onclick: change('add'), 'aria-label': `Add credits to ${a.name}` }, 'Add'),
        h('button', { type: 'button', class: 'secondary', onclick: change('set'), 'aria-label': `Set credits of ${a.name}` }, 'Set'))));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    if (!name) { notice.replaceChildren(alertBox('Give the account a name.')); form.elements.name.focus(); return; }
    const body = { name };
    if (form.elements.credits.value.trim() !== '') body.credits = Number(form.elements.credits.value);
    try {
      const account = await api('/v1/admin/accounts', { method: 'POST', body });
      notice.replaceChildren(h('p', { class: 'notice', role: 'status' }, `Account ${account.name} (${account.id}) is ready.`));
      form.reset();
      show(await loadAccounts());
    } catch (e) {
      notice.replaceChildren(alertBox(e.message));
    }
  });

  show(state.accounts);
}
