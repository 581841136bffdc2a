import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import sinon from 'sinon';
import { type App, startApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness } from '../support/botHarness.js';
import { ChannelServiceStandIn } from '../support/channelServiceStandIn.js';
import { registerPartnerChannel } from '../support/flowSteps.js';
import { messageActivity } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

const SECRET = 'super-secret-app-password-123';
const APP_ID = '0a0b0c0d-1111-2222-3333-444455556666';

class Lines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf-8').split('\n').filter(Boolean));
    done();
  }
}

async function run(env: Record<string, string>, work: (app: App, channel: ChannelServiceStandIn) => Promise<void>): Promise<string[]> {
  const sink = new Lines();
  const channel = await new ChannelServiceStandIn().start();
  const dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-logs-'));
  const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: dir, LOG_LEVEL: 'debug', ...env }), createLogger('debug', sink));
  try {
    await work(app, channel);
  } finally {
    await app.close();
    await channel.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return sink.lines;
}

const post = (app: App, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', ...headers }, body: JSON.stringify(body) });

describe('logs', () => {
  afterEach(() => sinon.restore());

  it('are JSON lines naming the request id and the tenant of each activity', async () => {
    const lines = await run({}, async (app, channel) => {
      assert.equal((await post(app, messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, channel.url))).status, 200);
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const handled = entries.find((e) => e['msg'] === 'activity handled');
    assert.ok(handled, lines.join('\n'));
    assert.equal(handled['requestId'], 'req-42');
    assert.equal(handled['tenantId'], DEMO.northwind.tenantId);
    assert.equal(handled['activityType'], 'message');
  });

  it('name the notification, its tenant and its partner when one is delivered or must be retried', async () => {
    const sink = new Lines();
    const bot = await BotHarness.start({ LOG_LEVEL: 'debug' }, {}, createLogger('debug', sink));
    try {
      await registerPartnerChannel(bot, 'contoso');
      await bot.app.dispatcher.idle();
      bot.channel.failNext({ kind: 'status', status: 400 });
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await bot.channel.waitFor(() => sink.lines.some((line) => line.includes('notification delivered')), 'the delivery log line, after a retry');
    } finally {
      await bot.stop();
    }
    const entries = sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const msg of ['notification delivered', 'notification send failed; will retry']) {
      const entry = entries.find((e) => e['msg'] === msg);
      assert.ok(entry, `${msg}:\n${sink.lines.join('\n')}`);
      assert.match(String(entry['notificationId']), /\S/);
      assert.equal(entry['tenantId'], DEMO.northwind.tenantId);
      assert.equal(entry['partnerId'], 'contoso');
      assert.equal(entry['component'], 'outbox');
    }
  });

  it('never contain the app password or a bearer token', async () => {
    sinon.stub(console, 'error');
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw';
    const lines = await run({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET }, async (app, channel) => {
      assert.equal((await post(app, messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, channel.url), { authorization: `Bearer ${token}` })).status, 401);
    });
    const all = lines.join('\n');
    assert.ok(lines.length > 0);
    assert.ok(!all.includes(SECRET), 'the app password was logged');
    assert.ok(!all.includes(token) && !all.includes('c2lnbmF0dXJl'), 'the bearer token was logged');
  });
});
