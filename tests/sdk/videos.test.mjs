// The official OpenAI Node SDKs, unchanged, against Reelforge. Run by OpenAiSdkTests (xunit),
// which starts the server and passes REELFORGE_BASE_URL and a fresh account's REELFORGE_SDK_KEY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import OpenAI7, { toFile } from 'openai7';
import OpenAI6 from 'openai6';

const baseURL = process.env.REELFORGE_BASE_URL;
const apiKey = process.env.REELFORGE_SDK_KEY;
assert.ok(baseURL && apiKey, 'REELFORGE_BASE_URL and REELFORGE_SDK_KEY must be set');

async function finished(client, id) {
  for (let i = 0; i < 1200; i++) {
    const video = await client.videos.retrieve(id);
    if (video.status === 'completed' || video.status === 'failed') return video;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${id} did not finish`);
}

// 6.27 sends create as JSON; 7.x always sends multipart with bracketed keys.
for (const [name, OpenAI] of [['openai 7.57.0', OpenAI7], ['openai 6.27.0', OpenAI6]]) {
  test(`${name}: create, poll, download, remix, extend, delete`, async () => {
    const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });

    const created = await client.videos.create({ prompt: `Made by ${name}. A second scene.`, model: 'sora-2', seconds: '2', size: '160x90' });
    assert.equal(created.object, 'video');
    assert.equal(created.status, 'queued');
    assert.equal(created.seconds, '2');

    const done = await finished(client, created.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress, 100);
    assert.equal(typeof done.completed_at, 'number');

    const mp4 = Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer());
    assert.equal(mp4.subarray(4, 8).toString('latin1'), 'ftyp');
    const thumbnail = await client.videos.downloadContent(created.id, { variant: 'thumbnail' });
    assert.equal(thumbnail.headers.get('content-type'), 'image/webp');

    const remix = await client.videos.remix(created.id, { prompt: 'The same, remixed.' });
    assert.equal((await finished(client, remix.id)).remixed_from_video_id, created.id);

    if (typeof client.videos.extend === 'function') {
      const extension = await client.videos.extend({ prompt: 'And then more.', seconds: '1', video: { id: created.id } });
      const extended = await finished(client, extension.id);
      assert.equal(extended.status, 'completed');
      assert.equal(extended.seconds, '3');
    }

    const deleted = await client.videos.delete(created.id);
    assert.equal(deleted.id, created.id);
    assert.equal(deleted.object, 'video.deleted');
    assert.equal(deleted.deleted, true);
    await assert.rejects(client.videos.retrieve(created.id), (error) => {
      assert.equal(error.status, 404);
      assert.equal(error.code, 'not_found');
      assert.match(error.requestID ?? '', /^req_/);
      return true;
    });
  });
}

test('openai 7.57.0: an uploaded input_reference and an image_url object', async () => {
  const client = new OpenAI7({ apiKey, baseURL, maxRetries: 0 });
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAEUlEQVR4nGMwTDmJFTEMLQkACsZXgQe76zgAAAAASUVORK5CYII=', 'base64');

  const uploaded = await client.videos.create({ prompt: 'From an upload.', seconds: '1', size: '160x90',
    input_reference: await toFile(png, 'ref.png', { type: 'image/png' }) });
  const byUrl = await client.videos.create({ prompt: 'From a data URL.', seconds: '1', size: '160x90',
    input_reference: { image_url: `data:image/png;base64,${png.toString('base64')}` } });

  assert.equal((await finished(client, uploaded.id)).status, 'completed');
  assert.equal((await finished(client, byUrl.id)).status, 'completed');
});

test('openai 7.57.0: list pages by cursor, and auto-pagination follows last_id', async () => {
  const client = new OpenAI7({ apiKey, baseURL, maxRetries: 0 });
  for (let i = 0; i < 3; i++) {
    await client.videos.create({ prompt: `Listed ${i}.`, seconds: '1', size: '160x90' });
  }

  const page = await client.videos.list({ limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(page.has_more, true);
  const all = [];
  for await (const video of client.videos.list({ limit: 2 })) all.push(video.id);
  const everything = await client.videos.list({ limit: 100 });
  assert.deepEqual(all, everything.data.map((v) => v.id));
  assert.ok(all.length >= 3);
});

test('openai 7.57.0: errors arrive as the SDK\'s typed errors', async () => {
  const client = new OpenAI7({ apiKey, baseURL, maxRetries: 0 });
  const anonymous = new OpenAI7({ apiKey: 'rf_wrong', baseURL, maxRetries: 0 });

  await assert.rejects(client.videos.create({ prompt: 'x', size: 'huge' }), (error) => {
    assert.equal(error.constructor.name, 'BadRequestError');
    assert.equal(error.param, 'size');
    return true;
  });
  await assert.rejects(anonymous.videos.list(), (error) => error.constructor.name === 'AuthenticationError');
  await assert.rejects(client.videos.retrieve('video_missing'), (error) => error.constructor.name === 'NotFoundError');
});

test('openai 7.57.0 manages webhook endpoints; both SDKs\' webhooks.unwrap verify Reelforge\'s deliveries', async () => {
  const client = new OpenAI7({ apiKey, baseURL, maxRetries: 0 });
  // Videos of the earlier tests may finish (and be announced) while this one runs.
  const received = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { received.push({ body, headers: req.headers }); res.end(); });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = await client.webhooks.create({
      url: `http://127.0.0.1:${receiver.address().port}/hook`, name: 'sdk', event_types: ['video.completed'] });
    assert.equal(endpoint.object, 'webhook_endpoint');
    assert.match(endpoint.signing_secret, /^whsec_/);
    const listed = [];
    for await (const e of client.webhooks.list()) listed.push(e.id);
    assert.deepEqual(listed, [endpoint.id]);

    const video = await client.videos.create({ prompt: 'Announced by webhook.', seconds: '1', size: '160x90' });
    let ours;
    for (let i = 0; i < 600 && !ours; i++) {
      ours = received.find((r) => JSON.parse(r.body).data.id === video.id);
      if (!ours) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(ours, 'the completion of our video was delivered');
    const { body, headers } = ours;
    const event = await client.webhooks.unwrap(body, headers, endpoint.signing_secret);
    assert.equal(event.type, 'video.completed');
    assert.equal(event.data.id, video.id);
    const old = new OpenAI6({ apiKey, baseURL, webhookSecret: endpoint.signing_secret });
    assert.equal((await old.webhooks.unwrap(body, headers)).id, event.id);
    await assert.rejects(client.webhooks.unwrap(body.replace(video.id, 'video_forged'), headers, endpoint.signing_secret));

    assert.equal((await client.webhooks.delete(endpoint.id)).deleted, true);
  } finally {
    receiver.close();
  }
});

test('openai 7.57.0: edit, createCharacter and getCharacter', async () => {
  const client = new OpenAI7({ apiKey, baseURL, maxRetries: 0 });
  const source = await client.videos.create({ prompt: 'The source of an edit.', seconds: '1', size: '160x90' });
  assert.equal((await finished(client, source.id)).status, 'completed');

  const edit = await client.videos.edit({ prompt: 'The same, edited.', video: { id: source.id } });
  assert.equal(edit.object, 'video');
  assert.equal(edit.prompt, 'The same, edited.');
  assert.equal(edit.size, '160x90');
  assert.equal((await finished(client, edit.id)).status, 'completed');

  const mp4 = Buffer.from(await (await client.videos.downloadContent(source.id)).arrayBuffer());
  const character = await client.videos.createCharacter({ name: 'sdk_hero', video: await toFile(mp4, 'hero.mp4', { type: 'video/mp4' }) });
  assert.match(character.id, /^char_/);
  assert.equal(character.name, 'sdk_hero');
  assert.equal(typeof character.created_at, 'number');
  assert.deepEqual(await client.videos.getCharacter(character.id), character);
  await assert.rejects(client.videos.getCharacter('char_missing'), (error) => error.constructor.name === 'NotFoundError');

  const starring = await client.videos.create({ prompt: '@sdk_hero arrives.', seconds: '1', size: '160x90' });
  assert.deepEqual((await finished(client, starring.id)).characters, [character.id]);
});
