import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServerProcess } from '../../bench/lib/serverProcess.js';
import { ChannelServiceStandIn } from '../support/channelServiceStandIn.js';
import { messageActivity, personalConversationId } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

describe('npm start: the built bot on plain Node', () => {
  let dir: string;
  let channel: ChannelServiceStandIn;
  let server: ServerProcess | undefined;

  before(function () {
    this.timeout(120_000);
    // What `npm start` runs first (its prestart script).
    execSync('npm run build', { stdio: 'ignore' });
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-start-'));
    channel = await new ChannelServiceStandIn().start();
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    await channel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the demo data on a fresh store, answers help, and stops cleanly on SIGTERM', async () => {
    server = await startServer('build/app/bot/index.js', { PORT: '0', HOST: '127.0.0.1', STORE_DIR: dir, LOG_LEVEL: 'warn' }, /running: (http:\/\/[^/]+)\/api\/messages/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(ACTORS.globalAdmin, 'pending invitations', { kind: 'personal' }, channel.url)) });
    assert.equal(response.status, 200);
    const cards = channel.cardsTo(personalConversationId(ACTORS.globalAdmin));
    assert.equal(cards.length, 2, 'one card per pending demo invitation');
    assert.equal(await server.stop('SIGTERM'), 0);
    server = undefined;
  });
});
