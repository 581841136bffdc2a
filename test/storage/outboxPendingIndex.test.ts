import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import sinon from 'sinon';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { settleNotification } from '../../domain/outbox.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { openStore } from '../../storage/openStore.js';
import { ValidatedJsonFile } from '../../storage/validatedJsonFile.js';
import { createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { readJson, recordChange, tenantId } from './storeHelpers.js';

const NORTHWIND = DEMO.northwind.tenantId;

function stenoTemp(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
}

describe('the outbox-pending index, with changes written straight to tenant files (STORE_JOURNAL=off)', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld({ journal: false }); });
  afterEach(async () => {
    sinon.restore();
    await world.dispose();
  });

  const onDisk = async () => ((await readJson(world.opened.layout.outboxPending)) as { tenants: string[] }).tenants;
  const invite = () => createInvitation(world.deps, partnerActor('proseware'), { customerTenantId: NORTHWIND, types: ['advisor'] });

  it('lists a tenant once a change queues a notification for it', async () => {
    assert.deepEqual(await world.opened.tenants.tenantsWithPendingNotifications(), []);
    assert.ok((await invite()).ok);
    assert.deepEqual(await world.opened.tenants.tenantsWithPendingNotifications(), [NORTHWIND]);
    assert.deepEqual(await onDisk(), [NORTHWIND]);
  });

  it('lists the tenant before the tenant file is written: when that write fails, the tenant is still listed (harmless)', async () => {
    const tenantFile = world.opened.layout.tenant(NORTHWIND);
    const original = ValidatedJsonFile.prototype.write;
    let indexedBeforeTenantWrite: string[] | undefined;
    sinon.stub(ValidatedJsonFile.prototype, 'write').callsFake(async function (this: ValidatedJsonFile<unknown>, data: unknown) {
      if (this.filename !== tenantFile) return original.call(this, data);
      indexedBeforeTenantWrite = await onDisk();
      throw new Error('EIO: i/o error');
    });

    await assert.rejects(invite(), /EIO/);

    assert.deepEqual(indexedBeforeTenantWrite, [NORTHWIND], 'on disk in outbox-pending.json when the tenant file was written');
    assert.deepEqual(await onDisk(), [NORTHWIND]);
    assert.deepEqual((await world.opened.tenants.read(NORTHWIND))?.outbox, []);
    // The sender finds nothing due for it and moves on; a restart checks the listed tenant and starts fine.
    const restarted = await world.reopen();
    assert.deepEqual(await restarted.tenants.tenantsWithPendingNotifications(), [NORTHWIND]);
  });

  it('removes the tenant once its outbox is empty again, in memory and on disk, batched a little later', async () => {
    const created = await invite();
    assert.ok(created.ok);
    const [queued] = (await world.opened.tenants.read(NORTHWIND))!.outbox;

    await settleNotification(world.deps, NORTHWIND, queued!.id, { kind: 'delivered', conversationIds: ['c1'] });
    // Still listed right after (removals are batched); flush() runs the pending removal, as a shutdown does.
    assert.deepEqual(await onDisk(), [NORTHWIND]);
    await world.opened.tenants.flush();

    assert.deepEqual((await world.opened.tenants.read(NORTHWIND))?.outbox, []);
    assert.deepEqual(await world.opened.tenants.tenantsWithPendingNotifications(), []);
    assert.deepEqual(await onDisk(), []);
    assert.deepEqual(await (await world.reopen()).tenants.tenantsWithPendingNotifications(), []);
  });

  it('keeps the tenant while some notification is still queued', async () => {
    await recordChange(world.opened, NORTHWIND, 'n1', { notify: true });
    await recordChange(world.opened, NORTHWIND, 'n2', { notify: true });
    await settleNotification(world.deps, NORTHWIND, 'n1', { kind: 'delivered', conversationIds: [] });
    assert.deepEqual(await onDisk(), [NORTHWIND]);
  });

  it('does not rewrite the index for a change that neither starts nor empties an outbox', async () => {
    await recordChange(world.opened, NORTHWIND, 'n1', { notify: true });
    const written = await readFile(world.opened.layout.outboxPending, 'utf-8');
    const write = sinon.spy(ValidatedJsonFile.prototype, 'write');
    await recordChange(world.opened, NORTHWIND, 'n2', { notify: true });
    await recordChange(world.opened, DEMO.tailspin.tenantId, 'quiet');
    assert.deepEqual(write.thisValues.map((f) => path.basename((f as ValidatedJsonFile<unknown>).filename)), [`${NORTHWIND}.json`, `${DEMO.tailspin.tenantId}.json`]);
    assert.equal(await readFile(world.opened.layout.outboxPending, 'utf-8'), written);
  });

  it('still lists a tenant after a restart when writing the index failed once and a later change queued a notification', async () => {
    const blocker = stenoTemp(world.opened.layout.outboxPending);
    await mkdir(blocker); // the index write fails with EISDIR
    await assert.rejects(recordChange(world.opened, NORTHWIND, 'n1', { notify: true }), /EISDIR/);
    assert.deepEqual((await world.opened.tenants.read(NORTHWIND))?.outbox, [], 'the change was not written either');
    await rm(blocker, { recursive: true });

    await recordChange(world.opened, NORTHWIND, 'n2', { notify: true });

    const restarted = await world.reopen();
    assert.deepEqual((await restarted.tenants.read(NORTHWIND))?.outbox.map((n) => n.id), ['n2']);
    assert.deepEqual(await restarted.tenants.tenantsWithPendingNotifications(), [NORTHWIND], 'its notification will be sent');
  });

  it('does not report a written change as failed when only dropping the index entry afterwards fails', async () => {
    await recordChange(world.opened, NORTHWIND, 'n1', { notify: true });
    const indexFile = world.opened.layout.outboxPending;
    const original = ValidatedJsonFile.prototype.write;
    sinon.stub(ValidatedJsonFile.prototype, 'write').callsFake(function (this: ValidatedJsonFile<unknown>, data: unknown) {
      return this.filename === indexFile ? Promise.reject(new Error('EIO: i/o error')) : original.call(this, data);
    });

    await settleNotification(world.deps, NORTHWIND, 'n1', { kind: 'delivered', conversationIds: [] });

    assert.deepEqual((await world.opened.tenants.read(NORTHWIND))?.outbox, []);
    sinon.restore();
    const restarted = await world.reopen();
    assert.deepEqual((await restarted.tenants.read(NORTHWIND))?.outbox, [], 'the delivery is recorded');
    assert.deepEqual(await restarted.tenants.tenantsWithPendingNotifications(), [NORTHWIND], 'an extra entry, which is harmless');
  });

  it('lists every tenant queuing notifications concurrently', async () => {
    const dir = path.join(world.dir, 'other-store');
    const store = await openStore(dir, { journal: false });
    const ids = Array.from({ length: 20 }, (_, i) => tenantId(i + 1));
    await Promise.all(ids.map((id) => recordChange(store, id, 'n', { notify: true })));
    assert.deepEqual((await (await openStore(dir, { journal: false })).tenants.tenantsWithPendingNotifications()).sort(), ids);
  });
});
