import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { demoSeed } from '../../storage/demoData.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { openStore } from '../../storage/openStore.js';
import { StoreFileInvalidError } from '../../storage/storeErrors.js';
import type { StoreLayout } from '../../storage/storeLayout.js';
import { ACTORS, createTestWorld, partnerActor, START, type TestWorld } from '../support/testWorld.js';
import { notification, recordChange, snapshotTree, TempFolders, tenantId } from './storeHelpers.js';

/** Asserts a StoreFileInvalidError that names the file and says what is wrong with it, in its message too. */
function refused(file: string, problem: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreFileInvalidError, `expected StoreFileInvalidError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.match(error.problem, problem);
    assert.ok(error.message.includes(file), 'the message names the file');
    assert.match(error.message, problem, 'the message says what is wrong');
    return true;
  };
}

describe('a corrupt store file', () => {
  const folders = new TempFolders();
  afterEach(() => folders.cleanup());

  describe('a tenant file', () => {
    let world: TestWorld;
    let file: string;
    let valid: string;
    beforeEach(async () => {
      world = await createTestWorld();
      file = world.opened.layout.tenant(DEMO.northwind.tenantId);
      valid = await readFile(file, 'utf-8');
    });
    afterEach(() => world.dispose());

    const corruptions: { name: string; content: () => string; problem: RegExp }[] = [
      { name: 'truncated JSON', content: () => valid.slice(0, Math.floor(valid.length / 2)), problem: /not JSON/ },
      { name: 'an empty file', content: () => '', problem: /not JSON/ },
      { name: 'the wrong schema', content: () => JSON.stringify({ ...JSON.parse(valid), invitations: 'none' }), problem: /invitations/ },
      { name: 'a wrong schemaVersion', content: () => JSON.stringify({ ...JSON.parse(valid), schemaVersion: 2 }), problem: /schemaVersion/ },
      {
        name: "another tenant's data",
        content: () => JSON.stringify({ ...JSON.parse(valid), tenant: { id: DEMO.tailspin.tenantId, displayName: 'Tailspin Toys' } }),
        problem: new RegExp(`holds tenant ${DEMO.tailspin.tenantId}`),
      },
    ];

    for (const corruption of corruptions) {
      describe(`holding ${corruption.name}`, () => {
        let corrupt: string;
        beforeEach(async () => {
          corrupt = corruption.content();
          // A restarted process: nothing of the tenant is cached yet.
          await writeFile(file, corrupt);
          world.opened = await world.reopen();
          world.deps.store = world.opened.tenants;
          world.deps.roles = world.opened.roles;
        });

        it('is refused on read and on transact with an error naming the file and the problem', async () => {
          await assert.rejects(world.opened.tenants.read(DEMO.northwind.tenantId), refused(file, corruption.problem));
          await assert.rejects(recordChange(world.opened, DEMO.northwind.tenantId, 'lost'), refused(file, corruption.problem));
        });

        it('is left byte-identical after reads, transactions and domain operations tried to use it', async () => {
          await world.opened.tenants.read(DEMO.northwind.tenantId).catch(() => undefined);
          await recordChange(world.opened, DEMO.northwind.tenantId, 'lost', { notify: true }).catch(() => undefined);
          await createInvitation(world.deps, partnerActor('proseware'), { customerTenantId: DEMO.northwind.tenantId, types: ['advisor'] }).catch(() => undefined);
          await world.opened.tenants.flush();

          assert.equal(await readFile(file, 'utf-8'), corrupt);
          await assert.rejects(world.opened.tenants.read(DEMO.northwind.tenantId), StoreFileInvalidError);
        });

        it("never lets the tenant's users through: their roles can't be read", async () => {
          const lookup = await world.opened.roles.lookup(DEMO.northwind.tenantId, ACTORS.globalAdmin.objectId);
          assert.equal(lookup.ok, false);
        });

        it('leaves the other tenants working', async () => {
          await recordChange(world.opened, DEMO.tailspin.tenantId, 'fine');
          assert.equal((await world.opened.tenants.read(DEMO.tailspin.tenantId))?.audit.at(-1)?.id, 'fine');
        });
      });
    }

    it('with undelivered notifications stops the store from opening, since it is read at start-up', async () => {
      await recordChange(world.opened, DEMO.northwind.tenantId, 'queued', { notify: true });
      await world.opened.tenants.flush(); // the file is now the only copy: no journal line to restore it from
      await writeFile(file, '{"schemaVersion":1,');
      const before = await snapshotTree(world.dir);
      await assert.rejects(world.reopen(), refused(file, /not JSON/));
      assert.deepEqual(await snapshotTree(world.dir), before);
    });
  });

  describe('a shared file', () => {
    let dir: string;
    let layout: StoreLayout;
    beforeEach(async () => {
      dir = await folders.make();
      const store = await openStore(dir, { seed: demoSeed(START) });
      layout = store.layout;
      await store.tenants.transact(DEMO.northwind.tenantId, (draft) => {
        draft.outbox.push(notification(DEMO.northwind.tenantId, 'pending-1'));
        return { commit: true, value: undefined };
      });
    });

    const cases: { file: (l: StoreLayout) => string; name: string; content: string; problem: RegExp }[] = [
      { file: (l) => l.meta, name: 'meta.json truncated', content: '{"schemaVersion":1,"crea', problem: /not JSON/ },
      { file: (l) => l.meta, name: 'meta.json from a newer store version', content: '{"schemaVersion":2,"createdAt":"2026-01-01T00:00:00.000Z"}', problem: /schemaVersion/ },
      { file: (l) => l.meta, name: 'meta.json empty', content: '', problem: /not JSON/ },
      { file: (l) => l.directory, name: 'directory.json truncated', content: '{"schemaVersion":1,"partners":[{"id":"con', problem: /not JSON/ },
      { file: (l) => l.directory, name: 'directory.json with a partner missing its tenant', content: '{"schemaVersion":1,"partners":[{"id":"contoso","name":"Contoso","location":{"city":"Seattle","country":"US"},"organizationSizes":[],"serviceKeywords":[],"typesOffered":[]}]}', problem: /partners\.0\.tenantId/ },
      { file: (l) => l.directory, name: 'directory.json listing a partner twice', content: JSON.stringify({ schemaVersion: 1, partners: [demoSeed(START).partners[0], demoSeed(START).partners[0]] }), problem: /"contoso" appears twice/ },
      { file: (l) => l.outboxPending, name: 'outbox-pending.json truncated', content: '{"schemaVersion":1,"tenants":["111', problem: /not JSON/ },
      { file: (l) => l.outboxPending, name: 'outbox-pending.json of the wrong shape', content: '{"schemaVersion":1,"tenants":"all"}', problem: /tenants/ },
      { file: (l) => l.outboxPending, name: 'outbox-pending.json naming a path instead of a tenant', content: '{"schemaVersion":1,"tenants":["../../etc/passwd"]}', problem: /tenants\.0/ },
    ];

    for (const c of cases) {
      it(`stops openStore when ${c.name}, naming the file and the problem, and leaves every file byte-identical`, async () => {
        const file = c.file(layout);
        await writeFile(file, c.content);
        const before = await snapshotTree(dir);

        await assert.rejects(openStore(dir, { seed: demoSeed(START) }), refused(file, c.problem));

        assert.deepEqual(await snapshotTree(dir), before);
      });
    }

    it('stops openStore when directory.json is missing from an existing store, instead of starting with no partners', async () => {
      await rm(layout.directory);
      const before = await snapshotTree(dir);
      await assert.rejects(openStore(dir, { seed: demoSeed(START) }), refused(layout.directory, /missing/));
      assert.deepEqual(await snapshotTree(dir), before);
    });
  });

  describe('a folder with data but no meta.json', () => {
    it('is refused rather than taken for a new store, and nothing is seeded into it', async () => {
      const dir = await folders.make();
      const store = await openStore(dir, { seed: demoSeed(START) });
      await recordChange(store, tenantId(9), 'existing');
      await rm(store.layout.meta);
      const before = await snapshotTree(dir);

      await assert.rejects(openStore(dir, { seed: demoSeed(START) }), refused(path.join(dir, 'meta.json'), /missing.*refusing to start a new store/));

      assert.deepEqual(await snapshotTree(dir), before);
    });

    it('is refused even when it holds only an unrelated file', async () => {
      const dir = await folders.make();
      await writeFile(path.join(dir, 'notes.txt'), 'not a store');
      await assert.rejects(openStore(dir, { seed: demoSeed(START) }), refused(path.join(dir, 'meta.json'), /notes\.txt/));
      assert.deepEqual([...(await snapshotTree(dir)).keys()], ['notes.txt']);
    });

    it('is refused when only the tenants folder of a crashed first start is there', async () => {
      const dir = await folders.make();
      await mkdir(path.join(dir, 'tenants'));
      await assert.rejects(openStore(dir), refused(path.join(dir, 'meta.json'), /tenants/));
    });
  });

  it('an empty folder, or one with only hidden files, becomes a new store', async () => {
    const dir = await folders.make();
    await writeFile(path.join(dir, '.meta.json.tmp'), 'left by a crash');
    const store = await openStore(dir, { seed: demoSeed(START) });
    assert.equal(store.created, true);
    assert.ok(await store.tenants.exists(DEMO.northwind.tenantId));
  });

  it('refusing one tenant does not affect an operation on another one', async () => {
    const world = await createTestWorld();
    try {
      await writeFile(world.opened.layout.tenant(DEMO.partners.contoso.tenantId), 'garbage');
      const reopened = await world.reopen();
      world.deps.store = reopened.tenants;
      world.deps.roles = reopened.roles;
      const created = await createInvitation(world.deps, partnerActor('proseware'), { customerTenantId: DEMO.tailspin.tenantId, types: ['advisor'] });
      assert.ok(created.ok, JSON.stringify(created));
    } finally {
      await world.dispose();
    }
  });
});
