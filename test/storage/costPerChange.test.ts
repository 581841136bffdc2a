import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sinon from 'sinon';
import { openStore, type OpenedStore } from '../../storage/openStore.js';
import { ValidatedJsonFile } from '../../storage/validatedJsonFile.js';
import { identity, recordChange, TempFolders, tenantId, tenantWith } from './storeHelpers.js';

const TENANTS = 60;

/** Inode, mtime and size of every file in the store, by path relative to it. */
async function fileIdentities(store: OpenedStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const dir of [store.layout.root, store.layout.tenantsDir, store.layout.partnerCustomersDir]) {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      out.set(path.relative(store.layout.root, file), JSON.stringify(await identity(file), (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
  }
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((file) => before.get(file) !== after.get(file)).sort();
}

describe('the cost of a change does not grow with the number of tenants, written straight to its tenant file (STORE_JOURNAL=off)', () => {
  const folders = new TempFolders();
  let store: OpenedStore;
  beforeEach(async () => {
    const seeded = Array.from({ length: TENANTS }, (_, i) => tenantWith(tenantId(i + 1), (s) => {
      s.invitations.push({
        id: `inv-${i}`, partnerId: 'contoso', customerTenantId: tenantId(i + 1), types: ['reseller'], roles: [], requiresAgreement: true, status: 'pending',
        createdAt: '2026-11-01T00:00:00.000Z', createdBy: { objectId: 'p', tenantId: tenantId(999), displayName: 'P' }, expiresAt: '2027-01-30T00:00:00.000Z', version: 1,
      });
    }));
    store = await openStore(await folders.make(), { seed: { partners: [], tenants: seeded }, journal: false });
  });
  afterEach(async () => {
    sinon.restore();
    await store.tenants.flush();
    await folders.cleanup();
  });

  it('rewrites only its own tenant file: every other tenant file keeps its inode and mtime', async () => {
    const before = await fileIdentities(store);
    await recordChange(store, tenantId(7), 'one-change');
    assert.deepEqual(changed(before, await fileIdentities(store)), [`tenants/${tenantId(7)}.json`]);
  });

  it('adds only the indexes it needs: outbox-pending for a first notification, one partner file for a first contact', async () => {
    const before = await fileIdentities(store);
    await store.tenants.transact(tenantId(7), (draft) => {
      draft.contactRequests.push({ id: 'req-1', partnerIds: ['fabrikam'], businessNeeds: 'Licences for ten people.', sentAt: '2026-11-25T10:00:00.000Z', sentBy: { objectId: 'u', tenantId: tenantId(7), displayName: 'U' } });
      return { commit: true, value: undefined };
    });
    await recordChange(store, tenantId(8), 'notify', { notify: true });
    assert.deepEqual(changed(before, await fileIdentities(store)), ['outbox-pending.json', 'partner-customers/fabrikam.txt', `tenants/${tenantId(7)}.json`, `tenants/${tenantId(8)}.json`].sort());
  });

  it('reads and writes the same files for a change whether the store holds 60 tenants or 1', async () => {
    const smallDir = await folders.make();
    await openStore(smallDir, { seed: { partners: [], tenants: [tenantWith(tenantId(7))] }, journal: false });
    // Both freshly opened, as after a restart: nothing cached.
    const small = await openStore(smallDir, { journal: false });
    const big = await openStore(store.layout.root, { journal: false });
    const touched = async (s: OpenedStore) => {
      const writes = sinon.spy(ValidatedJsonFile.prototype, 'write');
      const reads = sinon.spy(ValidatedJsonFile.prototype, 'read');
      await recordChange(s, tenantId(7), 'change', { notify: true });
      const files = [...reads.thisValues, ...writes.thisValues].map((f) => path.relative(s.layout.root, (f as ValidatedJsonFile<unknown>).filename));
      sinon.restore();
      return files;
    };
    const inSmall = await touched(small);
    const inBig = await touched(big);
    assert.deepEqual(inBig, inSmall);
    assert.deepEqual(inBig, [`tenants/${tenantId(7)}.json`, 'outbox-pending.json', `tenants/${tenantId(7)}.json`]);
  });

  it('opens a store without reading its tenant files, except those with notifications waiting', async () => {
    await recordChange(store, tenantId(3), 'waiting', { notify: true });
    const reads = sinon.spy(ValidatedJsonFile.prototype, 'read');
    await openStore(store.layout.root, { journal: false });
    const files = reads.thisValues.map((f) => path.relative(store.layout.root, (f as ValidatedJsonFile<unknown>).filename));
    assert.deepEqual(files, ['meta.json', 'directory.json', 'outbox-pending.json', `tenants/${tenantId(3)}.json`]);
  });
});
