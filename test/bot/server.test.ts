import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness } from '../support/botHarness.js';
import sinon from 'sinon';
import { actionActivity, messageActivity } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

describe('the HTTP server', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start({ MAX_BODY_BYTES: '4096' }); });
  afterEach(async () => { await bot.stop(); });

  const storeBytes = () => readFile(bot.app.store.layout.tenant(DEMO.northwind.tenantId), 'utf-8');

  it('answers GET /healthz while the store is there', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
  });

  it('answers malformed JSON with 400 and changes nothing', async () => {
    const before = await storeBytes();
    const result = await bot.post('{"type": "message", "text": ');
    assert.equal(result.status, 400);
    assert.equal(await storeBytes(), before);
  });

  it('answers a body over MAX_BODY_BYTES with 413 and changes nothing', async () => {
    const before = await storeBytes();
    const activity = messageActivity(ACTORS.globalAdmin, 'x'.repeat(10_000), { kind: 'personal' }, bot.channel.url);
    const result = await bot.post(activity);
    assert.equal(result.status, 413);
    assert.equal(await storeBytes(), before);
    assert.equal(bot.channel.calls.length, 0);
  });

  it('answers an activity with fields of the wrong type with 400, not 500', async () => {
    const result = await bot.post({ type: 123, from: 'nobody', conversation: 7 });
    assert.ok(result.status >= 400 && result.status < 500, `status ${result.status}`);
  });

  it('answers a card action with the card as JSON, and serializes a card it answers again only once', async () => {
    const showPartners = actionActivity(ACTORS.globalAdmin, 'showPartners', {}, { kind: 'personal' }, bot.channel.url);
    const answer = async () => {
      const response = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(showPartners) });
      const text = await response.text();
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(Number(response.headers.get('content-length')), Buffer.byteLength(text));
      return text;
    };
    const first = await answer();
    const stringify = sinon.spy(JSON, 'stringify');
    const second = await answer().finally(() => stringify.restore());
    assert.equal(second, first, 'the same card, byte for byte');
    const body = JSON.parse(first) as { statusCode: number; type: string; value: { type: string } };
    assert.deepEqual([body.statusCode, body.type, body.value.type], [200, 'application/vnd.microsoft.card.adaptive', 'AdaptiveCard']);
    assert.equal(first, JSON.stringify(body), 'what JSON.stringify gives for that body');
    const isCard = (value: unknown) => (value as { type?: unknown } | null)?.type === 'AdaptiveCard';
    const cardsSerialized = stringify.getCalls().filter((call) => isCard(call.args[0]) || isCard((call.args[0] as { value?: unknown } | null)?.value));
    assert.equal(cardsSerialized.length, 0, 'the second answer reused the JSON text of the first');
  });

  it('finishes a turn that is under way when asked to stop, then refuses new connections', async () => {
    // The channel service answers slowly, so the reply is still being sent when close() starts.
    bot.channel.failNext({ kind: 'hang' });
    const turn = bot.post(messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, bot.channel.url));
    await bot.channel.waitFor(() => bot.app.http.inFlight() > 0, 'the turn to start');
    const closing = bot.app.close();
    setTimeout(() => bot.channel.recover(), 200);
    const result = await turn;
    await closing;
    assert.equal(result.status, 200);
    await assert.rejects(fetch(`${bot.app.url}/healthz`));
  });
});

describe('the health check', () => {
  it('answers 503 without revealing where the store lives when the store is gone', async () => {
    const bot = await BotHarness.start();
    try {
      await rm(bot.storeDir, { recursive: true, force: true });
      const response = await fetch(`${bot.app.url}/healthz`);
      assert.equal(response.status, 503);
      const body = await response.text();
      assert.match(body, /store unavailable/);
      assert.ok(!body.includes(bot.storeDir), body);
    } finally {
      await bot.stop();
    }
  });
});
