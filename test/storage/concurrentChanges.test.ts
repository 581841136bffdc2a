import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { contactPartners } from '../../domain/operations/contactPartners.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { openStore, type OpenedStore } from '../../storage/openStore.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';
import { recordChange, TempFolders, tenantId } from './storeHelpers.js';

/** Every file in the store parses as JSON (or, for the append-only index, as one tenant id a line). */
async function assertEveryFileIsWellFormed(store: OpenedStore): Promise<void> {
  for (const file of [store.layout.meta, store.layout.directory, store.layout.outboxPending]) JSON.parse(await readFile(file, 'utf-8'));
  for (const name of await readdir(store.layout.tenantsDir)) {
    assert.ok(!name.startsWith('.'), `no temporary file left behind: ${name}`);
    JSON.parse(await readFile(path.join(store.layout.tenantsDir, name), 'utf-8'));
  }
  const indexFiles = await readdir(store.layout.partnerCustomersDir).catch(() => [] as string[]);
  for (const name of indexFiles) {
    const lines = (await readFile(path.join(store.layout.partnerCustomersDir, name), 'utf-8')).split('\n');
    assert.equal(lines.pop(), '', `${name} ends with a newline`);
    for (const line of lines) assert.match(line, /^[0-9a-f-]{36}$/, `${name} holds whole tenant ids only`);
  }
}

describe('200 concurrent changes', () => {
  const folders = new TempFolders();
  afterEach(() => folders.cleanup());

  it('are all persisted, none lost, when 200 transactions race across five tenants, half of them on one', async () => {
    const dir = await folders.make();
    const store = await openStore(dir);
    const hot = tenantId(1);
    const cold = [tenantId(2), tenantId(3), tenantId(4), tenantId(5)];
    const expected = new Map<string, string[]>([[hot, []], ...cold.map((id) => [id, []] as [string, string[]])]);
    const changes: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const tenant = i % 2 === 0 ? hot : cold[((i - 1) / 2) % cold.length]!;
      const id = `change-${i}`;
      expected.get(tenant)!.push(id);
      // Every third change also queues a notification, so the shared outbox index is written concurrently too.
      changes.push(recordChange(store, tenant, id, { notify: i % 3 === 0 }));
    }

    await Promise.all(changes);

    const restarted = await openStore(dir);
    for (const [tenant, ids] of expected) {
      const state = await restarted.tenants.read(tenant);
      assert.deepEqual(state?.audit.map((e) => e.id), ids, `tenant ${tenant}: every change, in the order it was made`);
      assert.deepEqual(state?.outbox.map((n) => n.id), ids.filter((id) => Number(id.split('-')[1]) % 3 === 0));
    }
    assert.deepEqual((await restarted.tenants.tenantsWithPendingNotifications()).sort(), [...expected.keys()].sort());
    await assertEveryFileIsWellFormed(restarted);
  });

  describe('through the domain', () => {
    let world: TestWorld;
    beforeEach(async () => { world = await createTestWorld(); });
    afterEach(() => world.dispose());

    it('keeps all 200 contact requests from two customers, with their audit events, notifications and partner index', async () => {
      const senders = [ACTORS.globalAdmin, ACTORS.otherTenantAdmin];
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => contactPartners(world.deps, senders[i % 2]!, {
        requestId: `request-${String(i).padStart(4, '0')}`,
        partnerIds: i % 4 < 2 ? ['proseware'] : ['relecloud', 'litware'],
        businessNeeds: `We need help with project number ${i}.`,
      })));
      assert.deepEqual(results.filter((r) => !r.ok), []);

      const restarted = await world.reopen();
      for (const [index, tenant] of [DEMO.northwind.tenantId, DEMO.tailspin.tenantId].entries()) {
        const state = (await restarted.tenants.read(tenant))!;
        const mine = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 2 === index);
        assert.deepEqual(state.contactRequests.map((r) => r.id).sort(), mine.map((i) => `request-${String(i).padStart(4, '0')}`));
        const sent = mine.reduce((n, i) => n + (i % 4 < 2 ? 1 : 2), 0);
        assert.equal(state.audit.filter((e) => e.action === 'partners.contacted').length, sent);
        assert.equal(state.outbox.filter((n) => n.event === 'contactRequest').length, sent);
      }
      assert.deepEqual((await restarted.tenants.tenantsWithPendingNotifications()).sort(), [DEMO.northwind.tenantId, DEMO.tailspin.tenantId].sort());
      for (const partner of ['proseware', 'relecloud', 'litware']) {
        const customers = await restarted.tenants.customersOf(partner);
        assert.equal(new Set(customers).size, customers.length, `${partner}: each customer listed once`);
        assert.ok(customers.includes(DEMO.northwind.tenantId) && customers.includes(DEMO.tailspin.tenantId), `${partner}: both customers listed`);
      }
      await assertEveryFileIsWellFormed(restarted);
    });
  });
});
