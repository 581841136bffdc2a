import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emptyTenant, type Notification } from '../../domain/model.js';
import { checkStore } from '../../storage/checkStore.js';
import { openStore, type OpenedStore } from '../../storage/openStore.js';

/**
 * The outbox-pending index is what the sender (and a restarted process) looks at: a tenant missing from it while its
 * outbox holds notifications means those notifications are never sent. Emptied tenants leave the index in batches a
 * little later; this drives that pruning against tenants that queue new notifications at the same moment.
 */
describe('Crash safety: the outbox index never loses a tenant whose outbox holds notifications', () => {
  let dir: string;
  let store: OpenedStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-outbox-index-'));
    store = await openStore(dir, { outboxIndexPruneDelayMs: 1 });
  });
  afterEach(async () => {
    await store.tenants.flush();
    await rm(dir, { recursive: true, force: true });
  });

  let next = 0;
  const note = (tenantId: string): Notification => ({
    id: `note-${next++}`, createdAt: new Date().toISOString(), audience: { kind: 'customerAdmins', tenantId }, event: 'invitationReceived',
    customerTenantId: tenantId, partnerId: 'contoso', data: {}, attempts: 0, nextAttemptAt: new Date().toISOString(),
  });
  const queue = (tenantId: string) => store.tenants.transact(tenantId, (draft) => { draft.outbox.push(note(tenantId)); return { commit: true, value: undefined }; });
  const deliverAll = (tenantId: string) => store.tenants.transact(tenantId, (draft) => { draft.outbox = []; return { commit: true, value: undefined }; });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('while emptied tenants are pruned, a tenant that queues a notification meanwhile stays listed, in memory and on disk', async () => {
    const tenants = Array.from({ length: 6 }, (_, i) => `0000000${i}-0000-4000-8000-00000000000${i}`);
    for (const tenantId of tenants) await store.tenants.transact(tenantId, (draft) => { Object.assign(draft, emptyTenant(tenantId)); return { commit: true, value: undefined }; });

    const lost: string[] = [];
    for (let round = 0; round < 80; round++) {
      // Each tenant notifies and is delivered a few times (so it is pruned), then queues one more notification.
      await Promise.all(tenants.map(async (tenantId, i) => {
        for (let k = 0; k < 1 + ((round + i) % 3); k++) {
          await queue(tenantId);
          await deliverAll(tenantId);
        }
        await sleep((round * 7 + i * 3) % 5);
        await queue(tenantId);
      }));
      await sleep(3); // past the prune delay
      const listed = new Set(await store.tenants.tenantsWithPendingNotifications());
      lost.push(...tenants.filter((t) => !listed.has(t)).map((t) => `round ${round}: ${t}`));
      await Promise.all(tenants.map(deliverAll));
    }
    assert.deepEqual(lost, [], 'every tenant with a queued notification is listed for the sender');

    // And on disk, as a restarted process would read it.
    await Promise.all(tenants.map(queue));
    await sleep(5);
    await store.tenants.flush();
    assert.deepEqual((await checkStore(dir)).problems, []);
    const reopened = await openStore(dir);
    assert.deepEqual((await reopened.tenants.tenantsWithPendingNotifications()).sort(), [...tenants].sort());
  });
});
