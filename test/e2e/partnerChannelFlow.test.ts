import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton, cardButtons, cardChoices, cardInputIds } from '../support/cardButtons.js';
import { cardsMatching, partnerChannel, registerPartnerChannel } from '../support/flowSteps.js';
import { businessState } from '../support/storedState.js';
import { personalConversationId } from '../support/teamsActivities.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const ADATUM_INVITATION = DEMO.invitations.adatumDap;
const DAY = 86_400_000;

describe('Partner staff in their team channel: register, invite, withdraw, my customers, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const read = async (tenantId: string) => (await bot.app.store.tenants.read(tenantId))!;
  const northwind = () => read(NORTHWIND);
  const allTenants = [NORTHWIND, DEMO.tailspin.tenantId, ...Object.values(DEMO.partners).map((p) => p.tenantId)];
  const everything = async () => Promise.all(allTenants.map(async (id) => businessState(await bot.app.store.tenants.read(id))));

  describe('register the notification channel', () => {
    it('in a team channel: shows the state, registers it, and says so the second time', async () => {
      const place = partnerChannel('contoso');
      const { cards } = await bot.say(partnerActor('contoso'), 'register channel', place);
      assert.match(cardText(cards[0]), /Notifications for Contoso Cloud Solutions\nNot registered/);
      assert.match(cardText(cards[0]), /has no notification channel yet: customers' answers and requests wait until you register one/);
      assert.equal(cardButton(cards[0], 'registerChannel').title, 'Register this channel');

      const registered = await bot.pressButton(partnerActor('contoso'), cards[0], 'registerChannel', {}, place);
      assert.match(cardText(registered), /This channel is registered. Waiting notifications are on their way./);
      assert.match(cardText(registered), /\nRegistered\n/);
      assert.equal(cardVerbs(registered).includes('registerChannel'), false);

      const stored = (await read(DEMO.partners.contoso.tenantId)).partnerChannels['contoso'];
      assert.equal(stored?.conversationId, place.channelId);
      assert.equal(stored?.title, 'Contoso Cloud Solutions team › Partner Desk');
      assert.equal(stored?.registeredBy.objectId, partnerActor('contoso').objectId);
      assert.equal((await read(DEMO.partners.contoso.tenantId)).audit.at(-1)?.action, 'channel.registered');

      const again = await bot.pressButton(partnerActor('contoso'), cards[0], 'registerChannel', {}, place);
      assert.match(cardText(again), /Already done: this channel is already registered for Contoso Cloud Solutions by Carla Diaz at/);
      const status = await bot.say(partnerActor('contoso'), 'register channel', place);
      assert.match(cardText(status.cards[0]), /This channel gets notifications for Contoso Cloud Solutions/);
    });

    it('a second channel takes over, and the card in the old one says where notifications go', async () => {
      await registerPartnerChannel(bot, 'contoso');
      const other = { kind: 'channel', channelId: '19:contoso-other@thread.tacv2', teamName: 'Sales', channelName: 'Leads' } as const;
      const { cards } = await bot.say(partnerActor('contoso'), 'register', other);
      assert.match(cardText(cards[0]), /Registered elsewhere/);
      assert.match(cardText(cards[0]), /go to Contoso Cloud Solutions team › Partner Desk \(registered by Carla Diaz/);
      await bot.pressButton(partnerActor('contoso'), cards[0], 'registerChannel', {}, other);
      assert.equal((await read(DEMO.partners.contoso.tenantId)).partnerChannels['contoso']?.conversationId, other.channelId);
    });

    it('in a personal chat: refuses, because notifications go to a team channel', async () => {
      const { cards } = await bot.say(partnerActor('contoso'), 'register channel');
      assert.match(cardText(cards[0]), /Open your team channel and type \*\*register channel\*\* there/);
      assert.equal(cardVerbs(cards[0]).includes('registerChannel'), false);

      const forged = await bot.press(partnerActor('contoso'), 'registerChannel', {});
      assert.match(cardText(forged), /notifications go to a team channel: run this in the channel your team should be notified in/);
      assert.deepEqual((await read(DEMO.partners.contoso.tenantId)).partnerChannels, {});
    });
  });

  describe('invite a customer', () => {
    it("the invitation reaches Northwind's admins in their personal chats, ready to accept; the partner is told of the answer", async () => {
      const channel = await registerPartnerChannel(bot, 'proseware');
      for (const admin of [ACTORS.globalAdmin, ACTORS.billingAdmin, ACTORS.helpdeskAdmin, ACTORS.otherTenantAdmin]) await bot.install(admin);
      const place = partnerChannel('proseware');

      const { cards } = await bot.say(partnerActor('proseware'), 'invite', place);
      const form = cards[0]!;
      assert.match(cardText(form), /Invite a customer\nProseware Security asks a customer to start a partner relationship/);
      assert.deepEqual(cardInputIds(form), ['customerTenantId', 'types', 'roles', 'message']);
      assert.deepEqual(cardChoices(form, 'types').map((c) => c.value), ['partner', 'advisor'], 'only the types Proseware offers');

      const sent = await bot.pressButton(partnerActor('proseware'), form, 'createInvitation', { customerTenantId: NORTHWIND, types: 'advisor,partner', roles: '', message: 'Happy to run your security review.' }, place);
      assert.match(cardText(sent), /Invitation sent to Northwind Traders. Their admins get it in Teams; you'll be told when they answer./);
      assert.match(cardText(sent), /Customers of Proseware Security\n1 customer\nNorthwind Traders\nNo relationship yet\nPending invitation: Partner, Advisor · sent \d{4}-\d{2}-\d{2}/);

      const invitation = (await northwind()).invitations.find((i) => i.partnerId === 'proseware')!;
      assert.equal(invitation.status, 'pending');
      assert.deepEqual(invitation.types, ['partner', 'advisor'], 'stored in the standard order, whatever order they were picked in');
      assert.deepEqual(invitation.roles, []);
      assert.equal(invitation.createdBy.objectId, partnerActor('proseware').objectId);
      assert.equal(invitation.message, 'Happy to run your security review.');
      assert.ok(Math.abs(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt) - 90 * DAY) < 1000, 'open for 90 days');
      assert.equal((await northwind()).audit.at(-1)?.action, 'invitation.created');

      await bot.deliverNotifications();
      for (const admin of [ACTORS.globalAdmin, ACTORS.billingAdmin]) {
        const received = cardsMatching(bot, personalConversationId(admin), /New partner invitation from Proseware Security/);
        assert.equal(received.length, 1, `${admin.displayName} gets the invitation once`);
        assert.match(cardText(received[0]), /Proseware Security wants to work with you/);
        assert.deepEqual(cardButton(received[0], 'acceptInvitation').data, { invitationId: invitation.id, version: 1 });
      }
      assert.equal(cardsMatching(bot, personalConversationId(ACTORS.helpdeskAdmin), /New partner invitation/).length, 0, 'read-only users are not asked to act');
      assert.equal(bot.channel.cardsTo(personalConversationId(ACTORS.otherTenantAdmin)).length, 1, 'Tailspin only ever got its welcome');
      assert.equal((await northwind()).outbox.length, 0);

      // Jane accepts from the card she received; Proseware hears about it in its channel.
      const [card] = cardsMatching(bot, personalConversationId(ACTORS.globalAdmin), /New partner invitation/);
      const accepted = await bot.pressButton(ACTORS.globalAdmin, card, 'acceptInvitation', { agreementAcknowledged: 'true' });
      assert.match(cardText(accepted), /Proseware Security is now authorized/);
      await bot.deliverNotifications();
      assert.equal(cardsMatching(bot, channel, /Northwind Traders accepted your invitation/).length, 1);
    });

    it('refuses an invitation while one is pending, then withdraw → admins told → a new one with delegated admin roles', async () => {
      await bot.install(ACTORS.globalAdmin);
      await bot.install(ACTORS.helpdeskAdmin);
      const place = partnerChannel('adatum');
      const refused = await bot.press(partnerActor('adatum'), 'createInvitation', { partnerId: 'adatum', customerTenantId: NORTHWIND, types: 'resellerAndDelegatedAdministrator', roles: 'Global Administrator,Helpdesk Administrator' }, place);
      assert.match(cardText(refused), new RegExp(`You already have a pending invitation to Northwind Traders \\(${ADATUM_INVITATION}\\). Withdraw it first`));
      assert.equal(cardVerbs(refused).includes('createInvitation'), true, 'the form is kept');

      const { cards } = await bot.say(partnerActor('adatum'), 'my customers', place);
      assert.match(cardText(cards[0]), /Northwind Traders\nNo relationship yet\nPending invitation: Reseller & delegated administrator/);
      const withdrawn = await bot.pressButton(partnerActor('adatum'), cards[0], 'withdrawInvitation', {}, place);
      assert.match(cardText(withdrawn), /Invitation withdrawn. The customer has been told./);
      assert.match(cardText(withdrawn), /No customers yet/);
      const stored = (await northwind()).invitations.find((i) => i.id === ADATUM_INVITATION)!;
      assert.equal(stored.status, 'withdrawn');
      assert.equal(stored.resolvedBy?.objectId, partnerActor('adatum').objectId);
      assert.equal((await northwind()).audit.at(-1)?.action, 'invitation.withdrawn');

      await bot.deliverNotifications();
      const [told] = cardsMatching(bot, personalConversationId(ACTORS.globalAdmin), /withdrew its invitation/);
      assert.match(cardText(told), /Adatum Consulting withdrew its invitation/);
      assert.match(cardText(told), /Ada Quinn/);
      assert.equal(cardsMatching(bot, personalConversationId(ACTORS.helpdeskAdmin), /withdrew/).length, 0);
      const review = await bot.press(ACTORS.globalAdmin, 'showInvitation', { invitationId: ADATUM_INVITATION });
      assert.match(cardText(review), /Withdrawn by Ada Quinn/);
      assert.equal(cardVerbs(review).includes('acceptInvitation'), false);

      const form = await bot.press(partnerActor('adatum'), 'showInviteForm', {}, place);
      const sent = await bot.pressButton(partnerActor('adatum'), form, 'createInvitation', { customerTenantId: NORTHWIND, types: 'resellerAndDelegatedAdministrator', roles: 'Global Administrator,Helpdesk Administrator' }, place);
      assert.match(cardText(sent), /Invitation sent to Northwind Traders/);
      const fresh = (await northwind()).invitations.filter((i) => i.partnerId === 'adatum' && i.status === 'pending');
      assert.equal(fresh.length, 1);
      assert.deepEqual(fresh[0]?.roles, ['Global Administrator', 'Helpdesk Administrator']);
      assert.equal(fresh[0]?.requiresAgreement, true);
      await bot.deliverNotifications();
      const [invitation] = cardsMatching(bot, personalConversationId(ACTORS.globalAdmin), /New partner invitation from Adatum Consulting/);
      assert.match(cardText(invitation), /Accepting gives Adatum Consulting these admin roles in your organization/);
    });

    it('keeps the form with the reason for input that is not valid, storing nothing', async () => {
      const place = partnerChannel('contoso');
      const before = await everything();
      const rolesWithoutType = await bot.press(partnerActor('contoso'), 'createInvitation', { partnerId: 'contoso', customerTenantId: NORTHWIND, types: 'reseller', roles: 'Global Administrator' }, place);
      assert.match(cardText(rolesWithoutType), /delegated admin roles go with a delegated administrator type, and only with it/);
      assert.match(cardText(rolesWithoutType), new RegExp(`Customer tenant id\\n${NORTHWIND}`), 'what was typed stays');

      const noType = await bot.press(partnerActor('contoso'), 'createInvitation', { partnerId: 'contoso', customerTenantId: NORTHWIND, types: '', roles: '' }, place);
      assert.match(cardText(noType), /choose at least one partner type/);

      const notGuid = await bot.press(partnerActor('contoso'), 'createInvitation', { customerTenantId: 'northwind.example', types: 'reseller' }, place);
      assert.match(cardText(notGuid), /a tenant id is a GUID/);

      const unknown = await bot.press(partnerActor('contoso'), 'createInvitation', { customerTenantId: '99999999-9999-4999-8999-999999999999', types: 'reseller' }, place);
      assert.match(cardText(unknown), /No customer "99999999-9999-4999-8999-999999999999" was found/);

      const own = await bot.press(partnerActor('contoso'), 'createInvitation', { customerTenantId: DEMO.partners.contoso.tenantId, types: 'reseller' }, place);
      assert.match(cardText(own), /a partner cannot invite its own tenant/);

      const madeUpRole = await bot.press(partnerActor('contoso'), 'createInvitation', { customerTenantId: NORTHWIND, types: 'delegatedAdministrator', roles: 'Emperor' }, place);
      assert.match(cardText(madeUpRole), /not a known Entra directory role/);
      assert.deepEqual(await everything(), before);
    });
  });

  it('"my customers" lists each customer with its relationship and End relationship', async () => {
    const { cards } = await bot.say(partnerActor('contoso'), 'my customers', partnerChannel('contoso'));
    const text = cardText(cards[0]);
    assert.match(text, /Customers of Contoso Cloud Solutions\n2 customers/);
    assert.match(text, /Northwind Traders\nReseller & delegated administrator · Global Administrator, Helpdesk Administrator/);
    assert.match(text, /Tailspin Toys\nReseller · No admin roles/);
    assert.deepEqual(cardButtons(cards[0]).filter((b) => b.verb === 'confirmEndAsPartner').map((b) => b.data['customerTenantId']), [NORTHWIND, DEMO.tailspin.tenantId]);
    assert.equal(cardVerbs(await bot.press(partnerActor('contoso'), 'showMyCustomers', {}, partnerChannel('contoso'))).filter((v) => v === 'confirmEndAsPartner').length, 2);
  });

  describe('a tenant that is not a listed partner (Tailspin)', () => {
    const tailspinChannel = { kind: 'channel', channelId: '19:tailspin-it@thread.tacv2' } as const;

    it('is refused clearly for register, invite, withdraw, end and my customers; nothing changes', async () => {
      const before = await everything();
      const who = ACTORS.otherTenantAdmin;
      const notPartner = /only staff of a listed Microsoft partner can do this, and your organization is not listed as a partner/;

      const register = await bot.say(who, 'register channel', tailspinChannel);
      assert.match(cardText(register.cards[0]), notPartner);
      assert.match(cardText(await bot.press(who, 'registerChannel', {}, tailspinChannel)), notPartner);
      assert.match(cardText(await bot.press(who, 'registerChannel', { partnerId: 'contoso' }, tailspinChannel)), notPartner);

      const invite = await bot.say(who, 'invite', tailspinChannel);
      assert.match(invite.texts.join('\n'), notPartner);
      assert.match(cardText(await bot.press(who, 'showInviteForm', {}, tailspinChannel)), notPartner);
      assert.match(cardText(await bot.press(who, 'createInvitation', { partnerId: 'contoso', customerTenantId: NORTHWIND, types: 'reseller' }, tailspinChannel)), notPartner);

      assert.match(cardText(await bot.press(who, 'withdrawInvitation', { partnerId: 'adatum', customerTenantId: NORTHWIND, invitationId: ADATUM_INVITATION, version: 1 }, tailspinChannel)), notPartner);
      assert.match(cardText(await bot.press(who, 'confirmEndAsPartner', { customerTenantId: NORTHWIND }, tailspinChannel)), notPartner);
      assert.match(cardText(await bot.press(who, 'endRelationship', { partnerId: 'contoso', customerTenantId: NORTHWIND, version: 1 }, tailspinChannel)), notPartner);
      const customers = await bot.say(who, 'my customers', tailspinChannel);
      assert.match(cardText(customers.cards[0]), notPartner);

      assert.deepEqual(await everything(), before);
    });
  });

  describe("a partner acting for another partner's profile", () => {
    it('is refused for register, invite and end with a forged partnerId', async () => {
      const before = await everything();
      const fabrikam = partnerActor('fabrikam');
      const place = partnerChannel('fabrikam');
      const ownOnly = /you can act only for your own partner profile \(fabrikam\)/;
      assert.match(cardText(await bot.press(fabrikam, 'registerChannel', { partnerId: 'contoso' }, place)), ownOnly);
      assert.match(cardText(await bot.press(fabrikam, 'createInvitation', { partnerId: 'contoso', customerTenantId: DEMO.tailspin.tenantId, types: 'reseller' }, place)), ownOnly);
      assert.match(cardText(await bot.press(fabrikam, 'endRelationship', { partnerId: 'contoso', customerTenantId: NORTHWIND, version: 1 }, place)), ownOnly);
      assert.match(cardText(await bot.press(fabrikam, 'showMyCustomers', { partnerId: 'contoso' }, place)), ownOnly);
      assert.deepEqual(await everything(), before);
      assert.equal((await northwind()).relationships.find((r) => r.partnerId === 'contoso')?.status, 'active');
    });

    it("cannot withdraw another partner's invitation, which it is not even told exists", async () => {
      const litware = partnerActor('litware');
      const place = partnerChannel('litware');
      const before = await everything();
      const card = await bot.press(litware, 'withdrawInvitation', { customerTenantId: NORTHWIND, invitationId: ADATUM_INVITATION, version: 1 }, place);
      assert.match(cardText(card), new RegExp(`No invitation "${ADATUM_INVITATION}" was found for your organization`));
      assert.match(cardText(card), /Customers of Litware Licensing/);
      const forged = await bot.press(litware, 'withdrawInvitation', { partnerId: 'adatum', customerTenantId: NORTHWIND, invitationId: ADATUM_INVITATION, version: 1 }, place);
      assert.match(cardText(forged), /you can act only for your own partner profile \(litware\)/);
      assert.deepEqual(await everything(), before);
      assert.equal((await northwind()).invitations.find((i) => i.id === ADATUM_INVITATION)?.status, 'pending');
    });

    it('a customer admin is not partner staff', async () => {
      const card = await bot.press(ACTORS.globalAdmin, 'createInvitation', { customerTenantId: DEMO.tailspin.tenantId, types: 'reseller' });
      assert.match(cardText(card), /your organization is not listed as a partner/);
      assert.equal((await read(DEMO.tailspin.tenantId)).invitations.length, 0);
    });
  });
});
