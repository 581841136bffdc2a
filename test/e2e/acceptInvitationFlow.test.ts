import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { personalConversationId } from '../support/teamsActivities.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

describe('Accept agreement & authorize partner, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;

  it('welcomes an admin on install, by role, and remembers the chat', async () => {
    const result = await bot.install(ACTORS.globalAdmin);
    assert.equal(result.status, 200);
    const [welcome] = bot.channel.cardsTo(personalConversationId(ACTORS.globalAdmin));
    assert.match(cardText(welcome), /As a Global or Billing admin/);
    assert.deepEqual(cardVerbs(welcome), ['showPending', 'showPartners', 'showFindPartner', 'showHistory']);
    assert.ok((await northwind()).conversations[personalConversationId(ACTORS.globalAdmin)]);
  });

  it('shows one card per pending invitation with Accept & Authorize and Cancel invitation', async () => {
    const { cards } = await bot.say(ACTORS.globalAdmin, 'pending invitations');
    assert.equal(cards.length, 2);
    const adatum = cards.find((c) => cardText(c).includes('Adatum Consulting'))!;
    assert.match(cardText(adatum), /Global Administrator, Helpdesk Administrator/);
    assert.match(cardText(adatum), /Microsoft Customer Agreement/);
    assert.deepEqual(cardVerbs(adatum), ['acceptInvitation', 'cancelInvitation']);
  });

  it('accepts, shows the list of partners, and tells the partner in its registered channel', async () => {
    const adatumChannel = '19:adatum-ops@thread.tacv2';
    await bot.say(partnerActor('adatum'), 'register channel', { kind: 'channel', channelId: adatumChannel });
    await bot.press(partnerActor('adatum'), 'registerChannel', {}, { kind: 'channel', channelId: adatumChannel });

    const card = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /Adatum Consulting is now authorized/);
    assert.match(cardText(card), /Partners you work with/);
    assert.ok(cardVerbs(card).includes('showPartner'));
    assert.equal((await northwind()).invitations.find((i) => i.id === DEMO.invitations.adatumDap)?.status, 'accepted');

    await bot.deliverNotifications();
    const [notice] = bot.channel.cardsTo(adatumChannel).slice(-1);
    assert.match(cardText(notice), /Northwind Traders accepted your invitation/);
    assert.equal((await northwind()).outbox.length, 0);
  });

  it('answers the same card pressed again with who accepted it and when, granting nothing twice', async () => {
    const data = { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' };
    await bot.press(ACTORS.globalAdmin, 'acceptInvitation', data);
    const again = await bot.press(ACTORS.billingAdmin, 'acceptInvitation', data);
    assert.match(cardText(again), /already accepted by Jane Doe/);
    assert.deepEqual(cardVerbs(again).filter((v) => v === 'acceptInvitation'), []);
    assert.equal((await northwind()).audit.filter((e) => e.action === 'invitation.accepted').length, 1);
  });

  it('refuses without the acknowledgement and keeps the form', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'false' });
    assert.match(cardText(card), /confirm that you have read the Microsoft Customer Agreement/i);
    assert.ok(cardVerbs(card).includes('acceptInvitation'));
    assert.equal((await northwind()).invitations.find((i) => i.id === DEMO.invitations.adatumDap)?.status, 'pending');
  });

  it('refuses a Helpdesk admin, naming the roles needed', async () => {
    const card = await bot.press(ACTORS.helpdeskAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /Global Administrator, Billing Administrator/);
    assert.equal((await northwind()).invitations.find((i) => i.id === DEMO.invitations.adatumDap)?.status, 'pending');
  });
});
