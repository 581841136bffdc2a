import assert from 'node:assert/strict';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { demoSeed } from '../../storage/demoData.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { openStore } from '../../storage/openStore.js';
import { createTestWorld, partnerActor, START, type TestWorld } from '../support/testWorld.js';
import { bytes, readJson, recordChange, snapshotTree, TempFolders, tenantId, tenantWith } from './storeHelpers.js';

describe('store round trip', () => {
  const folders = new TempFolders();
  afterEach(() => folders.cleanup());

  describe('a change made through transact', () => {
    let world: TestWorld;
    beforeEach(async () => { world = await createTestWorld(); });
    afterEach(() => world.dispose());

    it('is read back unchanged by a restarted process opening the same folder', async () => {
      const created = await createInvitation(world.deps, partnerActor('proseware'), { customerTenantId: DEMO.tailspin.tenantId, types: ['advisor'], message: 'Let us review your security.' });
      assert.ok(created.ok, JSON.stringify(created));
      const inMemory = await world.opened.tenants.read(DEMO.tailspin.tenantId);

      const restarted = await world.reopen();

      assert.equal(restarted.created, false);
      const fromDisk = await restarted.tenants.read(DEMO.tailspin.tenantId);
      assert.deepEqual(fromDisk, inMemory);
      assert.equal(fromDisk?.invitations.find((i) => i.id === created.value.id)?.message, 'Let us review your security.');
      assert.deepEqual(await restarted.tenants.tenantsWithPendingNotifications(), [DEMO.tailspin.tenantId]);
      assert.deepEqual(await restarted.tenants.customersOf('proseware'), [DEMO.tailspin.tenantId]);
    });

    it('keeps every other tenant and the partner directory as they were', async () => {
      const others = await Promise.all([DEMO.northwind.tenantId, DEMO.partners.contoso.tenantId].map((id) => world.opened.tenants.read(id)));
      await recordChange(world.opened, DEMO.tailspin.tenantId, 'change-1');

      const restarted = await world.reopen();

      assert.deepEqual(await Promise.all([DEMO.northwind.tenantId, DEMO.partners.contoso.tenantId].map((id) => restarted.tenants.read(id))), others);
      assert.deepEqual(restarted.directory.all(), world.opened.directory.all());
    });
  });

  it('reads a tenant that was never written as missing, and creates it on its first change', async () => {
    const dir = await folders.make();
    const store = await openStore(dir);
    const id = tenantId(1);
    assert.equal(await store.tenants.read(id), undefined);
    assert.equal(await store.tenants.exists(id), false);

    await recordChange(store, id, 'first');

    const restarted = await openStore(dir);
    assert.equal(await restarted.tenants.exists(id), true);
    assert.deepEqual((await restarted.tenants.read(id))?.audit.map((e) => e.id), ['first']);
    assert.equal((await restarted.tenants.read(id))?.tenant.id, id);
  });

  it('writes nothing for a transaction whose work does not commit', async () => {
    const dir = await folders.make();
    const store = await openStore(dir, { seed: { partners: [], tenants: [tenantWith(tenantId(1))] } });
    const before = await snapshotTree(dir);

    const answer = await store.tenants.transact(tenantId(1), (draft) => {
      draft.audit.push({ id: 'never', at: START.toISOString(), tenantId: tenantId(1), action: 'x', actor: { objectId: 'a', tenantId: 'b', displayName: 'c' }, before: null, after: null });
      return { commit: false, value: 'refused' };
    });
    const untouched = await store.tenants.transact(tenantId(2), () => ({ commit: false, value: 'nothing' }));

    assert.equal(answer, 'refused');
    assert.equal(untouched, 'nothing');
    assert.deepEqual((await store.tenants.read(tenantId(1)))?.audit, []);
    assert.equal(await store.tenants.exists(tenantId(2)), false);
    assert.deepEqual(await snapshotTree(dir), before);
  });

  describe('the demo seed', () => {
    it('is written when the folder is new: directory, every demo tenant, and meta.json', async () => {
      const dir = await folders.make();
      const seed = demoSeed(START);
      const store = await openStore(dir, { seed });

      assert.equal(store.created, true);
      assert.equal(store.directory.all().length, seed.partners.length);
      for (const tenant of seed.tenants) assert.deepEqual(await store.tenants.read(tenant.tenant.id), tenant);
      assert.deepEqual(Object.keys(await readJson(store.layout.meta) as object).sort(), ['createdAt', 'schemaVersion']);
    });

    it('is not written again by a second open, which neither reseeds nor overwrites anything', async () => {
      const dir = await folders.make();
      const first = await openStore(dir, { seed: demoSeed(START) });
      await recordChange(first, DEMO.northwind.tenantId, 'after-seeding');
      await first.tenants.transact(DEMO.tailspin.tenantId, (draft) => {
        draft.relationships = [];
        return { commit: true, value: undefined };
      });
      await first.tenants.flush();
      const meta = await bytes(first.layout.meta);
      const before = await snapshotTree(dir);

      // A different seed, as a newer build of the demo would bring: it must be ignored.
      const second = await openStore(dir, { seed: { partners: [], tenants: [tenantWith(DEMO.northwind.tenantId)] } });

      assert.equal(second.created, false);
      assert.deepEqual(await snapshotTree(dir), before);
      assert.deepEqual(await bytes(second.layout.meta), meta);
      assert.equal(second.directory.all().length, demoSeed(START).partners.length);
      assert.equal((await second.tenants.read(DEMO.northwind.tenantId))?.audit.at(-1)?.id, 'after-seeding');
      assert.deepEqual((await second.tenants.read(DEMO.tailspin.tenantId))?.relationships, []);
    });
  });
});
