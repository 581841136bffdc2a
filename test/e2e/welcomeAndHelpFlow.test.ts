import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { personalConversationId, type Place } from '../support/teamsActivities.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

const CONTOSO_CHANNEL = '19:contoso-general@thread.tacv2';
const inContosoChannel: Place = { kind: 'channel', channelId: CONTOSO_CHANNEL, teamName: 'Contoso Partner Team', channelName: 'Customers' };

describe('Welcome and help by role, install and uninstall, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const tenant = async (tenantId: string) => (await bot.app.store.tenants.read(tenantId))!;
  const northwind = () => tenant(DEMO.northwind.tenantId);
  const contosoTenant = () => tenant(DEMO.partners.contoso.tenantId);

  describe('help, by role', () => {
    it('a Global admin gets every customer action', async () => {
      const { cards, texts } = await bot.say(ACTORS.globalAdmin, 'help');
      assert.equal(cards.length, 1);
      assert.deepEqual(texts, []);
      assert.match(cardText(cards[0]), /Hi Jane Doe/);
      assert.match(cardText(cards[0]), /As a Global or Billing admin/);
      assert.match(cardText(cards[0]), /Ask in plain words/);
      assert.deepEqual(cardVerbs(cards[0]), ['showPending', 'showPartners', 'showFindPartner', 'showHistory']);
    });

    it('a Billing admin gets the same actions as a Global admin', async () => {
      const card = await bot.press(ACTORS.billingAdmin, 'showHelp');
      assert.match(cardText(card), /Hi Bill Ramos/);
      assert.match(cardText(card), /As a Global or Billing admin/);
      assert.deepEqual(cardVerbs(card), ['showPending', 'showPartners', 'showFindPartner', 'showHistory']);
    });

    it('a Helpdesk admin is told it is read only, with no Find a partner', async () => {
      const { cards } = await bot.say(ACTORS.helpdeskAdmin, 'help');
      assert.match(cardText(cards[0]), /As helpdesk \(read only\)/);
      assert.doesNotMatch(cardText(cards[0]), /As a Global or Billing admin/);
      assert.match(cardText(cards[0]), /which partners have admin roles\?/);
      assert.deepEqual(cardVerbs(cards[0]), ['showPending', 'showPartners', 'showHistory']);
    });

    it('a Global Reader gets the read-only help too', async () => {
      const card = await bot.press(ACTORS.globalReader, 'showHelp');
      assert.match(cardText(card), /Hi Reza Patel/);
      assert.match(cardText(card), /As helpdesk \(read only\)/);
      assert.deepEqual(cardVerbs(card), ['showPending', 'showPartners', 'showHistory']);
    });

    it('a user without an admin role is told who Partner Desk is for and gets no buttons', async () => {
      const { cards } = await bot.say(ACTORS.plainUser, 'hi');
      assert.match(cardText(cards[0]), /Nothing to do here yet/);
      assert.match(cardText(cards[0]), /You hold no admin role/);
      assert.match(cardText(cards[0]), /Global, Billing and Helpdesk admins, Global Readers and partner staff/);
      assert.deepEqual(cardVerbs(cards[0]), []);
    });

    it('partner staff in their team channel are told to register that channel, with partner actions only', async () => {
      const { cards } = await bot.say(partnerActor('contoso'), 'help', inContosoChannel);
      assert.equal(cards.length, 1);
      const text = cardText(cards[0]);
      assert.match(text, /As staff of Contoso Cloud Solutions/);
      assert.match(text, /Type \*\*register channel\*\* here/);
      assert.doesNotMatch(text, /As a Global or Billing admin|As helpdesk/);
      assert.deepEqual(cardVerbs(cards[0]), ['showInviteForm', 'showMyCustomers']);
    });

    it('partner staff in a personal chat are pointed to their team channel instead', async () => {
      const { cards } = await bot.say(partnerActor('contoso'), 'help');
      assert.match(cardText(cards[0]), /In your team channel, type \*\*register channel\*\*/);
    });
  });

  describe('install', () => {
    it('in a personal chat: one welcome for the role, and the chat is remembered for notifications', async () => {
      const result = await bot.install(ACTORS.helpdeskAdmin);
      assert.equal(result.status, 200);
      const conversationId = personalConversationId(ACTORS.helpdeskAdmin);
      const cards = bot.channel.cardsTo(conversationId);
      assert.equal(cards.length, 1);
      assert.match(cardText(cards[0]), /As helpdesk \(read only\)/);
      const stored = (await northwind()).conversations[conversationId];
      assert.equal(stored?.kind, 'personal');
      assert.equal(stored?.userObjectId, ACTORS.helpdeskAdmin.objectId);
      assert.equal((stored?.reference['conversation'] as { id: string }).id, conversationId);
      assert.equal(stored?.reference['serviceUrl'], bot.channel.url);
    });

    it('in a team channel: the partner team is welcomed there and the channel is remembered in its own tenant', async () => {
      const result = await bot.install(partnerActor('contoso'), inContosoChannel);
      assert.equal(result.status, 200);
      const cards = bot.channel.cardsTo(CONTOSO_CHANNEL);
      assert.equal(cards.length, 1);
      assert.match(cardText(cards[0]), /As staff of Contoso Cloud Solutions/);
      const stored = (await contosoTenant()).conversations[CONTOSO_CHANNEL];
      assert.equal(stored?.kind, 'channel');
      assert.equal(stored?.title, 'Contoso Partner Team › Customers');
      assert.equal(stored?.userObjectId, undefined, 'a channel belongs to no single user');
      assert.equal((await northwind()).conversations[CONTOSO_CHANNEL], undefined);
    });

    it('welcomes once when Teams sends both installationUpdate and conversationUpdate', async () => {
      await bot.install(ACTORS.globalAdmin);
      const second = await bot.conversationUpdate(ACTORS.globalAdmin);
      assert.equal(second.status, 200);
      assert.equal(bot.channel.cardsTo(personalConversationId(ACTORS.globalAdmin)).length, 1);
    });

    it('welcomes once when the conversationUpdate arrives first', async () => {
      await bot.conversationUpdate(partnerActor('contoso'), inContosoChannel);
      await bot.install(partnerActor('contoso'), inContosoChannel);
      assert.equal(bot.channel.cardsTo(CONTOSO_CHANNEL).length, 1);
      assert.ok((await contosoTenant()).conversations[CONTOSO_CHANNEL]);
    });

    it('does not welcome again when the same chat is installed twice', async () => {
      await bot.install(ACTORS.globalAdmin);
      await bot.install(ACTORS.globalAdmin);
      assert.equal(bot.channel.cardsTo(personalConversationId(ACTORS.globalAdmin)).length, 1);
    });
  });

  describe('uninstall', () => {
    it('forgets a personal chat, and welcomes again on a new install', async () => {
      const conversationId = personalConversationId(ACTORS.globalAdmin);
      await bot.install(ACTORS.globalAdmin);
      assert.ok((await northwind()).conversations[conversationId]);

      const removed = await bot.uninstall(ACTORS.globalAdmin);
      assert.equal(removed.status, 200);
      assert.equal((await northwind()).conversations[conversationId], undefined);
      assert.equal(bot.channel.cardsTo(conversationId).length, 1, 'nothing is sent on uninstall');

      await bot.install(ACTORS.globalAdmin);
      assert.equal(bot.channel.cardsTo(conversationId).length, 2);
    });

    it('removing the bot from a registered partner channel retires the registration, with an audit event', async () => {
      await bot.install(partnerActor('contoso'), inContosoChannel);
      await bot.press(partnerActor('contoso'), 'registerChannel', {}, inContosoChannel);
      assert.equal((await contosoTenant()).partnerChannels['contoso']?.conversationId, CONTOSO_CHANNEL);

      await bot.uninstall(partnerActor('contoso'), inContosoChannel);
      const state = await contosoTenant();
      assert.equal(state.conversations[CONTOSO_CHANNEL], undefined);
      assert.equal(state.partnerChannels['contoso'], undefined);
      assert.equal(state.audit.at(-1)?.action, 'channel.retired');
    });

    it('a conversationUpdate removing the bot forgets the conversation too', async () => {
      await bot.install(ACTORS.billingAdmin);
      await bot.conversationUpdate(ACTORS.billingAdmin, { kind: 'personal' }, 'removed');
      assert.equal((await northwind()).conversations[personalConversationId(ACTORS.billingAdmin)], undefined);
    });

    it("an uninstall never touches another tenant's conversations", async () => {
      await bot.install(ACTORS.globalAdmin);
      await bot.install(ACTORS.otherTenantAdmin);
      await bot.uninstall(ACTORS.otherTenantAdmin);
      assert.ok((await northwind()).conversations[personalConversationId(ACTORS.globalAdmin)]);
      assert.equal((await tenant(DEMO.tailspin.tenantId)).conversations[personalConversationId(ACTORS.otherTenantAdmin)], undefined);
    });
  });
});
