import assert from 'node:assert/strict';
import { rememberConversation } from '../../domain/conversations.js';
import { registerNotificationChannel } from '../../domain/operations/registerNotificationChannel.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

const ADATUM_TENANT = DEMO.partners.adatum.tenantId;
const GENERAL = '19:adatum-general@thread.tacv2';
const ALERTS = '19:adatum-alerts@thread.tacv2';

function channel(conversationId: string, tenantId: string, title: string) {
  return { conversationId, kind: 'channel' as const, title, reference: { conversation: { id: conversationId, tenantId, conversationType: 'channel' } } };
}

describe('registerNotificationChannel', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await createTestWorld();
    await rememberConversation(world.deps, ADATUM_TENANT, channel(GENERAL, ADATUM_TENANT, 'General'));
    await rememberConversation(world.deps, ADATUM_TENANT, channel(ALERTS, ADATUM_TENANT, 'Partner alerts'));
    await rememberConversation(world.deps, ADATUM_TENANT, {
      conversationId: 'a:adatum-personal', kind: 'personal', userObjectId: DEMO.partners.adatum.staff.objectId, reference: { conversation: { id: 'a:adatum-personal', tenantId: ADATUM_TENANT } },
    });
  });
  afterEach(async () => { await world.dispose(); });

  const adatum = async () => (await world.deps.store.read(ADATUM_TENANT))!;

  it("registers a channel the bot knows in the partner's own tenant, and audits it", async () => {
    const result = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: GENERAL });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = (await adatum()).partnerChannels['adatum'];
    assert.deepEqual(stored, {
      conversationId: GENERAL, title: 'General', registeredAt: '2026-11-25T10:00:00.000Z',
      registeredBy: { objectId: DEMO.partners.adatum.staff.objectId, tenantId: ADATUM_TENANT, displayName: 'Ada Quinn' },
    });
    const audit = (await adatum()).audit.at(-1)!;
    assert.equal(audit.action, 'channel.registered');
    assert.equal(audit.partnerId, 'adatum');
    assert.equal(audit.before, null);
    assert.deepEqual(audit.after, stored);
  });

  it('moves the registration to another channel, keeping the old one in the audit trail', async () => {
    assert.ok((await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: GENERAL })).ok);
    world.clock.advanceMs(60_000);
    const result = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { partnerId: 'adatum', conversationId: ALERTS });
    assert.ok(result.ok);
    const state = await adatum();
    assert.equal(state.partnerChannels['adatum']?.conversationId, ALERTS);
    assert.equal(state.partnerChannels['adatum']?.title, 'Partner alerts');
    const audit = state.audit.at(-1)!;
    assert.equal((audit.before as { conversationId: string }).conversationId, GENERAL);
    assert.equal((audit.after as { conversationId: string }).conversationId, ALERTS);
  });

  it('answers the same channel again with alreadyDone and writes nothing', async () => {
    assert.ok((await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: GENERAL })).ok);
    const before = await adatum();
    const again = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: GENERAL });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'alreadyDone');
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.by?.displayName, 'Ada Quinn');
    assert.equal(await adatum(), before);
  });

  it('refuses a conversation the bot does not know', async () => {
    const result = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: '19:unknown@thread.tacv2' });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'conversation', id: '19:unknown@thread.tacv2' } });
    assert.deepEqual((await adatum()).partnerChannels, {});
  });

  for (const id of ['constructor', 'toString', '__proto__']) {
    it(`refuses a conversation id named like an object property (${id}) as one the bot does not know`, async () => {
      const result = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: id });
      assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'conversation', id } });
      assert.deepEqual((await adatum()).partnerChannels, {});
    });
  }

  it("refuses another tenant's channel, even one the bot knows", async () => {
    const northwindChannel = '19:northwind-it@thread.tacv2';
    await rememberConversation(world.deps, DEMO.northwind.tenantId, channel(northwindChannel, DEMO.northwind.tenantId, 'IT'));
    const contosoChannel = '19:contoso-ops@thread.tacv2';
    await rememberConversation(world.deps, DEMO.partners.contoso.tenantId, channel(contosoChannel, DEMO.partners.contoso.tenantId, 'Ops'));

    for (const conversationId of [northwindChannel, contosoChannel]) {
      const result = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId });
      assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'conversation', id: conversationId } });
    }
    assert.deepEqual((await adatum()).partnerChannels, {});
    assert.deepEqual((await world.deps.store.read(DEMO.partners.contoso.tenantId))!.partnerChannels, {});
  });

  it('refuses a personal chat: notifications go to a team channel', async () => {
    const result = await registerNotificationChannel(world.deps, ACTORS.partnerStaff, { conversationId: 'a:adatum-personal' });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'invalidInput');
    assert.deepEqual((await adatum()).partnerChannels, {});
  });

  for (const name of ['globalAdmin', 'helpdeskAdmin', 'otherTenantAdmin'] as const) {
    it(`refuses a ${name}: only partner staff register channels`, async () => {
      const result = await registerNotificationChannel(world.deps, ACTORS[name], { conversationId: GENERAL });
      assert.equal(!result.ok && result.refusal.kind, 'notAllowed');
      assert.deepEqual((await adatum()).partnerChannels, {});
    });
  }

  it("refuses staff registering for another partner's profile", async () => {
    const result = await registerNotificationChannel(world.deps, partnerActor('contoso'), { partnerId: 'adatum', conversationId: GENERAL });
    assert.equal(!result.ok && result.refusal.kind, 'notAllowed');
    assert.deepEqual((await adatum()).partnerChannels, {});
  });
});
