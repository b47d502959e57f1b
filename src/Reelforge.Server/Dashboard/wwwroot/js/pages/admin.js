// Accounts, credits and keys, for a key with the `admin` scope (GET/POST /v1/admin/…).
// Two tabs: accounts (add, credits) and keys (create, shown once; revoke).
import { api } from '../api.js';
import { h, alertBox, setTitle, newestFirst } from '../ui.js';
import { accountsPanel } from './admin-accounts.js';
import { keysPanel } from './admin-keys.js';

export function render(main) {
  setTitle('Accounts and keys');
  const panel = h('div', { id: 'admin-panel', role: 'tabpanel', tabindex: '0' });
  const notice = h('div', { 'aria-live': 'polite' });
  const tabs = [['accounts', 'Accounts', accountsPanel], ['keys', 'Keys', keysPanel]];
  const buttons = tabs.map(([key, label], i) => h('button', {
    type: 'button', role: 'tab', id: `admin-tab-${key}`, 'aria-controls': 'admin-panel', tabindex: i === 0 ? '0' : '-1',
  }, label));
  // Both panels read the accounts: keys show their account's name, the key form picks one.
  const state = { accounts: [] };
  // Loads can overlap (a tab opening while a change reloads): an older answer arriving late does
  // not replace a newer one.
  let newest = 0;
  async function loadAccounts() {
    const mine = ++newest;
    const accounts = newestFirst((await api('/v1/admin/accounts')).data);
    if (mine === newest) state.accounts = accounts;
    return state.accounts;
  }
  function select(i) {
    buttons.forEach((b, j) => { b.setAttribute('aria-selected', String(i === j)); b.tabIndex = i === j ? 0 : -1; });
    panel.setAttribute('aria-labelledby', buttons[i].id);
    panel.replaceChildren();
    tabs[i][2](panel, { state, loadAccounts, notice });
  }
  // Automatic activation: arrows move and select; Enter and Space select too (they click a button).
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      const move = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!move) return;
      e.preventDefault();
      const next = (i + move + tabs.length) % tabs.length;
      select(next);
      buttons[next].focus();
    });
  });
  main.append(h('h1', {}, 'Accounts and keys'), notice,
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Manage' }, buttons), panel);
  loadAccounts().then(() => select(0), (e) => {
    notice.replaceChildren(alertBox(e.status === 403 ? 'This key lacks the admin scope.' : e.message));
  });
}
