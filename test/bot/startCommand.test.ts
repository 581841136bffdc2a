import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBuiltBot, type ServerProcess } from '../../bench/lib/serverProcess.js';
import { startCommand } from '../../bench/lib/startCommand.js';
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
    server = await startBuiltBot({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: dir, LOG_LEVEL: 'warn' });
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(ACTORS.globalAdmin, 'pending invitations', { kind: 'personal' }, channel.url)) });
    assert.equal(response.status, 200);
    const cards = channel.cardsTo(personalConversationId(ACTORS.globalAdmin));
    assert.equal(cards.length, 2, 'one card per pending demo invitation');
    assert.equal(await server.stop('SIGTERM'), 0);
    server = undefined;
  });
});

describe('startCommand: the Node options and script the benchmark and this test take from npm start', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-start-script-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const withStart = async (start: string) => {
    const file = path.join(dir, 'package.json');
    await writeFile(file, JSON.stringify({ scripts: { start } }));
    return () => startCommand(new URL(`file://${file}`));
  };

  it('reads the options and the script of package.json as it is', () => {
    const { nodeFlags, script } = startCommand();
    assert.equal(script, 'build/app/bot/index.js');
    assert.ok(nodeFlags.includes('--disable-warning=DEP0111'), nodeFlags.join(' '));
  });

  it('is the command the systemd unit in docs/deploy.md runs', () => {
    const { nodeFlags, script } = startCommand();
    const unit = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf-8');
    assert.equal(/^ExecStart=(.*)$/m.exec(unit)?.[1], ['/usr/bin/node', ...nodeFlags, script].join(' '));
  });

  it('splits "node [--options] <script>.js"', async () => {
    assert.deepEqual((await withStart('node  --a=1 --b  build/x.js'))(), { nodeFlags: ['--a=1', '--b'], script: 'build/x.js' });
  });

  it('refuses a start script of another shape rather than measure something else', async () => {
    for (const start of ['tsx bot/index.ts', 'node build/x.ts', 'node -r ./x build/x.js', 'NODE_ENV=x node build/x.js', '']) {
      assert.throws(await withStart(start), /not "node \[--options\] <script>.js"/, start);
    }
  });
});
