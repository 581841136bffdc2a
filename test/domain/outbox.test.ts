import assert from 'node:assert/strict';
import { rememberConversation, type ConversationToRemember } from '../../domain/conversations.js';
import type { Notification } from '../../domain/model.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { registerNotificationChannel } from '../../domain/operations/registerNotificationChannel.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, dueNotifications, resolveTargets, settleNotification } from '../../domain/outbox.js';
import type { RoleSource } from '../../domain/ports.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;
const ADATUM_TENANT = DEMO.partners.adatum.tenantId;
const U = DEMO.northwind.users;

function personal(tenantId: string, userObjectId: string, referenceTenantId = tenantId): ConversationToRemember {
  const conversationId = `a:${userObjectId}@${referenceTenantId}`;
  return { conversationId, kind: 'personal', userObjectId, reference: { conversation: { id: conversationId, tenantId: referenceTenantId, conversationType: 'personal' } } };
}

function channel(conversationId: string, tenantId: string): ConversationToRemember {
  return { conversationId, kind: 'channel', title: 'General', reference: { conversation: { id: conversationId, tenantId, conversationType: 'channel' } } };
}

describe('outbox', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const outboxOf = async (tenantId: string) => (await world.deps.store.read(tenantId))!.outbox;

  /** Adatum's invitation cancelled: one note for Adatum in Northwind's outbox. */
  async function partnerNote(): Promise<Notification> {
    assert.ok((await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: DEMO.invitations.adatumDap })).ok);
    const [note] = await outboxOf(NORTHWIND);
    assert.ok(note);
    return note;
  }

  /** Contoso invites Northwind again: one note for Northwind's admins. */
  async function customerNote(): Promise<Notification> {
    assert.ok((await createInvitation(world.deps, partnerActor('contoso'), { customerTenantId: NORTHWIND, types: ['advisor'] })).ok);
    const note = (await outboxOf(NORTHWIND)).find((n) => n.audience.kind === 'customerAdmins');
    assert.ok(note);
    return note;
  }

  describe('resolveTargets', () => {
    it('makes a note for a partner without a registered channel wait', async () => {
      const targets = await resolveTargets(world.deps, await partnerNote());
      assert.equal(targets.kind, 'wait');
      assert.match(targets.kind === 'wait' ? targets.reason : '', /Adatum Consulting has not registered/);
    });

    it("sends a partner's note to the channel it registered in its own tenant", async () => {
      const general = channel('19:adatum-general@thread.tacv2', ADATUM_TENANT);
      await rememberConversation(world.deps, ADATUM_TENANT, general);
      assert.ok((await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: general.conversationId })).ok);

      const targets = await resolveTargets(world.deps, await partnerNote());
      assert.equal(targets.kind, 'send');
      if (targets.kind === 'send') {
        assert.equal(targets.tenantId, ADATUM_TENANT);
        assert.deepEqual(targets.conversations.map((c) => c.conversationId), [general.conversationId]);
      }
    });

    it("never sends a partner's note to a conversation of another tenant, and keeps it waiting", async () => {
      // A channel stored under Adatum whose reference names Northwind: it must not be used.
      const foreign = channel('19:foreign@thread.tacv2', NORTHWIND);
      await rememberConversation(world.deps, ADATUM_TENANT, foreign);
      assert.ok((await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: foreign.conversationId })).ok);

      const targets = await resolveTargets(world.deps, await partnerNote());
      assert.equal(targets.kind, 'wait', JSON.stringify(targets));
    });

    it("doesn't use another partner's channel", async () => {
      const contoso = channel('19:contoso-ops@thread.tacv2', DEMO.partners.contoso.tenantId);
      await rememberConversation(world.deps, DEMO.partners.contoso.tenantId, contoso);
      assert.ok((await registerNotificationChannel(world.deps, partnerActor('contoso'), { conversationId: contoso.conversationId })).ok);
      assert.equal((await resolveTargets(world.deps, await partnerNote())).kind, 'wait');
    });

    it("sends a customer's note only to personal chats with its Global and Billing admins", async () => {
      for (const user of Object.values(U)) await rememberConversation(world.deps, NORTHWIND, personal(NORTHWIND, user.objectId));
      await rememberConversation(world.deps, NORTHWIND, channel('19:northwind-it@thread.tacv2', NORTHWIND));
      await rememberConversation(world.deps, NORTHWIND, { conversationId: '19:group@unq.gbl.spaces', kind: 'groupChat', reference: { conversation: { id: '19:group', tenantId: NORTHWIND } } });

      const targets = await resolveTargets(world.deps, await customerNote());
      assert.equal(targets.kind, 'send');
      if (targets.kind === 'send') {
        assert.equal(targets.tenantId, NORTHWIND);
        assert.deepEqual(targets.conversations.map((c) => c.userObjectId).sort(), [U.globalAdmin.objectId, U.billingAdmin.objectId].sort());
        assert.ok(targets.conversations.every((c) => c.kind === 'personal'));
      }
    });

    it("never returns a chat that belongs to another tenant, even one stored under the customer", async () => {
      // A reference naming Tailspin, filed under Northwind for Jane's object id; and Tailspin's own admin's chat.
      await rememberConversation(world.deps, NORTHWIND, personal(NORTHWIND, U.globalAdmin.objectId, TAILSPIN));
      await rememberConversation(world.deps, NORTHWIND, personal(NORTHWIND, DEMO.tailspin.users.globalAdmin.objectId));
      await rememberConversation(world.deps, TAILSPIN, personal(TAILSPIN, DEMO.tailspin.users.globalAdmin.objectId));
      await rememberConversation(world.deps, NORTHWIND, personal(NORTHWIND, U.billingAdmin.objectId));

      const targets = await resolveTargets(world.deps, await customerNote());
      assert.equal(targets.kind, 'send');
      if (targets.kind === 'send') {
        assert.deepEqual(targets.conversations.map((c) => c.userObjectId), [U.billingAdmin.objectId]);
        for (const c of targets.conversations) assert.equal((c.reference['conversation'] as { tenantId: string }).tenantId, NORTHWIND);
      }
    });

    it('refuses a note whose audience is not the tenant that wrote it', async () => {
      const note = await customerNote();
      const forged: Notification = { ...note, audience: { kind: 'customerAdmins', tenantId: TAILSPIN } };
      await rememberConversation(world.deps, TAILSPIN, personal(TAILSPIN, DEMO.tailspin.users.globalAdmin.objectId));
      assert.equal((await resolveTargets(world.deps, forged)).kind, 'undeliverable');
    });

    it('gives up on a partner no longer listed', async () => {
      const note = await partnerNote();
      const gone: Notification = { ...note, partnerId: 'gone-partner', audience: { kind: 'partner', partnerId: 'gone-partner' } };
      const targets = await resolveTargets(world.deps, gone);
      assert.equal(targets.kind, 'undeliverable');
    });

    it('waits when the admin roles cannot be checked, rather than guessing', async () => {
      await rememberConversation(world.deps, NORTHWIND, personal(NORTHWIND, U.globalAdmin.objectId));
      const note = await customerNote();
      const failing: RoleSource = { lookup: async () => ({ ok: false, reason: 'Graph is down' }) };
      const targets = await resolveTargets({ ...world.deps, roles: failing }, note);
      assert.equal(targets.kind, 'wait');
      assert.match(targets.kind === 'wait' ? targets.reason : '', /Graph is down/);
    });
  });

  describe('settleNotification', () => {
    it('removes a delivered note and takes the tenant off the pending list once its outbox is empty', async () => {
      const note = await partnerNote();
      assert.ok((await world.deps.store.tenantsWithPendingNotifications()).includes(NORTHWIND));
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'delivered', conversationIds: ['19:x'] });
      assert.deepEqual(await outboxOf(NORTHWIND), []);
      await world.opened.tenants.flush();
      assert.equal((await world.deps.store.tenantsWithPendingNotifications()).includes(NORTHWIND), false);
    });

    it('retries a failed note with a delay that doubles, up to the maximum', async () => {
      const note = await partnerNote();
      const policy = { firstDelayMs: 1_000, maxDelayMs: 5_000 };
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        const now = world.clock.now().getTime();
        await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: [], error: `503 #${attempt}` }, policy);
        const stored = (await outboxOf(NORTHWIND))[0]!;
        assert.equal(stored.attempts, attempt);
        assert.equal(stored.lastError, `503 #${attempt}`);
        delays.push(Date.parse(stored.nextAttemptAt) - now);
        world.clock.advanceMs(delays.at(-1)!);
      }
      assert.deepEqual(delays, [1_000, 2_000, 4_000, 5_000, 5_000]);
    });

    it('honours a longer Retry-After and ignores a shorter one', async () => {
      const note = await partnerNote();
      const start = world.clock.now().getTime();
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: [], error: '429', retryAfterMs: 30_000 });
      assert.equal(Date.parse((await outboxOf(NORTHWIND))[0]!.nextAttemptAt) - start, 30_000);
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: [], error: '429', retryAfterMs: 10 });
      assert.equal(Date.parse((await outboxOf(NORTHWIND))[0]!.nextAttemptAt) - start, DEFAULT_RETRY_POLICY.firstDelayMs * 2);
    });

    it('remembers which conversations already got the note across retries', async () => {
      const note = await partnerNote();
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: ['a:jane'], error: 'partial' });
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: ['a:bill', 'a:jane'], error: 'partial' });
      assert.deepEqual((await outboxOf(NORTHWIND))[0]!.deliveredTo, ['a:jane', 'a:bill']);
    });

    it('keeps only the first 500 characters of an error', async () => {
      const note = await partnerNote();
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: [], error: 'e'.repeat(5_000) });
      assert.equal((await outboxOf(NORTHWIND))[0]!.lastError?.length, 500);
    });

    it('is not due again until its next attempt time', async () => {
      const note = await partnerNote();
      const state = async () => (await world.deps.store.read(NORTHWIND))!;
      assert.deepEqual(dueNotifications(await state(), world.clock.now()).map((n) => n.id), [note.id]);
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'retry', conversationIds: [], error: 'timeout' });
      assert.deepEqual(dueNotifications(await state(), world.clock.now()), []);
      world.clock.advanceMs(DEFAULT_RETRY_POLICY.firstDelayMs);
      assert.deepEqual(dueNotifications(await state(), world.clock.now()).map((n) => n.id), [note.id]);
    });

    it('drops an undeliverable note and says so in the audit trail', async () => {
      const note = await partnerNote();
      await settleNotification(world.deps, NORTHWIND, note.id, { kind: 'undeliverable', reason: 'partner delisted' });
      const state = (await world.deps.store.read(NORTHWIND))!;
      assert.deepEqual(state.outbox, []);
      const audit = state.audit.at(-1)!;
      assert.equal(audit.action, 'notification.undeliverable');
      assert.equal(audit.partnerId, 'adatum');
      assert.equal(audit.after, 'partner delisted');
    });

    it('writes nothing for a note that is no longer there', async () => {
      await partnerNote();
      const before = await world.deps.store.read(NORTHWIND);
      await settleNotification(world.deps, NORTHWIND, 'not-a-note', { kind: 'delivered', conversationIds: [] });
      assert.equal(await world.deps.store.read(NORTHWIND), before);
    });
  });

  it('backoffDelay doubles from the first delay and stops at the maximum', () => {
    const policy = { firstDelayMs: 2_000, maxDelayMs: 15 * 60_000 };
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, policy)), [2_000, 4_000, 8_000, 16_000]);
    assert.equal(backoffDelay(30, policy), 15 * 60_000);
    assert.equal(backoffDelay(1, policy, 60_000), 60_000);
  });
});
