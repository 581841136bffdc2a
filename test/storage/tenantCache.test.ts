import assert from 'node:assert/strict';
import type { TenantState } from '../../domain/model.js';
import { openStore, type OpenedStore } from '../../storage/openStore.js';
import { recordChange, TempFolders, tenantId, tenantWith } from './storeHelpers.js';

const CACHE_SIZE = 3;
const TENANTS = 10;
const ids = Array.from({ length: TENANTS }, (_, i) => tenantId(i + 1));

describe('the tenant cache', () => {
  const folders = new TempFolders();
  let dir: string;
  let store: OpenedStore;
  /** A cached tenant is handed out as the same object again; one loaded from disk is a new object. */
  let lastSeen: Map<string, TenantState>;
  const isCached = async (id: string): Promise<boolean> => {
    const state = (await store.tenants.read(id))!;
    const cached = lastSeen.get(id) === state;
    lastSeen.set(id, state);
    return cached;
  };

  beforeEach(async () => {
    dir = await folders.make();
    await openStore(dir, { seed: { partners: [], tenants: ids.map((id) => tenantWith(id, (s) => { s.users[`user-${id}`] = { displayName: id, roles: ['Global Administrator'] }; })) } });
    store = await openStore(dir, { cacheSize: CACHE_SIZE });
    lastSeen = new Map();
  });
  afterEach(async () => {
    await store.tenants.flush();
    await folders.cleanup();
  });

  it(`keeps at most cacheSize (${CACHE_SIZE}) tenants parsed after reading ${TENANTS}`, async () => {
    for (const id of ids) assert.equal(await isCached(id), false);
    // Most recent first: each hit keeps the others cached, so this counts exactly what the cache holds.
    const hits = [];
    for (const id of [...ids].reverse()) hits.push(await isCached(id));
    assert.deepEqual(hits, [true, true, true, false, false, false, false, false, false, false]);
  });

  it('drops the least recently used tenant, not the first loaded', async () => {
    for (const id of ids.slice(0, 3)) await isCached(id); // cache: 1 2 3
    assert.equal(await isCached(ids[0]!), true); // cache: 2 3 1
    await isCached(ids[3]!); // loads 4, drops 2
    assert.equal(await isCached(ids[0]!), true);
    assert.equal(await isCached(ids[1]!), false);
  });

  it('still returns the stored data for an evicted tenant', async () => {
    const first = structuredClone(await store.tenants.read(ids[0]!));
    for (const id of ids.slice(1)) await store.tenants.read(id);
    assert.deepEqual(await store.tenants.read(ids[0]!), first);
    assert.deepEqual(Object.keys((await store.tenants.read(ids[0]!))!.users), [`user-${ids[0]}`]);
  });

  it('returns the latest change of an evicted tenant, read back from its file', async () => {
    await recordChange(store, ids[0]!, 'before-eviction');
    for (const id of ids.slice(1)) await recordChange(store, id, 'pushes-it-out');
    assert.equal(await isCached(ids[0]!), false);
    assert.deepEqual((await store.tenants.read(ids[0]!))?.audit.map((e) => e.id), ['before-eviction']);
    await recordChange(store, ids[0]!, 'after-eviction');
    assert.deepEqual((await store.tenants.read(ids[0]!))?.audit.map((e) => e.id), ['before-eviction', 'after-eviction']);
  });

  it('keeps the bound after many concurrent changes to many tenants, and loses none of them', async () => {
    await Promise.all(ids.flatMap((id) => [1, 2, 3].map((n) => recordChange(store, id, `c${n}`))));
    await store.tenants.flush();
    for (const id of ids) await isCached(id);
    const hits = [];
    for (const id of [...ids].reverse()) hits.push(await isCached(id));
    assert.equal(hits.filter(Boolean).length, CACHE_SIZE);
    for (const id of ids) assert.deepEqual((await store.tenants.read(id))?.audit.map((e) => e.id), ['c1', 'c2', 'c3']);
  });

  describe('glance: a scan over many tenants', () => {
    it('leaves the tenants in use in the cache, however many it reads', async () => {
      for (const id of ids.slice(0, CACHE_SIZE)) await isCached(id);
      for (const id of ids.slice(CACHE_SIZE)) assert.equal((await store.tenants.glance(id))?.tenant.id, id);
      for (const id of ids.slice(0, CACHE_SIZE)) assert.equal(await isCached(id), true, `${id} still cached`);
      // Reading the same tenants instead pushes every one of them out.
      for (const id of ids.slice(CACHE_SIZE)) await store.tenants.read(id);
      assert.equal(await isCached(ids[0]!), false);
    });

    it('gives a cached tenant as held, changes not yet written to its file included, and a stored one as its file has it', async () => {
      await recordChange(store, ids[0]!, 'only-in-the-journal');
      const held = await store.tenants.read(ids[0]!);
      assert.equal(await store.tenants.glance(ids[0]!), held);
      assert.deepEqual((await store.tenants.glance(ids[0]!))?.audit.map((e) => e.id), ['only-in-the-journal']);
      const stored = (await store.tenants.glance(ids[5]!))!;
      assert.deepEqual(Object.keys(stored.users), [`user-${ids[5]}`]);
      assert.ok(Object.isFrozen(stored) && Object.isFrozen(stored.users), 'frozen, as every state the store hands out');
    });

    it('answers undefined for a tenant with no file, and refuses an id that is no tenant id, as read does', async () => {
      assert.equal(await store.tenants.glance(tenantId(99)), undefined);
      await assert.rejects(store.tenants.glance('../x'));
    });
  });

  it('reads each tenant once however many read it at the same time', async () => {
    const states = await Promise.all(Array.from({ length: 20 }, () => store.tenants.read(ids[4]!)));
    assert.ok(states.every((s) => s === states[0]), 'one load shared by all readers');
  });
});
