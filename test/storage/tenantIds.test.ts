import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyTenant } from '../../domain/model.js';
import { openStore, type OpenedStore } from '../../storage/openStore.js';
import { StoreLayout, tenantKey } from '../../storage/storeLayout.js';
import { recordChange, snapshotTree, TempFolders, tenantId } from './storeHelpers.js';

const NOT_TENANT_IDS = [
  '../x',
  '../../victim',
  '..',
  '',
  'tenants',
  `${tenantId(1)}/../../victim`,
  `../${tenantId(1)}`,
  `${tenantId(1)}\n`,
  `${tenantId(1)}.json`,
  ` ${tenantId(1)}`,
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '00000000-0000-4000-8000-00000000000g',
  '00000000000040008000000000000001',
];

describe('tenant ids', () => {
  const folders = new TempFolders();
  let parent: string;
  let store: OpenedStore;
  let victim: string;
  beforeEach(async () => {
    // The store sits in a folder next to a file a traversal would reach: <parent>/store/tenants/../../victim.json
    parent = await folders.make();
    victim = path.join(parent, 'victim.json');
    await writeFile(victim, JSON.stringify(emptyTenant(tenantId(1))));
    store = await openStore(path.join(parent, 'store'));
    await recordChange(store, tenantId(1), 'existing');
  });
  afterEach(() => folders.cleanup());

  for (const bad of NOT_TENANT_IDS) {
    it(`refuses ${JSON.stringify(bad)} in read, exists and transact, touching no file`, async () => {
      const before = await snapshotTree(parent);

      await assert.rejects(store.tenants.read(bad), /not a tenant id/);
      await assert.rejects(store.tenants.exists(bad), /not a tenant id/);
      await assert.rejects(store.tenants.transact(bad, (draft) => {
        draft.audit = [];
        return { commit: true, value: undefined };
      }), /not a tenant id/);
      await assert.rejects(recordChange(store, bad, 'x', { notify: true }), /not a tenant id/);

      assert.deepEqual(await snapshotTree(parent), before);
      assert.deepEqual(await store.tenants.tenantsWithPendingNotifications(), []);
    });
  }

  it('reports a bad id from transact as a rejected promise, like read, never as a synchronous throw', async () => {
    let answer: Promise<unknown> | undefined;
    assert.doesNotThrow(() => { answer = store.tenants.transact('../x', () => ({ commit: true, value: undefined })); });
    await assert.rejects(answer!, /not a tenant id: "\.\.\/x"/);
  });

  it('maps no id to a path outside the tenants folder', () => {
    const layout = new StoreLayout('/store');
    for (const bad of NOT_TENANT_IDS) assert.throws(() => layout.tenant(bad), /not a tenant id/);
    assert.equal(layout.tenant(tenantId(1)), path.join('/store', 'tenants', `${tenantId(1)}.json`));
  });

  it('treats an upper-case id as the same tenant, stored under its lower-case name', async () => {
    const upper = tenantId(1).toUpperCase().replace('0000-4000', 'ABCD-4000');
    const lower = upper.toLowerCase();
    assert.equal(tenantKey(upper), lower);
    await recordChange(store, upper, 'upper');
    await recordChange(store, lower, 'lower');
    assert.deepEqual((await store.tenants.read(upper))?.audit.map((e) => e.id), ['upper', 'lower']);
    assert.equal(store.layout.tenant(upper), store.layout.tenant(lower));
    assert.deepEqual((await (await openStore(store.layout.root)).tenants.read(lower))?.audit.map((e) => e.id), ['upper', 'lower']);
  });

  it('refuses a partner id that could name a path, in the partner-customer index', async () => {
    const before = await snapshotTree(parent);
    for (const bad of ['../x', '../../victim', 'Contoso', '', 'a/b']) {
      await assert.rejects(store.tenants.customersOf(bad), /not a partner id/);
    }
    assert.deepEqual(await snapshotTree(parent), before);
  });
});
