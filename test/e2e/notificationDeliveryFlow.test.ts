import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText } from '../support/botHarness.js';
import { cardsMatching, partnerChannel, registerPartnerChannel } from '../support/flowSteps.js';
import { personalConversationId } from '../support/teamsActivities.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;
const CONTOSO_TENANT = DEMO.partners.contoso.tenantId;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Notifications: the outbox waits, retries and never crosses tenants, through the real channel service calls', () => {
  let bot: BotHarness;
  afterEach(async () => { await bot.stop(); });

  const read = async (tenantId: string) => (await bot.app.store.tenants.read(tenantId))!;
  const outbox = async () => (await read(NORTHWIND)).outbox;
  /** Waits until Northwind's outbox is empty, letting the dispatcher's own timer and retries run. */
  const drained = () => waitForStored(async () => (await outbox()).length === 0, "Northwind's outbox to drain", 8_000);

  describe('a partner without a registered channel', () => {
    beforeEach(async () => {
      // Slow timer and retries: only the registration itself can make the note go out promptly.
      bot = await BotHarness.start({ OUTBOX_INTERVAL_MS: '3600000' }, { retryPolicy: { firstDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
    });

    it('keeps the note in the stored outbox, and delivers it right after the partner registers', async () => {
      await bot.press(ACTORS.globalAdmin, 'cancelInvitation', { invitationId: DEMO.invitations.litwareReseller, version: 1 });
      await bot.deliverNotifications();
      const [waiting, ...others] = await outbox();
      assert.equal(others.length, 0);
      assert.equal(waiting?.event, 'invitationCancelled');
      assert.deepEqual(waiting?.audience, { kind: 'partner', partnerId: 'litware' });
      assert.equal(waiting?.attempts, 1);
      assert.equal(waiting?.lastError, 'waiting: Litware Licensing has not registered a notification channel');
      assert.equal(bot.channel.calls.length, 0, 'nothing was sent anywhere');

      const place = partnerChannel('litware');
      await bot.install(partnerActor('litware'), place);
      const started = Date.now();
      await bot.press(partnerActor('litware'), 'registerChannel', {}, place);
      await bot.channel.waitFor(() => cardsMatching(bot, place.channelId, /Northwind Traders cancelled your invitation/).length === 1, 'the waiting note in the new channel', 2_000);
      assert.ok(Date.now() - started < 2_000);
      await bot.app.dispatcher.idle();
      assert.deepEqual(await outbox(), []);
      assert.equal(cardsMatching(bot, place.channelId, /cancelled your invitation/).length, 1);
    });
  });

  describe('the channel service failing, then recovering', () => {
    beforeEach(async () => { bot = await BotHarness.start(); });

    for (const [what, fault] of [
      ['500', { kind: 'status', status: 500 }],
      ['503 twice', { kind: 'status', status: 503 }],
    ] as const) {
      it(`delivers exactly once after ${what}`, async () => {
        // The connector retries a 5xx itself after about a second (0.8-1.2 s). With the harness's 1 s send timeout, a
        // retry sent just before the timeout reached the channel while the sender gave up on it, and the outbox sent the
        // card again: two cards, on a loaded machine. The production timeout (15 s) is far above the connector's retries.
        await bot.stop();
        bot = await BotHarness.start({}, { sendTimeoutMs: 5_000 });
        const channel = await registerPartnerChannel(bot, 'contoso');
        bot.channel.failNext(fault, what.includes('twice') ? 2 : 1);
        await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
        await drained();
        await sleep(1_300); // long enough for any retry still under way to land
        assert.equal(cardsMatching(bot, channel, /removed your admin roles/).length, 1);
        assert.deepEqual(await outbox(), []);
      });
    }

    it('delivers exactly once after 429 with Retry-After, waiting as long as the service asked', async () => {
      await bot.stop();
      bot = await BotHarness.start({}, { retryPolicy: { firstDelayMs: 50, maxDelayMs: 400 }, sendTimeoutMs: 5_000 });
      const channel = await registerPartnerChannel(bot, 'contoso');
      bot.channel.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
      const started = Date.now();
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await drained();
      const delivered = bot.channel.to(channel).filter((c) => /removed your admin roles/.test(cardText(c.activity['attachments'])));
      assert.equal(delivered.length, 1);
      assert.ok(delivered[0]!.at - started >= 950, `sent again only after the Retry-After (${delivered[0]!.at - started} ms)`);
    });

    it('a call that outlasts the send timeout is abandoned for good: the retry is the only copy', async () => {
      const channel = await registerPartnerChannel(bot, 'contoso');
      // The connector would wait 2 s before trying again; the outbox gives up on the call after 1 s and sends anew.
      bot.channel.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await drained();
      assert.equal(cardsMatching(bot, channel, /removed your admin roles/).length, 1);
      await sleep(1_500); // past the connector's own retry, had it been left running
      assert.equal(cardsMatching(bot, channel, /removed your admin roles/).length, 1, 'no second copy');
    });

    it('keeps retrying while the service is down, remembering why, and delivers once when it is back', async () => {
      const channel = await registerPartnerChannel(bot, 'contoso');
      bot.channel.failAlways({ kind: 'status', status: 500 });
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await waitForStored(async () => ((await outbox())[0]?.attempts ?? 0) >= 2, 'two failed attempts stored', 10_000);
      const [stored] = await outbox();
      assert.equal(stored?.event, 'rolesRemoved');
      assert.match(stored?.lastError ?? '', /500|no answer within/);
      assert.equal(cardsMatching(bot, channel, /removed your admin roles/).length, 0);

      bot.channel.recover();
      await waitForStored(async () => (await outbox()).length === 0, 'the outbox to drain', 10_000);
      await sleep(1_300);
      assert.equal(cardsMatching(bot, channel, /removed your admin roles/).length, 1);
    });
  });

  describe('403 from the channel service: the bot is no longer in that conversation', () => {
    beforeEach(async () => { bot = await BotHarness.start(); });

    it('retires a partner channel: the reference and the registration go, and the note waits for a new channel', async () => {
      const oldChannel = await registerPartnerChannel(bot, 'contoso');
      bot.channel.failNext({ kind: 'status', status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await bot.deliverNotifications();

      const contoso = await read(CONTOSO_TENANT);
      assert.equal(contoso.conversations[oldChannel], undefined, 'the conversation reference is removed');
      assert.equal(contoso.partnerChannels['contoso'], undefined, 'the registration is retired');
      assert.equal(contoso.audit.at(-1)?.action, 'channel.retired');
      const [waiting] = await outbox();
      assert.equal(waiting?.event, 'rolesRemoved');
      assert.match(waiting?.lastError ?? '', /^waiting: /);

      const newChannel = await registerPartnerChannel(bot, 'contoso', { kind: 'channel', channelId: '19:contoso-new@thread.tacv2' });
      await bot.channel.waitFor(() => cardsMatching(bot, newChannel, /removed your admin roles/).length === 1, 'the note in the new channel');
      await bot.app.dispatcher.idle();
      assert.deepEqual(await outbox(), []);
      assert.equal(cardsMatching(bot, oldChannel, /removed your admin roles/).length, 0);
    });

    it("forgets an admin's personal chat and still tells the other admins", async () => {
      await bot.install(ACTORS.globalAdmin);
      await bot.install(ACTORS.billingAdmin);
      bot.channel.failNext({ kind: 'status', status: 403 });
      await bot.press(partnerActor('contoso'), 'endRelationship', { customerTenantId: NORTHWIND, version: 1 }, partnerChannel('contoso'));
      await bot.deliverNotifications();

      const conversations = (await read(NORTHWIND)).conversations;
      const jane = personalConversationId(ACTORS.globalAdmin);
      const bill = personalConversationId(ACTORS.billingAdmin);
      assert.equal(conversations[jane], undefined, 'the chat that answered 403 is forgotten');
      assert.ok(conversations[bill]);
      assert.equal(cardsMatching(bot, bill, /Contoso Cloud Solutions ended the relationship/).length, 1);
      assert.equal(cardsMatching(bot, jane, /ended the relationship/).length, 0);
      assert.deepEqual(await outbox(), []);
    });
  });

  describe('tenants stay apart', () => {
    beforeEach(async () => { bot = await BotHarness.start(); });

    it("every message goes to a conversation of the tenant it is about, never another tenant's", async () => {
      for (const admin of [ACTORS.globalAdmin, ACTORS.billingAdmin, ACTORS.helpdeskAdmin, ACTORS.otherTenantAdmin]) await bot.install(admin);
      for (const partner of ['contoso', 'adatum', 'proseware'] as const) await registerPartnerChannel(bot, partner);

      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await bot.press(partnerActor('contoso'), 'endRelationship', { customerTenantId: TAILSPIN, version: 1 }, partnerChannel('contoso'));
      await bot.press(partnerActor('adatum'), 'withdrawInvitation', { customerTenantId: NORTHWIND, invitationId: DEMO.invitations.adatumDap, version: 1 }, partnerChannel('adatum'));
      await bot.press(partnerActor('proseware'), 'createInvitation', { customerTenantId: TAILSPIN, types: 'advisor' }, partnerChannel('proseware'));
      await bot.press(ACTORS.otherTenantAdmin, 'startContact', { selectedPartners: 'adatum' });
      await bot.press(ACTORS.otherTenantAdmin, 'contactPartners', { partnerIds: 'adatum', requestId: 'tailspin-request-1', businessNeeds: 'Tailspin needs Intune rolled out to 40 laptops.' });
      await bot.deliverNotifications();
      assert.deepEqual(await outbox(), []);
      assert.deepEqual((await read(TAILSPIN)).outbox, []);

      const owners = new Map<string, string>();
      for (const tenantId of [NORTHWIND, TAILSPIN, ...Object.values(DEMO.partners).map((p) => p.tenantId)]) {
        for (const id of Object.keys((await read(tenantId)).conversations)) owners.set(id, tenantId);
      }
      const proactive = bot.channel.calls.filter((c) => c.replyToId === undefined);
      assert.ok(proactive.length >= 6, `notifications were sent (${proactive.length})`);
      for (const call of bot.channel.calls) {
        const owner = owners.get(call.conversationId);
        assert.ok(owner, `${call.conversationId} is a conversation the bot knows`);
        assert.equal((call.activity['conversation'] as { tenantId?: string }).tenantId, owner, `the activity to ${call.conversationId} names its own tenant`);
      }
      const text = (conversationId: string) => bot.channel.cardsTo(conversationId).map(cardText).join('\n');
      assert.doesNotMatch(text(personalConversationId(ACTORS.otherTenantAdmin)), /Northwind|Adatum/);
      assert.match(text(personalConversationId(ACTORS.otherTenantAdmin)), /Contoso Cloud Solutions ended the relationship/);
      assert.match(text(personalConversationId(ACTORS.otherTenantAdmin)), /New partner invitation from Proseware Security/);
      for (const admin of [ACTORS.globalAdmin, ACTORS.billingAdmin]) {
        assert.doesNotMatch(text(personalConversationId(admin)), /Tailspin|Proseware|ended the relationship/);
        assert.match(text(personalConversationId(admin)), /Adatum Consulting withdrew its invitation/);
      }
      assert.match(text(partnerChannel('adatum').channelId), /Tailspin Toys would like to work with you/);
      assert.doesNotMatch(text(partnerChannel('adatum').channelId), /Northwind/);
      assert.match(text(partnerChannel('contoso').channelId), /Northwind Traders removed your admin roles/);
    });

    it("a partner registration pointing at another tenant's conversation is never used: the note waits", async () => {
      await bot.install(ACTORS.globalAdmin);
      const jane = (await read(NORTHWIND)).conversations[personalConversationId(ACTORS.globalAdmin)]!;
      // A corrupted or forged store: Contoso's registration names Jane's chat in Northwind.
      await bot.app.store.tenants.transact(CONTOSO_TENANT, (draft) => {
        draft.conversations['19:forged@thread.tacv2'] = { ...structuredClone(jane), conversationId: '19:forged@thread.tacv2', kind: 'channel' };
        delete draft.conversations['19:forged@thread.tacv2'].userObjectId;
        draft.partnerChannels['contoso'] = { conversationId: '19:forged@thread.tacv2', registeredAt: new Date().toISOString(), registeredBy: { objectId: 'x', tenantId: CONTOSO_TENANT, displayName: 'Mallory' } };
        return { commit: true, value: undefined };
      });
      const callsBefore = bot.channel.calls.length;
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      await bot.deliverNotifications();
      assert.equal(bot.channel.calls.length, callsBefore, 'nothing was sent');
      const [waiting] = await outbox();
      assert.equal(waiting?.lastError, "waiting: Contoso Cloud Solutions's registered channel is not in its own tenant");
    });
  });

  /** Polls the store until a condition holds, letting the dispatcher's own timer do the work. */
  async function waitForStored(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }
});
