import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkStore } from '../../storage/checkStore.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ChannelServiceStandIn } from '../support/channelServiceStandIn.js';
import { messageActivity } from '../support/teamsActivities.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';
import { fingerprint, killLeftoverBots, post, press, spawnBot, startBot } from './support/childBot.js';

/**
 * What the real server does at start-up with a store it can't trust, run as `npm start` runs it (a child process):
 * a damaged file it must read to start stops it with a message naming the file and the problem, and no file is
 * touched; a damaged tenant file it does not need to start is refused per request while everyone else is served;
 * a missing folder is created; a folder that holds data but no meta.json is refused.
 */

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;

describe('Store start-up: damaged, old or missing store files, with the real server process', function () {
  this.timeout(60_000);

  let root: string;
  let template: string;
  let channel: ChannelServiceStandIn;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'partner-desk-startup-'));
    channel = await new ChannelServiceStandIn().start();
    // A demo store with a notification waiting (Contoso has no channel), so outbox-pending.json lists Northwind.
    template = path.join(root, 'template');
    const bot = await startBot(template, { SEED_DEMO_DATA: 'true' });
    const removed = await press(bot.url, channel.url, ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
    assert.match(removed.text, /Admin roles removed/);
    assert.equal((await bot.stop('SIGTERM')).code, 0);
    const pending = JSON.parse(await readFile(path.join(template, 'outbox-pending.json'), 'utf-8')) as { tenants: string[] };
    assert.deepEqual(pending.tenants, [NORTHWIND], 'the template lists Northwind as having notifications to send');
  });

  afterEach(killLeftoverBots);
  after(async () => {
    await channel.stop();
    await rm(root, { recursive: true, force: true });
  });

  let copies = 0;
  async function storeFrom(change: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(root, `store-${copies++}`);
    await cp(template, dir, { recursive: true });
    await change(dir);
    return dir;
  }

  const tenantFile = (dir: string, tenantId: string) => path.join(dir, 'tenants', `${tenantId}.json`);
  const setJson = async (file: string, edit: (json: Record<string, unknown>) => void) => {
    const json = JSON.parse(await readFile(file, 'utf-8')) as Record<string, unknown>;
    edit(json);
    await writeFile(file, JSON.stringify(json));
  };

  /** Starts the server on the folder and expects it to refuse: non-zero exit, the file and problem on stderr, nothing touched. */
  async function expectRefusal(dir: string, file: string, problem: RegExp): Promise<void> {
    const before = await fingerprint(dir);
    const outcome = await spawnBot(dir);
    if (outcome.kind === 'listening') {
      await outcome.bot.stop('SIGKILL');
      assert.fail(`the server started on a store with a bad ${path.basename(file)}`);
    }
    assert.notEqual(outcome.code, 0, 'a non-zero exit code');
    assert.ok(outcome.stderr.includes(file), `stderr names ${file}:\n${outcome.stderr}`);
    assert.match(outcome.stderr, problem);
    assert.match(outcome.stderr, /left untouched/);
    assert.doesNotMatch(outcome.stdout, /Partner Desk is running/);
    assert.deepEqual(await fingerprint(dir), before, 'every file is byte-identical, and none was added or removed');
  }

  describe('a file it must read to start is damaged or of another version: it refuses to start and touches nothing', () => {
    it('a corrupt tenant file listed in outbox-pending.json', async () => {
      const dir = await storeFrom(async (d) => writeFile(tenantFile(d, NORTHWIND), '{"schemaVersion":1,"tenant":{"id":"1111'));
      await expectRefusal(dir, tenantFile(dir, NORTHWIND), /not JSON/);
    });

    it('a listed tenant file that is JSON but not a tenant (a field of the wrong type)', async () => {
      const dir = await storeFrom(async (d) => setJson(tenantFile(d, NORTHWIND), (json) => { json['invitations'] = 'none'; }));
      await expectRefusal(dir, tenantFile(dir, NORTHWIND), /invitations/);
    });

    it('a corrupt directory.json', async () => {
      const dir = await storeFrom(async (d) => writeFile(path.join(d, 'directory.json'), '\u0000\u0000\u0000'));
      await expectRefusal(dir, path.join(dir, 'directory.json'), /not JSON/);
    });

    it('a corrupt meta.json', async () => {
      const dir = await storeFrom(async (d) => writeFile(path.join(d, 'meta.json'), '{"schemaVersion":'));
      await expectRefusal(dir, path.join(dir, 'meta.json'), /not JSON/);
    });

    it('a corrupt outbox-pending.json', async () => {
      const dir = await storeFrom(async (d) => writeFile(path.join(d, 'outbox-pending.json'), '{"schemaVersion":1,"tenants":["not a tenant"]}'));
      await expectRefusal(dir, path.join(dir, 'outbox-pending.json'), /tenants/);
    });

    for (const [what, file] of [['meta.json', 'meta.json'], ['directory.json', 'directory.json'], ['a listed tenant file', `tenants/${NORTHWIND}.json`]] as const) {
      it(`a wrong schemaVersion in ${what}`, async () => {
        const dir = await storeFrom(async (d) => setJson(path.join(d, file), (json) => { json['schemaVersion'] = 2; }));
        await expectRefusal(dir, path.join(dir, file), /schemaVersion/);
      });
    }

    it('a folder holding data but no meta.json', async () => {
      const dir = await storeFrom(async (d) => rm(path.join(d, 'meta.json')));
      await expectRefusal(dir, path.join(dir, 'meta.json'), /missing/);
    });
  });

  it('a corrupt tenant file not needed at start-up: the server starts, refuses that tenant with a card, serves the others, leaves the file as it is', async () => {
    const dir = await storeFrom(async (d) => writeFile(tenantFile(d, TAILSPIN), '{"schemaVersion":1,"tenant":{"id":"2222'));
    const damaged = await readFile(tenantFile(dir, TAILSPIN));
    const bot = await startBot(dir, { LOG_LEVEL: 'error' });

    for (const [verb, data] of [['showPartners', {}], ['removeRoles', { partnerId: 'contoso', version: 1 }], ['showPending', {}]] as const) {
      const answer = await press(bot.url, channel.url, ACTORS.otherTenantAdmin, verb, data);
      assert.equal(answer.result.status, 200, `${verb}: answered, not ${answer.result.status}`);
      assert.ok(answer.card, `${verb}: a card`);
      assert.match(answer.text, /Nothing was changed/);
      assert.match(answer.text, /can't be read/);
      assert.ok(!answer.text.includes(dir), 'the card does not show server paths');
    }
    // A partner inviting that customer is refused too, with a card.
    const invite = await press(bot.url, channel.url, partnerActor('proseware'), 'createInvitation', { customerTenantId: TAILSPIN, types: 'advisor' });
    assert.equal(invite.result.status, 200);
    assert.match(invite.text, /Nothing was changed/);
    assert.doesNotMatch(invite.text, /Invitation sent/);
    // A chat message from that tenant is answered (200) with a reply saying nothing happened, not a server error.
    const before = channel.calls.length;
    const message = await post(bot.url, messageActivity(ACTORS.otherTenantAdmin, 'show my partners', { kind: 'personal' }, channel.url));
    assert.equal(message.status, 200);
    assert.match(channel.calls.slice(before).map((c) => String(c.activity['text'] ?? '')).join('\n'), /hit a problem/);

    // Everyone else is served, reads and writes alike.
    const partners = await press(bot.url, channel.url, ACTORS.globalAdmin, 'showPartners', {});
    assert.match(partners.text, /Contoso Cloud Solutions/);
    const accepted = await press(bot.url, channel.url, ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.litwareReseller, version: 1, agreementAcknowledged: true });
    assert.match(accepted.text, /Litware Licensing is now authorized/);
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);

    assert.equal(bot.child.exitCode, null, 'the server is still running');
    assert.match(bot.stdout(), new RegExp(`${TAILSPIN}\\.json is not valid: not JSON`), 'the log names the file and the problem');
    assert.equal((await bot.stop('SIGTERM')).code, 0);
    assert.deepEqual(await readFile(tenantFile(dir, TAILSPIN)), damaged, 'the damaged file is byte-identical');
    assert.deepEqual((await checkStore(dir)).problems.filter((p) => !p.includes(TAILSPIN)), [], 'nothing else in the store is wrong');
  });

  describe('a store folder that does not exist yet is created', () => {
    it('with the demo data when SEED_DEMO_DATA=true', async () => {
      const dir = path.join(root, 'fresh-demo', 'data');
      const bot = await startBot(dir, { SEED_DEMO_DATA: 'true' });
      const partners = await press(bot.url, channel.url, ACTORS.globalAdmin, 'showPartners', {});
      assert.match(partners.text, /Contoso Cloud Solutions/);
      assert.equal((await bot.stop('SIGTERM')).code, 0);
      const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf-8')) as { schemaVersion: number };
      assert.equal(meta.schemaVersion, 1);
      const directory = JSON.parse(await readFile(path.join(dir, 'directory.json'), 'utf-8')) as { partners: unknown[] };
      assert.equal(directory.partners.length, Object.keys(DEMO.partners).length);
      assert.ok((await readdir(path.join(dir, 'tenants'))).includes(`${NORTHWIND}.json`));
      assert.deepEqual((await checkStore(dir)).problems, []);
    });

    it('empty when SEED_DEMO_DATA=false', async () => {
      const dir = path.join(root, 'fresh-empty', 'data');
      const bot = await startBot(dir, { SEED_DEMO_DATA: 'false' });
      const answer = await press(bot.url, channel.url, ACTORS.globalAdmin, 'showPartners', {});
      assert.equal(answer.result.status, 200);
      assert.ok(answer.card);
      assert.equal((await bot.stop('SIGTERM')).code, 0);
      assert.ok((await stat(path.join(dir, 'meta.json'))).isFile());
      const directory = JSON.parse(await readFile(path.join(dir, 'directory.json'), 'utf-8')) as { partners: unknown[] };
      assert.deepEqual(directory.partners, []);
      const tenants = await readdir(path.join(dir, 'tenants')).catch(() => [] as string[]);
      assert.ok(!tenants.includes(`${TAILSPIN}.json`) && !tenants.includes(`${DEMO.partners.contoso.tenantId}.json`), 'no demo tenant was written');
      assert.deepEqual((await checkStore(dir)).problems, []);
    });
  });
});
