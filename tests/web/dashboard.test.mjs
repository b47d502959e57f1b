// The web dashboard in a real Chromium (Debian's, driven by playwright-core; no browser download).
// Run by DashboardTests (xunit), which starts the server and passes REELFORGE_URL, REELFORGE_KEY
// (a fresh account's key), REELFORGE_ADMIN_KEY (a key with the admin scope) and
// REELFORGE_SCREENSHOTS (where the screenshots go).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = process.env.REELFORGE_URL;
const key = process.env.REELFORGE_KEY;
const adminKey = process.env.REELFORGE_ADMIN_KEY;
const shots = process.env.REELFORGE_SCREENSHOTS ?? path.resolve('../../artifacts/web-screenshots');
assert.ok(baseUrl && key && adminKey, 'REELFORGE_URL, REELFORGE_KEY and REELFORGE_ADMIN_KEY must be set');
mkdirSync(shots, { recursive: true });

let browser;
let page;
const consoleErrors = [];
const videoListReads = [];

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  // Chromium logs every 4xx answer as a console error; those are expected here (a wrong key, a refused form).
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === '/v1/videos') videoListReads.push(r.url()); });
  // Deletes ask for confirmation.
  page.on('dialog', (d) => d.accept());
});

after(async () => { await browser?.close(); });

const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

async function api(p, init = {}, as = key) {
  const response = await fetch(new URL(p, baseUrl), { ...init, headers: { Authorization: `Bearer ${as}`, 'Content-Type': 'application/json', ...init.headers } });
  return { status: response.status, body: await response.json() };
}

/** Records every stage each row of the list shows, from the page's DOM, so a test can see what it went through. */
async function recordStages() {
  await page.evaluate(() => {
    window.seenStages = {};
    window.loadedOnce = true; // gone if the page reloads
    // Every version of a row the list put up, in order (a row is replaced on each change).
    const note = (mutations) => {
      for (const m of mutations) {
        for (const node of m.type === 'attributes' ? [m.target] : m.addedNodes) {
          const rows = node.matches?.('tr[data-id]') ? [node] : [...(node.querySelectorAll?.('tr[data-id]') ?? [])];
          for (const row of rows) {
            const seen = (window.seenStages[row.dataset.id] ??= []);
            if (seen.at(-1) !== row.dataset.stage) seen.push(row.dataset.stage);
          }
        }
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
  });
}

async function createdId() {
  const link = page.locator('.notice a');
  await link.waitFor();
  return link.textContent();
}

let promptVideo;

test('signs in with a key kept in sessionStorage only', async () => {
  await page.goto(baseUrl);
  assert.match(page.url(), /\/app\/$/);
  await page.getByLabel('API key').fill('rf_not_a_key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
  await page.getByLabel('API key').fill(key);
  await shot('01-sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Videos' }).waitFor();
  await page.locator('#live[data-state=open]').waitFor();
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('reelforge.apiKey'), local: localStorage.length, cookie: document.cookie }));
  assert.equal(stored.session, key);
  assert.equal(stored.local, 0);
  assert.equal(stored.cookie, '');
  // Not an admin key: the admin page stays out of the menu.
  await page.locator('header[data-admin=false]').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0);
});

test('a video from a prompt moves through its stages in the list without a reload, and plays', async () => {
  await page.getByRole('link', { name: 'Create', exact: true }).click();
  await page.getByLabel('Prompt', { exact: true }).fill('Made in the dashboard. Watched live.');
  await page.getByLabel('Size', { exact: true }).selectOption('160x90');
  // A story is narrated, so the video has captions for the player's track.
  await page.getByLabel('Style', { exact: true }).selectOption('story');
  await page.getByLabel('Voice', { exact: true }).fill('en-us');
  await shot('02-create-prompt');
  await recordStages();
  const readsBefore = videoListReads.length;
  await page.getByRole('button', { name: 'Create video' }).click();
  promptVideo = await createdId();
  const row = page.locator(`tr[data-id="${promptVideo}"]`);
  await row.waitFor();
  await page.locator(`tr[data-id="${promptVideo}"][data-stage=generating_media], tr[data-id="${promptVideo}"][data-stage=exporting]`).first()
    .waitFor({ timeout: 60_000 }).then(() => shot('03-list-rendering')).catch(() => {});
  await page.locator(`tr[data-id="${promptVideo}"][data-status=completed]`).waitFor({ timeout: 120_000 });
  await shot('04-list-completed');

  const { seen, reloaded } = await page.evaluate((id) => ({ seen: window.seenStages[id], reloaded: !window.loadedOnce }), promptVideo);
  assert.equal(reloaded, false, 'the page reloaded');
  assert.equal(seen.at(-1), 'completed');
  assert.ok(seen.length >= 3, `the row showed only ${seen.join(' → ')}`);
  // One list read when the list page opened; every change after came from the event stream.
  assert.ok(videoListReads.length - readsBefore <= 1, `the list was read ${videoListReads.length - readsBefore} times`);
  console.log(`stages seen in the list: ${seen.join(' → ')}`);

  await row.getByRole('link').first().click();
  const player = page.locator('video#player');
  await player.waitFor();
  await page.waitForFunction(() => document.querySelector('video#player')?.readyState >= 2, null, { timeout: 30_000 });
  const track = await page.locator('video#player track').getAttribute('src');
  assert.match(track, /captions\.vtt/);
  // The captions file loaded and has cues (a track element's readyState 2 is LOADED).
  await page.waitForFunction(() => document.querySelector('video#player track').readyState === 2, null, { timeout: 15_000 });
  assert.ok(await page.evaluate(() => document.querySelector('video#player').textTracks[0].cues.length) > 0);
  await page.locator('.history li').filter({ hasText: 'completed' }).waitFor();
  assert.ok(await page.locator('.slides img').count() >= 1);
  await page.evaluate(() => { const v = document.querySelector('video#player'); v.muted = true; return v.play(); });
  await page.waitForFunction(() => document.querySelector('video#player').currentTime > 0, null, { timeout: 15_000 });
  await shot('05-video-page');
});

test('a template form shows the server\'s validation error beside the field, then creates', async () => {
  await page.goto(`${baseUrl.replace(/\/$/, '')}/app/#/create`);
  await page.getByRole('tab', { name: 'From a template' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption('quote-card');
  const quote = page.getByLabel('Quote (required)');
  await quote.waitFor();
  await page.getByRole('button', { name: /Create from/ }).click();
  const error = page.locator('.field[data-field=quote] .field-error');
  await error.waitFor();
  assert.match(await error.textContent(), /required/i);
  assert.equal(await quote.getAttribute('aria-invalid'), 'true');
  await shot('06-template-validation');

  await quote.fill('Simplicity is the ultimate sophistication.');
  await page.getByLabel('Length in seconds').fill('2');
  await recordStages();
  await page.getByRole('button', { name: /Create from/ }).click();
  const id = await createdId();
  await page.locator(`tr[data-id="${id}"][data-status=completed]`).waitFor({ timeout: 180_000 });
  const seen = await page.evaluate((v) => window.seenStages[v], id);
  assert.equal(seen.at(-1), 'completed');
  await shot('07-list-template-completed');
});

test('a timeline with problems lists each by its path', async () => {
  await page.goto(`${baseUrl.replace(/\/$/, '')}/app/#/create`);
  await page.getByRole('tab', { name: 'From a timeline' }).click();
  await page.getByLabel('Timeline (JSON)').fill(JSON.stringify({ scenes: [{ duration: -1 }, { duration: 2, layers: [{ text: 'x', style: 'nope' }] }] }));
  await page.getByRole('button', { name: 'Create video' }).click();
  const problems = page.locator('ul.problems li');
  await problems.first().waitFor();
  assert.match(await problems.first().textContent(), /^timeline\./);
  await shot('08-timeline-problems');
});

test('works at phone width', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl.replace(/\/$/, '')}/app/#/videos`);
  await page.locator(`tr[data-id="${promptVideo}"]`).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  await shot('09-phone-list');
  await page.goto(`${baseUrl.replace(/\/$/, '')}/app/#/videos/${promptVideo}`);
  await page.locator('video#player').waitFor();
  await shot('10-phone-video');
  await page.setViewportSize({ width: 1280, height: 860 });
});

test('webhooks show a new endpoint\'s secret once; usage shows the credits', async () => {
  await page.goto(`${baseUrl.replace(/\/$/, '')}/app/#/webhooks`);
  await page.getByLabel('URL').fill('https://example.com/hooks/reelforge');
  const name = `Example receiver ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const secret = page.locator('.secret-box code.secret');
  await secret.waitFor();
  assert.match(await secret.textContent(), /^whsec_/);
  await page.locator('.endpoint').filter({ hasText: name }).waitFor();
  await shot('11-webhooks');
  await page.getByRole('link', { name: 'Usage' }).click();
  await page.locator('.stat').first().waitFor();
  await shot('12-usage');
});

test('deletes a video from its page', async () => {
  await page.goto(`${baseUrl.replace(/\/$/, '')}/app/#/videos/${promptVideo}`);
  await page.getByRole('button', { name: 'Delete video' }).click();
  await page.getByRole('heading', { name: 'Videos' }).waitFor();
  await page.locator('#live[data-state=open]').waitFor();
  assert.equal(await page.locator(`tr[data-id="${promptVideo}"]`).count(), 0);
  assert.equal((await api(`/v1/videos/${promptVideo}`)).status, 404);
  assert.deepEqual(consoleErrors, []);
});

test('an admin key gets the admin page; the menu and tabs work from the keyboard with visible focus', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header[data-admin=true]').waitFor();

  const focus = () => page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { on: el.textContent.trim(), visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
  });
  const selected = () => page.locator('[role=tab][aria-selected=true]').textContent();
  // Tab from the last link before it reaches Admin, with a visible ring; Enter opens it.
  await page.getByRole('link', { name: 'Usage' }).focus();
  await page.keyboard.press('Tab');
  const onLink = await focus();
  await shot('13-admin-link-focused');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Accounts and keys' }).waitFor();
  await page.locator('[role=tab][aria-selected=true]').waitFor();
  // The arrow keys move between tabs; Space (and Enter) pick the focused one.
  await page.getByRole('tab', { name: 'Accounts' }).focus();
  await page.keyboard.press('ArrowRight');
  const afterArrow = { ...(await focus()), selected: await selected() };
  await page.getByRole('tab', { name: 'Accounts' }).focus();
  await page.keyboard.press('Space');
  const afterSpace = { on: (await focus()).on, selected: await selected() };
  await page.getByRole('tab', { name: 'Keys' }).focus();
  await page.keyboard.press('Enter');
  const afterEnter = { on: (await focus()).on, selected: await selected() };
  assert.deepEqual({ onLink, hash: new URL(page.url()).hash, afterArrow, afterSpace, afterEnter }, {
    onLink: { on: 'Admin', visible: true },
    hash: '#/admin',
    afterArrow: { on: 'Keys', visible: true, selected: 'Keys' },
    afterSpace: { on: 'Accounts', selected: 'Accounts' },
    afterEnter: { on: 'Keys', selected: 'Keys' },
  });
});

test('admin: adds an account, gives it credits, makes a key shown once, and revokes it', async () => {
  await page.getByRole('tab', { name: 'Accounts' }).click();
  const name = `Studio ${Date.now()}`;
  await page.getByLabel('Account name').fill(name);
  await page.getByRole('button', { name: 'Add account' }).click();
  const row = page.locator(`tr[data-name="${name}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td.credits').textContent(), 'Unlimited');
  const accountId = await row.getAttribute('data-id');

  await page.getByLabel(`Credits for ${name}`).fill('50');
  await page.getByRole('button', { name: `Set credits of ${name}` }).click();
  await page.locator(`tr[data-name="${name}"] td.credits`).filter({ hasText: /^50$/ }).waitFor();
  await page.getByLabel(`Credits for ${name}`).fill('25');
  await page.getByRole('button', { name: `Add credits to ${name}` }).click();
  await page.locator(`tr[data-name="${name}"] td.credits`).filter({ hasText: /^75$/ }).waitFor();
  const stored = (await api('/v1/admin/accounts', {}, adminKey)).body.data.find((a) => a.id === accountId);
  assert.equal(stored.credits, 75);
  await shot('14-admin-accounts');

  await page.getByRole('tab', { name: 'Keys' }).click();
  await page.getByLabel('Account', { exact: true }).selectOption(accountId);
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = page.locator('.secret-box code.secret');
  await secret.waitFor();
  const made = await secret.textContent();
  assert.match(made, /^rf_/);
  // The new key works, for that account (it sees its credits).
  const usage = await api('/v1/usage', {}, made);
  assert.equal(usage.status, 200);
  assert.equal(usage.body.credits_available, 75);
  const live = page.locator('tr[data-status=live]').filter({ hasText: name });
  await live.waitFor();
  assert.equal(await live.locator('td[data-label=Scopes]').textContent(), 'videos:read, videos:write, templates:read');
  await shot('15-admin-key-created');

  await live.getByRole('button', { name: /^Revoke/ }).click();
  await page.locator('tr[data-status=revoked]').filter({ hasText: name }).waitFor();
  assert.equal((await api('/v1/usage', {}, made)).status, 401);
  // Shown once: after a reload the list has the key's first characters only.
  await page.reload();
  await page.getByRole('tab', { name: 'Keys' }).click();
  await page.locator('tr[data-status=revoked]').filter({ hasText: name }).waitFor();
  assert.equal(await page.getByText(made).count(), 0);
  await shot('16-admin-key-revoked');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await page.locator(`tr[data-name="${name}"]`).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the admin page is ${overflow}px wider than a phone`);
  await page.locator(`tr[data-name="${name}"]`).screenshot({ path: path.join(shots, '17-admin-phone-account.png') });
  await page.setViewportSize({ width: 1280, height: 860 });
  assert.deepEqual(consoleErrors, []);
});
