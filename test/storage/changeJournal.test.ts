import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import sinon from 'sinon';
import type { TenantState } from '../../domain/model.js';
import { openStore, type OpenedStore, type OpenStoreOptions } from '../../storage/openStore.js';
import { ChangeJournal } from '../../storage/changeJournal.js';
import { StoreFileInvalidError } from '../../storage/storeErrors.js';
import { StoreLayout } from '../../storage/storeLayout.js';
import { ValidatedJsonFile } from '../../storage/validatedJsonFile.js';
import { bytes, readJson, recordChange, snapshotTree, TempFolders, tenantId, tenantWith } from './storeHelpers.js';
import { editable } from '../../domain/editable.js';

const A = tenantId(1);
const B = tenantId(2);
/** Long enough that no checkpoint runs on its own during a test, unless the test asks for one. */
const NO_TIMER = { checkpointIntervalMs: 600_000 };

describe('the change journal (the default write path)', () => {
  const folders = new TempFolders();
  let dir: string;
  let store: OpenedStore;
  const open = (options: OpenStoreOptions = NO_TIMER) => openStore(dir, options);
  const segments = async () => (await readdir(store.layout.journalDir).catch(() => [] as string[])).filter((n) => n.endsWith('.log'));
  const rawLines = async () => {
    const lines: string[] = [];
    for (const name of await segments()) lines.push(...(await readFile(`${store.layout.journalDir}/${name}`, 'utf-8')).split('\n').filter(Boolean));
    return lines;
  };
  const journalLines = async () => (await rawLines()).map((l) => JSON.parse(l) as { k: string; s: TenantState; a?: number; c?: number });
  const auditIds = (state: TenantState | undefined) => state?.audit.map((e) => e.id);

  beforeEach(async () => {
    dir = await folders.make();
    store = await open({ ...NO_TIMER, seed: { partners: [], tenants: [tenantWith(A), tenantWith(B)] } });
  });
  afterEach(async () => {
    sinon.restore();
    await store.release();
    await folders.cleanup();
  });

  it('acknowledges a change once its line is in the journal, and the checkpoint brings the tenant file up to date', async () => {
    const fileBefore = await bytes(store.layout.tenant(A));
    await recordChange(store, A, 'one');
    const lines = await journalLines();
    assert.deepEqual(lines.map((l) => [l.k, auditIds(l.s)]), [[A, ['one']]], 'one line: the whole new state of the tenant');
    assert.deepEqual(await bytes(store.layout.tenant(A)), fileBefore, 'the tenant file is not rewritten by the change');

    await store.tenants.checkpoint();
    assert.deepEqual(auditIds(await readJson(store.layout.tenant(A)) as TenantState), ['one']);
    assert.deepEqual(await segments(), [], 'the folded segment is deleted');
  });

  it('writes only what a change added to a tenant with history, so a line does not grow with the history', async () => {
    for (let i = 0; i < 200; i++) await recordChange(store, A, `old-${i}`);
    await store.tenants.checkpoint();
    await recordChange(store, A, 'new-1');
    await recordChange(store, A, 'new-2');
    const lines = await journalLines();
    assert.deepEqual(lines.map((l) => [l.a, auditIds(l.s)]), [[200, ['new-1']], [201, ['new-2']]], 'each line: how many events came before, and the new one');
    const [first] = await rawLines();
    await recordChange(store, B, 'only-one');
    const lineForNewHistory = (await rawLines()).at(-1)!;
    assert.ok(first!.length < lineForNewHistory.length * 1.5, `a line after 200 events (${first!.length} bytes) is about the size of one after none (${lineForNewHistory.length})`);

    await store.release(); // no checkpoint: the next opening rebuilds A from its file and the two lines
    store = await open();
    const ids = auditIds(await store.tenants.read(A))!;
    assert.equal(ids.length, 202);
    assert.deepEqual(ids.slice(-3), ['old-199', 'new-1', 'new-2']);
  });

  it('writes only the parts of a tenant a change touched; a restart rebuilds the rest from the tenant file', async () => {
    await recordChange(store, A, 'queued', { notify: true });
    await store.tenants.transact(A, (draft) => {
      draft.users['u1'] = { displayName: 'Una', roles: ['Global Administrator'] };
      return { commit: true, value: undefined };
    });
    await store.tenants.checkpoint();
    await store.tenants.transact(A, (draft) => {
      draft.outbox = []; // delivered
      return { commit: true, value: undefined };
    });
    await store.tenants.transact(A, (draft) => {
      draft.users['u1'] = { ...draft.users['u1']!, roles: [...draft.users['u1']!.roles, 'Billing Administrator'] };
      return { commit: true, value: undefined };
    });
    assert.deepEqual((await journalLines()).map((l) => Object.keys(l.s)), [['outbox'], ['users']], 'each line: the one part its change touched');

    await store.release(); // no checkpoint
    store = await open();
    const state = (await store.tenants.read(A))!;
    assert.deepEqual([state.outbox, state.users['u1']?.roles, auditIds(state)], [[], ['Global Administrator', 'Billing Administrator'], ['queued']]);
  });

  it('writes of an edited list the entries the change made or edited, and the index of each other one, and reads it back as it was', async () => {
    const ids = ['n1', 'n2', 'n3'];
    for (const id of ids) await recordChange(store, A, id, { notify: true });
    const settle = (id: string, attempts: number) => store.tenants.transact(A, (draft) => {
      editable(draft.outbox, draft.outbox.find((n) => n.id === id)!).attempts = attempts;
      return { commit: true, value: undefined };
    });
    await settle('n2', 1);
    await settle('n3', 2);
    await store.tenants.transact(A, (draft) => {
      draft.outbox = draft.outbox.filter((n) => n.id !== 'n1');
      return { commit: true, value: undefined };
    });
    const lines = (await rawLines()).map((l) => JSON.parse(l) as { n: number; s: { outbox: Array<number | { id: string; attempts: number }> } });
    const inMemory = (await store.tenants.read(A))!;
    assert.deepEqual(lines.slice(-3).map((l) => l.s.outbox.map((n) => (typeof n === 'number' ? n : [n.id, n.attempts]))), [
      [0, ['n2', 1], 2],
      [0, 1, ['n3', 2]],
      [1, 2],
    ]);
    assert.deepEqual(lines.slice(-3).map((l) => l.n), [5, 6, 7], 'lines are numbered per tenant, one after the other');
    await store.release(); // no checkpoint: the next opening rebuilds A from the lines
    store = await open();
    assert.deepEqual((await store.tenants.read(A))!.outbox, JSON.parse(JSON.stringify(inMemory.outbox)));
  });

  it('counts a line by its bytes, not its characters, so text beyond ASCII reads back and truncation stays on a line boundary', async () => {
    const layout = new StoreLayout(await folders.make());
    const journal = ChangeJournal.open(layout);
    const named = (name: string) => tenantWith(A, (state) => { state.tenant.displayName = name; });
    const first = named('Zoë Café 東京 🚀');
    journal.append(A, 1, first, first, undefined);
    journal.append(A, 2, first, named('Łódź'), undefined);
    const text = await readFile(layout.journalSegment(1), 'utf-8');
    assert.equal(journal.size, Buffer.byteLength(text));
    assert.deepEqual(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { s: TenantState }).s.tenant.displayName), ['Zoë Café 東京 🚀', 'Łódź']);
    journal.close();
  });

  it("writes a tenant's first change ever whole: there is nothing to rebuild it on", async () => {
    const C = tenantId(3);
    await recordChange(store, C, 'first');
    await recordChange(store, C, 'second');
    const [first, second] = (await journalLines()).map((l) => Object.keys(l.s).sort());
    assert.deepEqual(first, Object.keys(tenantWith(C)).sort());
    assert.deepEqual(second, ['audit']);
    await store.release();
    store = await open();
    assert.deepEqual(auditIds(await store.tenants.read(C)), ['first', 'second']);
  });

  it('checkpoints on its own shortly after a change', async () => {
    await store.release();
    store = await open({ checkpointIntervalMs: 30 });
    await recordChange(store, A, 'timed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(auditIds(await readJson(store.layout.tenant(A)) as TenantState), ['timed']);
    assert.deepEqual(await segments(), []);
  });

  it('loses nothing when the process stops without a checkpoint: the next opening folds the journal into files and indexes', async () => {
    await recordChange(store, A, 'queued', { notify: true });
    await store.tenants.transact(B, (draft) => {
      draft.contactRequests.push({ id: 'r1', partnerIds: ['fabrikam'], businessNeeds: 'Licences.', sentAt: '2026-11-25T10:00:00.000Z', sentBy: { objectId: 'u', tenantId: B, displayName: 'U' } });
      return { commit: true, value: undefined };
    });
    await store.release(); // no flush: as a kill -9 leaves the folder

    store = await open();
    assert.deepEqual(auditIds(await readJson(store.layout.tenant(A)) as TenantState), ['queued'], 'written to the tenant file');
    assert.equal((await store.tenants.read(A))?.outbox.length, 1);
    assert.deepEqual(await store.tenants.tenantsWithPendingNotifications(), [A], 'listed for delivery');
    assert.deepEqual(((await readJson(store.layout.outboxPending)) as { tenants: string[] }).tenants, [A]);
    assert.deepEqual(await store.tenants.customersOf('fabrikam'), [B], 'the partner sees its new customer');
    assert.deepEqual(await segments(), [], 'the segments are deleted once folded');
  });

  it('keeps a change that failed to reach the journal out of memory and off disk, and the next change works', async () => {
    // The segment opens with the first change after the seeding checkpoint: a file where its folder should be fails it.
    await rm(store.layout.journalDir, { recursive: true, force: true });
    await writeFile(store.layout.journalDir, 'not a folder');
    const before = await store.tenants.read(A);

    await assert.rejects(recordChange(store, A, 'lost'));
    assert.equal(await store.tenants.read(A), before, 'readers still see the state from before');

    await rm(store.layout.journalDir);
    await recordChange(store, A, 'kept');
    await store.release();
    store = await open();
    assert.deepEqual(auditIds(await store.tenants.read(A)), ['kept']);
  });

  it('keeps the segments and the changed tenants when a checkpoint fails, and the next checkpoint writes them', async () => {
    await recordChange(store, A, 'pending');
    const fileA = store.layout.tenant(A);
    const original = ValidatedJsonFile.prototype.writeOffThread;
    const write = sinon.stub(ValidatedJsonFile.prototype, 'writeOffThread').callsFake(function (this: ValidatedJsonFile<unknown>, data: unknown) {
      return this.filename === fileA ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : original.call(this, data);
    });
    await assert.rejects(store.tenants.checkpoint(), /ENOSPC/);
    assert.equal((await segments()).length, 1, 'the segment stays');
    assert.deepEqual(auditIds(await store.tenants.read(A)), ['pending']);

    write.restore();
    await recordChange(store, B, 'later');
    await store.tenants.checkpoint();
    assert.deepEqual(auditIds(await readJson(fileA) as TenantState), ['pending']);
    assert.deepEqual(auditIds(await readJson(store.layout.tenant(B)) as TenantState), ['later']);
    assert.deepEqual(await segments(), []);
  });

  it('reports a checkpoint that failed on its own, and tries again until it succeeds', async () => {
    await store.release();
    const failures: unknown[] = [];
    store = await open({ checkpointIntervalMs: 30, onCheckpointFailed: (error) => failures.push(error) });
    const write = sinon.stub(ValidatedJsonFile.prototype, 'writeOffThread').rejects(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await recordChange(store, A, 'retried');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(failures.length >= 1 && /ENOSPC/.test(String(failures[0])), `reported: ${failures.map(String).join(', ')}`);
    write.restore();
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(auditIds(await readJson(store.layout.tenant(A)) as TenantState), ['retried'], 'a later try wrote it without another change');
    assert.deepEqual(await segments(), []);
  });

  it('checkpoints early when more tenants changed than the cache holds, so memory stays bounded', async () => {
    await store.release();
    store = await open({ ...NO_TIMER, cacheSize: 3 });
    const ids = Array.from({ length: 10 }, (_, i) => tenantId(10 + i));
    for (const id of ids) await recordChange(store, id, `c-${id.slice(-2)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const onDisk = await readdir(store.layout.tenantsDir);
    assert.ok(ids.slice(0, 3).every((id) => onDisk.includes(`${id}.json`)), `the first tenants were written without a flush: ${onDisk.join(', ')}`);
  });

  it('skips at start-up the lines a tenant file already holds: a checkpoint that wrote the files, then stopped before deleting the segments', async () => {
    // The outbox is in A's file before the lines that follow, so each of them names entries of the state before it.
    for (const id of ['n1', 'n2', 'n3']) await recordChange(store, A, id, { notify: true });
    await store.tenants.checkpoint();
    await store.tenants.transact(A, (draft) => {
      editable(draft.outbox, draft.outbox.find((n) => n.id === 'n2')!).attempts = 1;
      return { commit: true, value: undefined };
    });
    await store.tenants.transact(A, (draft) => {
      draft.outbox = draft.outbox.filter((n) => n.id !== 'n1');
      return { commit: true, value: undefined };
    });
    await recordChange(store, A, 'n4', { notify: true });
    const written = new Map<string, string>();
    for (const name of await segments()) written.set(name, await readFile(`${store.layout.journalDir}/${name}`, 'utf-8'));
    await store.tenants.checkpoint();
    const inMemory = JSON.parse(JSON.stringify(await store.tenants.read(A))) as TenantState;
    await store.release();
    // As if the checkpoint had stopped right after writing A's file: its segments are still there.
    for (const [name, text] of written) await writeFile(`${store.layout.journalDir}/${name}`, text);
    assert.equal((await readJson(store.layout.tenant(A)) as { journaled: number }).journaled, 7, 'the file says how many changes it holds');

    store = await open();
    assert.deepEqual(await store.tenants.read(A), inMemory);
    assert.deepEqual(await segments(), []);
  });

  describe('at start-up', () => {
    const line = (state: TenantState) => `${JSON.stringify({ k: state.tenant.id, s: state })}\n`;
    const withAudit = (id: string, event: string) => tenantWith(id, (s) => { s.audit.push({ id: event, at: '2026-11-25T10:00:00.000Z', tenantId: id, action: 'test.change', actor: { objectId: 't', tenantId: id, displayName: 'T' }, before: null, after: null }); });

    beforeEach(async () => {
      await store.tenants.flush();
      await store.release();
      await mkdir(store.layout.journalDir, { recursive: true });
    });

    it('refuses a journal with a damaged line, naming the file and the line, and touches nothing', async () => {
      await writeFile(store.layout.journalSegment(7), line(withAudit(A, 'ok')) + '{"k":"broken\n' + line(withAudit(B, 'ok')));
      const before = await snapshotTree(dir);
      await assert.rejects(open(), (error: unknown) => error instanceof StoreFileInvalidError && error.file === store.layout.journalSegment(7) && /line 2 is not JSON/.test(error.problem));
      assert.deepEqual(await snapshotTree(dir), before);
      store = await openStore(await folders.make(), NO_TIMER); // afterEach releases something
    });

    it('ignores a last line cut short, a write that never finished and so was never acknowledged', async () => {
      const torn = line(withAudit(B, 'torn'));
      await writeFile(store.layout.journalSegment(3), line(withAudit(A, 'whole')) + torn.slice(0, torn.length / 2));
      store = await open();
      assert.deepEqual(auditIds(await store.tenants.read(A)), ['whole']);
      assert.deepEqual(auditIds(await store.tenants.read(B)), []);
    });

    it('refuses a line that continues a history neither the journal before it nor the tenant file holds', async () => {
      await writeFile(store.layout.journalSegment(4), `${JSON.stringify({ k: A, s: { ...withAudit(A, 'continued'), audit: [] }, a: 5, c: 0 })}\n`);
      const before = await snapshotTree(dir);
      await assert.rejects(open(), (error: unknown) => error instanceof StoreFileInvalidError && /line 1 continues a history/.test(error.problem));
      assert.deepEqual(await snapshotTree(dir), before);
      store = await openStore(await folders.make(), NO_TIMER);
    });

    it('refuses a line that carries only some parts of a tenant that has neither a file nor a line before it', async () => {
      const C = tenantId(3);
      await writeFile(store.layout.journalSegment(5), `${JSON.stringify({ k: C, s: { outbox: [] } })}\n`);
      const before = await snapshotTree(dir);
      await assert.rejects(open(), (error: unknown) => error instanceof StoreFileInvalidError && /line 1 continues a history of tenant/.test(error.problem));
      assert.deepEqual(await snapshotTree(dir), before);
      store = await openStore(await folders.make(), NO_TIMER);
    });

    it('refuses a line whose number does not follow the last change the tenant file or the lines before it hold', async () => {
      const file = await readJson(store.layout.tenant(A)) as { journaled: number };
      await writeFile(store.layout.journalSegment(6), `${JSON.stringify({ k: A, n: file.journaled + 2, s: { outbox: [] } })}\n`);
      const before = await snapshotTree(dir);
      await assert.rejects(open(), (error: unknown) => error instanceof StoreFileInvalidError && new RegExp(`line 1 is change ${file.journaled + 2} of tenant .* holds change ${file.journaled + 1}`).test(error.problem));
      assert.deepEqual(await snapshotTree(dir), before);
      store = await openStore(await folders.make(), NO_TIMER);
    });

    it('applies segments oldest first, so the newest state of a tenant wins', async () => {
      await writeFile(store.layout.journalSegment(1), line(withAudit(A, 'older')));
      await writeFile(store.layout.journalSegment(2), line(withAudit(A, 'newer')));
      store = await open();
      assert.deepEqual(auditIds(await store.tenants.read(A)), ['newer']);
    });
  });
});
