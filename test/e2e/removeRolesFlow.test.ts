import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton } from '../support/cardButtons.js';
import { cardsMatching, registerPartnerChannel } from '../support/flowSteps.js';
import { businessState } from '../support/storedState.js';
import { ACTORS } from '../support/testWorld.js';

describe('Partner relationships → details → Remove roles, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;
  const contoso = async () => (await northwind()).relationships.find((r) => r.partnerId === 'contoso')!;
  const tailspinContoso = async () => (await bot.app.store.tenants.read(DEMO.tailspin.tenantId))!.relationships.find((r) => r.partnerId === 'contoso')!;

  /** "partners" in chat, then Details for Contoso, as an admin would get there. */
  async function contosoDetails(actor = ACTORS.globalAdmin) {
    const { cards } = await bot.say(actor, 'partners');
    assert.equal(cards.length, 1);
    return bot.pressButton(actor, cards[0], 'showPartner', {}, undefined, 'Details for Contoso Cloud Solutions');
  }

  it('lists the partners, each opening its details', async () => {
    const { cards } = await bot.say(ACTORS.globalAdmin, 'partners');
    const text = cardText(cards[0]);
    assert.match(text, /Partners you work with/);
    assert.match(text, /3 partners · select one for details/);
    assert.match(text, /Contoso Cloud Solutions\nReseller & delegated administrator\nGlobal Administrator, Helpdesk Administrator · MCA accepted/);
    assert.match(text, /Fabrikam IT Services\nReseller\nNo admin roles · MCA not accepted yet/);
    assert.match(text, /Woodgrove Advisors\nMPSA partner, Advisor\nNo admin roles · MCA not needed/);
    assert.deepEqual(cardVerbs(cards[0]).filter((v) => v === 'showPartner').length, 3);
  });

  it('shows the details: types, roles, agreement, since when, and the admin buttons', async () => {
    const card = await contosoDetails();
    const text = cardText(card);
    assert.match(text, /Partner type\nReseller & delegated administrator/);
    assert.match(text, /Admin roles\nGlobal Administrator, Helpdesk Administrator/);
    assert.match(text, /Customer Agreement\nAccepted by Jane Doe/);
    const since = (await contoso()).since.slice(0, 10);
    assert.match(text, new RegExp(`Working together since\\n${since}`));
    assert.deepEqual(cardVerbs(card), ['confirmRemoveRoles', 'confirmEndRelationship', 'showPartners']);
  });

  it('Remove roles asks "Remove roles?" with Yes and No, saying what goes and what stays', async () => {
    const confirm = await bot.pressButton(ACTORS.globalAdmin, await contosoDetails(), 'confirmRemoveRoles');
    const text = cardText(confirm);
    assert.match(text, /^Remove roles\?/);
    assert.match(text, /Contoso Cloud Solutions will lose these admin roles in your organization: \*\*Global Administrator, Helpdesk Administrator\*\*/);
    assert.match(text, /The relationship stays: Contoso Cloud Solutions remains your Reseller/);
    assert.deepEqual(cardVerbs(confirm), ['removeRoles', 'showPartner']);
    assert.equal(cardButton(confirm, 'removeRoles').title, 'Yes');
    assert.equal(cardButton(confirm, 'showPartner').title, 'No');
  });

  it('No returns to the details with nothing changed', async () => {
    const details = await contosoDetails();
    const confirm = await bot.pressButton(ACTORS.globalAdmin, details, 'confirmRemoveRoles');
    const before = businessState(await northwind());
    const back = await bot.pressButton(ACTORS.globalAdmin, confirm, 'showPartner', {}, undefined, 'No');
    assert.deepEqual(back, details, 'the same details card as before');
    assert.deepEqual(businessState(await northwind()), before);
    assert.deepEqual((await contoso()).roles, ['Global Administrator', 'Helpdesk Administrator']);
  });

  it('Yes removes every role, keeps Contoso as Reseller, records it, and tells Contoso in its channel', async () => {
    const channel = await registerPartnerChannel(bot, 'contoso');
    const confirm = await bot.pressButton(ACTORS.billingAdmin, await contosoDetails(ACTORS.billingAdmin), 'confirmRemoveRoles');
    const after = await bot.pressButton(ACTORS.billingAdmin, confirm, 'removeRoles');

    const text = cardText(after);
    assert.match(text, /Admin roles removed from Contoso Cloud Solutions. The relationship stays: still your Reseller. They are being notified in their Teams channel./);
    assert.match(text, /Status\nActive/);
    assert.match(text, /Partner type\nReseller\n/);
    assert.match(text, /Admin roles\nNo admin roles/);
    assert.match(text, /Roles removed\n\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by Bill Ramos/);
    assert.equal(cardVerbs(after).includes('confirmRemoveRoles'), false);
    assert.ok(cardVerbs(after).includes('confirmEndRelationship'), 'the relationship can still be asked to end');

    const stored = await contoso();
    assert.equal(stored.status, 'active');
    assert.deepEqual(stored.types, ['reseller']);
    assert.deepEqual(stored.roles, []);
    assert.equal(stored.rolesRemovedBy?.objectId, ACTORS.billingAdmin.objectId);
    assert.ok(stored.agreement, 'the signed agreement stays');
    const event = (await northwind()).audit.at(-1)!;
    assert.equal(event.action, 'roles.removed');
    assert.deepEqual((event.before as { roles: string[] }).roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.deepEqual((event.after as { roles: string[]; types: string[] }).roles, []);
    assert.deepEqual((event.after as { types: string[] }).types, ['reseller']);

    await bot.deliverNotifications();
    const notes = cardsMatching(bot, channel, /removed your admin roles/);
    assert.equal(notes.length, 1);
    assert.match(cardText(notes[0]), /Northwind Traders removed your admin roles/);
    assert.match(cardText(notes[0]), /The relationship stays as Reseller/);
    assert.match(cardText(notes[0]), /Global Administrator, Helpdesk Administrator/);
    assert.equal((await northwind()).outbox.length, 0);
    assert.deepEqual((await tailspinContoso()).types, ['reseller'], "Tailspin's relationship with Contoso is its own");
    assert.equal((await tailspinContoso()).version, 1);
  });

  it('Yes pressed twice answers "already removed by X at T" and notifies once', async () => {
    const confirm = await bot.pressButton(ACTORS.globalAdmin, await contosoDetails(), 'confirmRemoveRoles');
    await bot.pressButton(ACTORS.globalAdmin, confirm, 'removeRoles');
    const removedAt = (await contoso()).rolesRemovedAt!;
    const again = await bot.pressButton(ACTORS.globalAdmin, confirm, 'removeRoles');
    assert.match(cardText(again), new RegExp(`no admin roles; they were removed by Jane Doe at ${removedAt.slice(0, 10)} ${removedAt.slice(11, 16)} UTC`));
    const state = await northwind();
    assert.equal(state.audit.filter((e) => e.action === 'roles.removed').length, 1);
    assert.equal(state.outbox.filter((n) => n.event === 'rolesRemoved').length, 1);
  });

  it('a confirmation made out of date by another change shows the current state and removes nothing', async () => {
    const confirm = await bot.pressButton(ACTORS.globalAdmin, await contosoDetails(), 'confirmRemoveRoles');
    await bot.press(ACTORS.billingAdmin, 'requestEnd', { partnerId: 'contoso', version: 1, message: 'Please wrap up.' });
    const card = await bot.pressButton(ACTORS.globalAdmin, confirm, 'removeRoles');
    assert.match(cardText(card), /This card is out of date/);
    assert.match(cardText(card), /Admin roles\nGlobal Administrator, Helpdesk Administrator/);
    assert.deepEqual(cardButton(card, 'confirmRemoveRoles').data, { partnerId: 'contoso', version: 2 });
    assert.deepEqual((await contoso()).roles, ['Global Administrator', 'Helpdesk Administrator']);
  });

  for (const name of ['helpdeskAdmin', 'globalReader'] as const) {
    it(`a ${name} sees the details without Remove roles and is refused when forging it`, async () => {
      const details = await contosoDetails(ACTORS[name]);
      assert.match(cardText(details), /Admin roles\nGlobal Administrator, Helpdesk Administrator/);
      assert.deepEqual(cardVerbs(details), ['showPartners']);

      const confirm = await bot.press(ACTORS[name], 'confirmRemoveRoles', { partnerId: 'contoso', version: 1 });
      assert.match(cardText(confirm), /You need one of: Global Administrator, Billing Administrator/);
      assert.doesNotMatch(cardText(confirm), /Remove roles\?/);
      assert.equal(cardVerbs(confirm).includes('removeRoles'), false);

      const forged = await bot.press(ACTORS[name], 'removeRoles', { partnerId: 'contoso', version: 1 });
      assert.match(cardText(forged), /Not allowed: changing your organization's partner relationships takes a Global or Billing admin/);
      assert.deepEqual((await contoso()).roles, ['Global Administrator', 'Helpdesk Administrator']);
      assert.equal((await northwind()).outbox.length, 0);
    });
  }

  it('a user without an admin role cannot even read the partners', async () => {
    const { cards } = await bot.say(ACTORS.plainUser, 'partners');
    assert.match(cardText(cards[0]), /takes an admin or Global Reader role/);
    const forged = await bot.press(ACTORS.plainUser, 'removeRoles', { partnerId: 'contoso', version: 1 });
    assert.match(cardText(forged), /You need one of: Global Administrator, Billing Administrator/);
    assert.deepEqual((await contoso()).roles, ['Global Administrator', 'Helpdesk Administrator']);
  });

  it('Remove roles for a partner without roles says there is nothing to remove', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'confirmRemoveRoles', { partnerId: 'fabrikam', version: 1 });
    assert.match(cardText(card), /Fabrikam IT Services holds no admin roles. Nothing to remove./);
    assert.equal(cardVerbs(card).includes('removeRoles'), false);
  });
});
