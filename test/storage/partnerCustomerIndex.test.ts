import assert from 'node:assert/strict';
import fsp, { readFile, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import sinon from 'sinon';
import { ChangeJournal } from '../../storage/changeJournal.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { contactPartners } from '../../domain/operations/contactPartners.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { withdrawInvitation } from '../../domain/operations/withdrawInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;

describe('the partner-customer index', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => {
    sinon.restore();
    syncBuiltinESMExports();
    await world.dispose();
  });

  const lines = async (partnerId: string) => (await readFile(world.opened.layout.partnerCustomers(partnerId), 'utf-8').catch(() => '')).split('\n').filter(Boolean);
  const invite = (customerTenantId: string) => createInvitation(world.deps, partnerActor('proseware'), { customerTenantId, types: ['advisor'] });

  it('knows the customers of the demo data from the seed', async () => {
    assert.deepEqual((await world.opened.tenants.customersOf('contoso')).sort(), [NORTHWIND, TAILSPIN].sort());
    assert.deepEqual(await world.opened.tenants.customersOf('adatum'), [NORTHWIND]);
  });

  it('lists a customer after the first invitation from a partner, once, however many invitations follow', async () => {
    assert.deepEqual(await world.opened.tenants.customersOf('proseware'), []);

    const first = await invite(NORTHWIND);
    assert.ok(first.ok);
    assert.deepEqual(await world.opened.tenants.customersOf('proseware'), [NORTHWIND]);

    const withdrawn = await withdrawInvitation(world.deps, partnerActor('proseware'), { customerTenantId: NORTHWIND, invitationId: first.value.id });
    assert.ok(withdrawn.ok, JSON.stringify(withdrawn));
    const second = await invite(NORTHWIND);
    assert.ok(second.ok);
    assert.ok((await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: second.value.id })).ok);
    assert.ok((await invite(NORTHWIND)).ok);

    assert.deepEqual(await lines('proseware'), [NORTHWIND], 'one line in the append-only file');
    assert.deepEqual(await (await world.reopen()).tenants.customersOf('proseware'), [NORTHWIND]);
  });

  it('lists each customer of a partner, and only that partner gains an entry', async () => {
    const contosoBefore = await lines('contoso');
    assert.ok((await invite(NORTHWIND)).ok);
    assert.ok((await invite(TAILSPIN)).ok);
    assert.deepEqual((await world.opened.tenants.customersOf('proseware')).sort(), [NORTHWIND, TAILSPIN].sort());
    assert.deepEqual(await lines('contoso'), contosoBefore);
  });

  it('lists a customer that contacted a partner', async () => {
    const sent = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'request-0001', partnerIds: ['relecloud'], businessNeeds: 'A Power BI dashboard for sales.' });
    assert.ok(sent.ok);
    assert.deepEqual(await world.opened.tenants.customersOf('relecloud'), [NORTHWIND]);
  });

  it('lists the customer before the change is written, so a failed write leaves an entry readers skip, not a gap', async () => {
    sinon.stub(ChangeJournal.prototype, 'append').throws(new Error('EIO: i/o error'));
    await assert.rejects(invite(NORTHWIND), /EIO/);
    assert.deepEqual(await lines('proseware'), [NORTHWIND]);
    sinon.restore();

    assert.ok((await invite(NORTHWIND)).ok);
    assert.deepEqual(await (await world.reopen()).tenants.customersOf('proseware'), [NORTHWIND]);
    assert.deepEqual(await lines('proseware'), [NORTHWIND], 'the retry did not append it again');
  });

  it('does not miss a customer added while the list is being read for the first time', async () => {
    // Hold the first read of proseware's file after it has read the bytes, as a slow disk would.
    const indexFile = world.opened.layout.partnerCustomers('proseware');
    const realReadFile = fsp.readFile;
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => { readDone = resolve; });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    sinon.stub(fsp, 'readFile').callsFake(async (...args: Parameters<typeof fsp.readFile>) => {
      const content = realReadFile(...args);
      if (args[0] === indexFile) {
        await content.catch(() => undefined);
        readDone();
        await gate;
      }
      return content;
    });
    syncBuiltinESMExports();

    const listing = world.opened.tenants.customersOf('proseware');
    await read;
    const inviting = invite(NORTHWIND);
    // The invitation may wait for the read to finish, or complete meanwhile: either way it must not be lost.
    await Promise.race([inviting, new Promise((resolve) => setTimeout(resolve, 300))]);
    release();
    await listing;
    assert.ok((await inviting).ok);

    assert.deepEqual(await world.opened.tenants.customersOf('proseware'), [NORTHWIND]);
  });

  it('lists customers inviting concurrently, each once', async () => {
    const partners = ['contoso', 'fabrikam', 'adatum', 'litware', 'woodgrove', 'relecloud'] as const;
    const results = await Promise.all(partners.map((p) => createInvitation(world.deps, partnerActor(p), { customerTenantId: TAILSPIN, types: ['advisor'] })));
    assert.deepEqual(results.filter((r) => !r.ok), []);
    for (const p of partners) {
      const customers = await (await world.reopen()).tenants.customersOf(p);
      assert.ok(customers.includes(TAILSPIN), `${p} lists Tailspin`);
      assert.equal(customers.filter((c) => c === TAILSPIN).length, 1);
    }
  });

  it('skips a line torn by a crash mid-append, so the rest of the list stays usable', async () => {
    const file = world.opened.layout.partnerCustomers('contoso');
    await writeFile(file, `${NORTHWIND}\n1111-22${TAILSPIN}\n`); // a torn id glued to the next append
    const restarted = await world.reopen();
    assert.deepEqual(await restarted.tenants.customersOf('contoso'), [NORTHWIND]);
    for (const id of await restarted.tenants.customersOf('contoso')) assert.ok(await restarted.tenants.read(id));
  });

  it('refuses a partner id that could name another file', async () => {
    await assert.rejects(world.opened.tenants.customersOf('../meta'), /not a partner id/);
  });
});
