import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sinon from 'sinon';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ValidatedJsonFile } from '../../storage/validatedJsonFile.js';
import { createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { recordChange } from './storeHelpers.js';

const NORTHWIND = DEMO.northwind.tenantId;

/** Makes the adapter's write of one file fail, as a full disk would; other files are written normally. */
function failWritesOf(file: string, error = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })): sinon.SinonStub {
  const original = ValidatedJsonFile.prototype.write;
  return sinon.stub(ValidatedJsonFile.prototype, 'write').callsFake(function (this: ValidatedJsonFile<unknown>, data: unknown) {
    return this.filename === file ? Promise.reject(error) : original.call(this, data);
  });
}

/** The temp file steno writes before renaming it over `file`. */
function stenoTemp(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
}

describe('a change is all or nothing, written straight to its tenant file (STORE_JOURNAL=off)', () => {
  let world: TestWorld;
  let tenantFile: string;
  beforeEach(async () => {
    world = await createTestWorld({ journal: false });
    tenantFile = world.opened.layout.tenant(NORTHWIND);
  });
  afterEach(async () => {
    sinon.restore();
    await world.dispose();
  });

  const invite = () => createInvitation(world.deps, partnerActor('proseware'), { customerTenantId: NORTHWIND, types: ['advisor'] });

  describe('when the tenant file write fails', () => {
    it('rejects, and neither the change nor its audit event nor its notification is visible, in memory or on disk', async () => {
      const before = await world.opened.tenants.read(NORTHWIND);
      const onDisk = await readFile(tenantFile);
      const write = failWritesOf(tenantFile);

      await assert.rejects(invite(), /ENOSPC/);

      assert.ok(write.called, 'the write was attempted');
      const after = (await world.opened.tenants.read(NORTHWIND))!;
      assert.equal(after, before, 'the cached state is the one from before');
      assert.equal(after.invitations.some((i) => i.partnerId === 'proseware'), false);
      assert.equal(after.audit.length, before!.audit.length);
      assert.deepEqual(after.outbox, []);
      assert.deepEqual(await readFile(tenantFile), onDisk);
      const restarted = await world.reopen();
      assert.deepEqual(await restarted.tenants.read(NORTHWIND), before);
    });

    it('lets the next transaction on the tenant work, without the failed change in it', async () => {
      failWritesOf(tenantFile);
      await assert.rejects(invite());
      sinon.restore();

      const second = await invite();

      assert.ok(second.ok, JSON.stringify(second));
      const restarted = await world.reopen();
      const state = (await restarted.tenants.read(NORTHWIND))!;
      assert.deepEqual(state.invitations.filter((i) => i.partnerId === 'proseware').map((i) => i.id), [second.value.id]);
      assert.equal(state.audit.filter((e) => e.partnerId === 'proseware').length, 1);
      assert.equal(state.outbox.length, 1);
    });

    it('also holds for a real file system failure: the temp file steno writes cannot be created', async () => {
      const before = await world.opened.tenants.read(NORTHWIND);
      const onDisk = await readFile(tenantFile);
      await mkdir(stenoTemp(tenantFile)); // writing a file where a directory is fails with EISDIR

      await assert.rejects(invite(), /EISDIR/);

      assert.equal(await world.opened.tenants.read(NORTHWIND), before);
      assert.deepEqual(await readFile(tenantFile), onDisk);
      await rm(stenoTemp(tenantFile), { recursive: true });
      assert.ok((await invite()).ok);
    });

    it('fails a new tenant the same way: it still does not exist afterwards', async () => {
      const id = '99999999-0000-4000-8000-000000000001';
      failWritesOf(world.opened.layout.tenant(id));
      await assert.rejects(recordChange(world.opened, id, 'never'));
      assert.equal(await world.opened.tenants.read(id), undefined);
      assert.equal(await world.opened.tenants.exists(id), false);
    });
  });

  it('does not show a change to readers while it is being written, only once it is on disk', async () => {
    const before = await world.opened.tenants.read(NORTHWIND);
    const original = ValidatedJsonFile.prototype.write;
    let release!: (outcome: 'write' | 'fail') => void;
    const gate = new Promise<'write' | 'fail'>((resolve) => { release = resolve; });
    let writing!: () => void;
    const started = new Promise<void>((resolve) => { writing = resolve; });
    sinon.stub(ValidatedJsonFile.prototype, 'write').callsFake(async function (this: ValidatedJsonFile<unknown>, data: unknown) {
      if (this.filename !== tenantFile) return original.call(this, data);
      writing();
      if ((await gate) === 'fail') throw new Error('EIO: i/o error');
      return original.call(this, data);
    });

    const first = recordChange(world.opened, NORTHWIND, 'in-flight');
    try {
      await started;
      assert.equal(await world.opened.tenants.read(NORTHWIND), before, 'a reader during the write sees the state before it');
    } finally {
      release('fail');
    }
    await assert.rejects(first, /EIO/);
    assert.equal(await world.opened.tenants.read(NORTHWIND), before);

    sinon.restore();
    await recordChange(world.opened, NORTHWIND, 'written');
    assert.equal((await world.opened.tenants.read(NORTHWIND))?.audit.at(-1)?.id, 'written', 'and sees it once written');
  });

  it('refuses to write a change the store could not read back, and leaves the file as it was', async () => {
    const onDisk = await readFile(tenantFile);
    const before = await world.opened.tenants.read(NORTHWIND);

    await assert.rejects(world.opened.tenants.transact(NORTHWIND, (draft) => {
      draft.invitations.push({ ...draft.invitations[0]!, id: 'broken', types: [] }); // an invitation needs a type
      return { commit: true, value: undefined };
    }), /invitations\.2\.types/);
    await assert.rejects(world.opened.tenants.transact(NORTHWIND, (draft) => {
      draft.tenant.id = DEMO.tailspin.tenantId;
      return { commit: true, value: undefined };
    }), new RegExp(DEMO.tailspin.tenantId));

    assert.deepEqual(await readFile(tenantFile), onDisk);
    assert.equal(await world.opened.tenants.read(NORTHWIND), before);
    const restarted = await world.reopen();
    assert.deepEqual(await restarted.tenants.read(NORTHWIND), before);
  });

  it('writes nothing when the work itself throws', async () => {
    const onDisk = await readFile(tenantFile);
    await assert.rejects(world.opened.tenants.transact(NORTHWIND, (draft) => {
      draft.audit = [];
      throw new Error('bug in the work');
    }), /bug in the work/);
    assert.deepEqual(await readFile(tenantFile), onDisk);
    assert.ok((await world.opened.tenants.read(NORTHWIND))!.audit.length > 0);
  });

  describe('a leftover steno temp file from a crash mid-write', () => {
    it('does not affect loading the tenant after a restart, and is replaced by the next write', async () => {
      const before = await world.opened.tenants.read(NORTHWIND);
      await writeFile(stenoTemp(tenantFile), '{"schemaVersion":1,"tenant":{"id":"half-writ');

      const restarted = await world.reopen();

      assert.deepEqual(await restarted.tenants.read(NORTHWIND), before);
      await recordChange(restarted, NORTHWIND, 'after-crash');
      assert.equal((await world.reopen().then((s) => s.tenants.read(NORTHWIND)))?.audit.at(-1)?.id, 'after-crash');
      assert.deepEqual((await readdir(world.opened.layout.tenantsDir)).filter((n) => n.startsWith('.')), [], 'the temp file was renamed into place');
    });

    it('next to meta.json, directory.json or outbox-pending.json does not stop the store from opening', async () => {
      for (const file of [world.opened.layout.meta, world.opened.layout.directory, world.opened.layout.outboxPending]) {
        await writeFile(stenoTemp(file), '{"trunc');
      }
      const restarted = await world.reopen();
      assert.equal(restarted.created, false);
      assert.equal(restarted.directory.all().length, world.opened.directory.all().length);
    });
  });
});
