import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { forgetConversation, rememberConversation, type ConversationToRemember } from '../../domain/conversations.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { registerNotificationChannel } from '../../domain/operations/registerNotificationChannel.js';
import { resolveTargets } from '../../domain/outbox.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, START, type TestWorld } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const ADATUM_TENANT = DEMO.partners.adatum.tenantId;
const NEW_TENANT = '33333333-4444-5555-6666-777777777777';

const janeChat: ConversationToRemember = {
  conversationId: 'a:jane', kind: 'personal', userObjectId: DEMO.northwind.users.globalAdmin.objectId,
  reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:jane', tenantId: NORTHWIND } },
};
const adatumGeneral: ConversationToRemember = {
  conversationId: '19:adatum-general@thread.tacv2', kind: 'channel', title: 'General',
  reference: { conversation: { id: '19:adatum-general@thread.tacv2', tenantId: ADATUM_TENANT } },
};

describe('conversations', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const fileOf = (tenantId: string) => readFile(world.opened.layout.tenant(tenantId), 'utf-8');

  describe('rememberConversation', () => {
    it('keeps a new conversation with the time it was saved', async () => {
      assert.equal(await rememberConversation(world.deps, NORTHWIND, janeChat), 'new');
      const stored = (await world.deps.store.read(NORTHWIND))!.conversations['a:jane'];
      assert.deepEqual(stored, { ...janeChat, savedAt: START.toISOString() });
    });

    it('writes nothing when the same conversation comes again', async () => {
      await rememberConversation(world.deps, NORTHWIND, janeChat);
      const bytes = await fileOf(NORTHWIND);
      const snapshot = await world.deps.store.read(NORTHWIND);
      world.clock.advanceDays(1);
      assert.equal(await rememberConversation(world.deps, NORTHWIND, structuredClone(janeChat)), 'unchanged');
      assert.equal(await fileOf(NORTHWIND), bytes);
      assert.equal(await world.deps.store.read(NORTHWIND), snapshot);
    });

    it('writes nothing when the same conversation comes again with its fields in another order, or one left undefined', async () => {
      await rememberConversation(world.deps, NORTHWIND, janeChat);
      const snapshot = await world.deps.store.read(NORTHWIND);
      const { serviceUrl, conversation } = janeChat.reference as { serviceUrl: string; conversation: unknown };
      const reordered = { ...janeChat, reference: { conversation, serviceUrl, locale: undefined } };
      assert.equal(await rememberConversation(world.deps, NORTHWIND, reordered), 'unchanged');
      assert.equal(await world.deps.store.read(NORTHWIND), snapshot);
    });

    it('writes again when the reference or the title changed', async () => {
      await rememberConversation(world.deps, NORTHWIND, janeChat);
      world.clock.advanceMs(1_000);
      const moved = { ...janeChat, reference: { ...janeChat.reference, serviceUrl: 'https://smba.trafficmanager.net/amer/' } };
      assert.equal(await rememberConversation(world.deps, NORTHWIND, moved), 'updated');
      const stored = (await world.deps.store.read(NORTHWIND))!.conversations['a:jane']!;
      assert.equal(stored.reference['serviceUrl'], 'https://smba.trafficmanager.net/amer/');
      assert.equal(stored.savedAt, new Date(START.getTime() + 1_000).toISOString());
      assert.equal(await rememberConversation(world.deps, NORTHWIND, { ...moved, title: 'Jane' }), 'updated');
      assert.equal((await world.deps.store.read(NORTHWIND))!.conversations['a:jane']?.title, 'Jane');
    });

    it('keeps a conversation in a tenant first seen through it, and leaves a known tenant as it was', async () => {
      const chat = { ...janeChat, conversationId: 'a:x', reference: { conversation: { id: 'a:x', tenantId: NEW_TENANT } } };
      assert.equal(await rememberConversation(world.deps, NEW_TENANT, chat), 'new');
      const created = (await world.deps.store.read(NEW_TENANT))!;
      assert.equal(created.tenant.id, NEW_TENANT);
      assert.deepEqual(Object.keys(created.conversations), ['a:x']);
      const northwindBefore = (await world.deps.store.read(NORTHWIND))!;
      await rememberConversation(world.deps, NORTHWIND, janeChat);
      const northwindAfter = (await world.deps.store.read(NORTHWIND))!;
      assert.deepEqual({ ...northwindAfter, conversations: {} }, { ...northwindBefore, conversations: {} }, 'only the conversation is added');
    });

    it('refuses a tenant id that is not a GUID', async () => {
      assert.equal(await rememberConversation(world.deps, '../northwind', janeChat), 'refused');
      assert.equal(await rememberConversation(world.deps, '', janeChat), 'refused');
    });

    for (const id of ['constructor', 'toString', 'hasOwnProperty']) {
      it(`keeps a conversation whose id is named like an object property (${id}) as new, and finds it again`, async () => {
        const chat = { ...janeChat, conversationId: id };
        assert.equal(await rememberConversation(world.deps, NORTHWIND, chat), 'new');
        assert.deepEqual(Object.keys((await world.deps.store.read(NORTHWIND))!.conversations), [id]);
        assert.equal(await rememberConversation(world.deps, NORTHWIND, chat), 'unchanged');
      });
    }

    it('refuses the id "__proto__", which no record can keep, and writes nothing', async () => {
      const bytes = await fileOf(NORTHWIND);
      assert.equal(await rememberConversation(world.deps, NORTHWIND, { ...janeChat, conversationId: '__proto__' }), 'refused');
      assert.equal(await fileOf(NORTHWIND), bytes);
      const conversations = (await world.deps.store.read(NORTHWIND))!.conversations;
      assert.deepEqual(Object.keys(conversations), []);
      assert.equal(Object.getPrototypeOf(conversations), Object.prototype);
    });
  });

  describe('forgetConversation', () => {
    it('drops the conversation', async () => {
      await rememberConversation(world.deps, NORTHWIND, janeChat);
      assert.equal(await forgetConversation(world.deps, NORTHWIND, 'a:jane'), true);
      assert.equal((await world.deps.store.read(NORTHWIND))!.conversations['a:jane'], undefined);
    });

    it("retires the partner channel registered there, so the partner's notes wait for a new one", async () => {
      await rememberConversation(world.deps, ADATUM_TENANT, adatumGeneral);
      assert.ok((await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: adatumGeneral.conversationId })).ok);
      assert.ok((await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: DEMO.invitations.adatumDap })).ok);
      const note = (await world.deps.store.read(NORTHWIND))!.outbox[0]!;
      assert.equal((await resolveTargets(world.deps, note)).kind, 'send');

      assert.equal(await forgetConversation(world.deps, ADATUM_TENANT, adatumGeneral.conversationId), true);

      const adatum = (await world.deps.store.read(ADATUM_TENANT))!;
      assert.deepEqual(adatum.partnerChannels, {});
      assert.deepEqual(adatum.conversations, {});
      const audit = adatum.audit.at(-1)!;
      assert.equal(audit.action, 'channel.retired');
      assert.equal(audit.partnerId, 'adatum');
      assert.equal(audit.actor.objectId, 'system');
      assert.equal((audit.before as { conversationId: string }).conversationId, adatumGeneral.conversationId);
      assert.equal(audit.after, null);
      assert.equal((await resolveTargets(world.deps, note)).kind, 'wait');
    });

    it('keeps the registration when another conversation is forgotten', async () => {
      await rememberConversation(world.deps, ADATUM_TENANT, adatumGeneral);
      await rememberConversation(world.deps, ADATUM_TENANT, { ...adatumGeneral, conversationId: '19:random@thread.tacv2', title: 'Random' });
      assert.ok((await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: adatumGeneral.conversationId })).ok);
      assert.equal(await forgetConversation(world.deps, ADATUM_TENANT, '19:random@thread.tacv2'), true);
      assert.equal((await world.deps.store.read(ADATUM_TENANT))!.partnerChannels['adatum']?.conversationId, adatumGeneral.conversationId);
    });

    it('writes nothing for a conversation or a tenant it does not know', async () => {
      const bytes = await fileOf(NORTHWIND);
      assert.equal(await forgetConversation(world.deps, NORTHWIND, 'a:nobody'), false);
      assert.equal(await fileOf(NORTHWIND), bytes);
      assert.equal(await forgetConversation(world.deps, NEW_TENANT, 'a:nobody'), false);
      assert.equal(await world.deps.store.exists(NEW_TENANT), false, 'no file is created for an unknown tenant');
      assert.equal(await forgetConversation(world.deps, 'not-a-tenant', 'a:nobody'), false);
    });

    it('writes nothing for an id named like an object property that it never kept', async () => {
      const bytes = await fileOf(NORTHWIND);
      for (const id of ['constructor', 'toString', '__proto__']) assert.equal(await forgetConversation(world.deps, NORTHWIND, id), false, id);
      assert.equal(await fileOf(NORTHWIND), bytes);
    });
  });
});
