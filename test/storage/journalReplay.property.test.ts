import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { editable } from '../../domain/editable.js';
import type { TenantState } from '../../domain/model.js';
import { openStore, type OpenedStore } from '../../storage/openStore.js';
import { auditEvent, notification, TempFolders, tenantId, tenantWith } from './storeHelpers.js';

const A = tenantId(1);
/** Long enough that no checkpoint runs on its own: the commands decide when one runs. */
const NO_TIMER = { checkpointIntervalMs: 600_000 };

/**
 * What a command does to the tenant's outbox (a list part: its lines name the entries a change left alone by index)
 * and audit trail (a history: its lines carry only what a change added), or to the journal's checkpoints.
 */
type Command =
  | { kind: 'add' | 'addFirst' | 'audit' | 'reverse' | 'checkpoint' | 'checkpointCutShort' }
  | { kind: 'edit' | 'remove' | 'move'; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom('add', 'addFirst', 'audit', 'reverse', 'checkpoint', 'checkpointCutShort').map((kind) => ({ kind }) as Command),
  fc.record({ kind: fc.constantFrom('edit', 'remove', 'move'), pick: fc.nat() }) as fc.Arbitrary<Command>,
);

async function segmentsOf(store: OpenedStore): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const names = await readdir(store.layout.journalDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.log'))) texts.set(name, await readFile(`${store.layout.journalDir}/${name}`, 'utf-8'));
  return texts;
}

async function run(store: OpenedStore, commands: Command[]): Promise<void> {
  let next = 0;
  const change = (work: (draft: TenantState) => void) => store.tenants.transact(A, (draft) => {
    work(draft);
    return { commit: true, value: undefined };
  });
  for (const c of commands) {
    const id = `n${next++}`;
    if ('pick' in c) {
      await change((draft) => {
        if (draft.outbox.length === 0) return;
        const at = c.pick % draft.outbox.length;
        if (c.kind === 'edit') editable(draft.outbox, draft.outbox[at]!).attempts += 1;
        else if (c.kind === 'remove') draft.outbox.splice(at, 1);
        else draft.outbox.push(...draft.outbox.splice(at, 1));
      });
    } else if (c.kind === 'add') await change((draft) => { draft.outbox.push(notification(A, id)); });
    else if (c.kind === 'addFirst') await change((draft) => { draft.outbox.unshift(notification(A, id)); });
    else if (c.kind === 'audit') await change((draft) => { draft.audit.push(auditEvent(A, id)); });
    else if (c.kind === 'reverse') await change((draft) => { draft.outbox.reverse(); });
    else if (c.kind === 'checkpoint') await store.tenants.checkpoint();
    else {
      // A checkpoint that wrote the tenant file and stopped before deleting the segments it folded.
      const segments = await segmentsOf(store);
      await store.tenants.checkpoint();
      for (const [name, text] of segments) await writeFile(`${store.layout.journalDir}/${name}`, text);
    }
  }
}

describe('the change journal, replayed at start-up (property)', () => {
  const folders = new TempFolders();
  afterEach(() => folders.cleanup());

  it('rebuilds exactly the state the server had, whatever the changes, checkpoints and checkpoints cut short', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
      const dir = await folders.make();
      let store = await openStore(dir, { ...NO_TIMER, seed: { partners: [], tenants: [tenantWith(A)] } });
      try {
        await run(store, commands);
        const inMemory = JSON.parse(JSON.stringify(await store.tenants.read(A))) as TenantState;
        await store.release(); // no flush: what a kill -9 leaves
        store = await openStore(dir, NO_TIMER);
        assert.deepEqual(await store.tenants.read(A), inMemory);
      } finally {
        await store.release();
      }
    }), { numRuns: 300, seed: 20261126 });
  });
});
