import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { ACTORS } from '../support/testWorld.js';

describe('Audit trail in chat: "history", "history <partner>", showHistory, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start();
    // Three changes on top of the demo's two invitations.
    await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    await bot.press(ACTORS.billingAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
    await bot.press(ACTORS.globalAdmin, 'setMpsaVisibility', { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'true' });
  });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;

  it('stores every change with who, when, tenant, partner and before → after', async () => {
    const audit = (await northwind()).audit;
    assert.deepEqual(audit.map((e) => e.action), ['invitation.created', 'invitation.created', 'invitation.accepted', 'roles.removed', 'mpsa.visibilityChanged']);
    for (const event of audit) assert.equal(event.tenantId, DEMO.northwind.tenantId);
    const removed = audit[3]!;
    assert.equal(removed.partnerId, 'contoso');
    assert.equal(removed.actor.objectId, ACTORS.billingAdmin.objectId);
    assert.ok(Math.abs(Date.parse(removed.at) - Date.now()) < 60_000);
    assert.ok(removed.before && removed.after);
  });

  it('"history" shows the latest changes, newest first, in words', async () => {
    const { cards, texts } = await bot.say(ACTORS.globalAdmin, 'history');
    assert.deepEqual(texts, []);
    const text = cardText(cards[0]);
    assert.match(text, /^History\nLatest 5 changes/);
    const order = ['Woodgrove Advisors: changed MPSA purchase visibility', 'Contoso Cloud Solutions: removed the admin roles', 'Adatum Consulting: accepted the invitation and authorized the partner', 'Litware Licensing: sent an invitation', 'Adatum Consulting: sent an invitation'];
    const positions = order.map((line) => text.indexOf(line));
    assert.ok(positions.every((p) => p >= 0), `every change is listed: ${positions.join(', ')}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'newest first');
    assert.match(text, /Bill Ramos · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\ntypes: Reseller & delegated administrator → Reseller; roles: Global Administrator, Helpdesk Administrator → none/);
    assert.match(text, /MPSA visibility: no → yes/);
    assert.deepEqual(cardVerbs(cards[0]), ['showPartners', 'showPending']);
  });

  it('"history Contoso" and "history for fabrikm" narrow to one partner', async () => {
    const { cards } = await bot.say(ACTORS.globalAdmin, 'history Contoso');
    const text = cardText(cards[0]);
    assert.match(text, /Latest 1 change for Contoso Cloud Solutions/);
    assert.match(text, /Contoso Cloud Solutions: removed the admin roles/);
    assert.doesNotMatch(text, /Adatum|Woodgrove|Litware/);

    const typo = await bot.say(ACTORS.globalAdmin, 'history for fabrikm');
    assert.match(cardText(typo.cards[0]), /Nothing recorded yet/);
    assert.match(cardText(typo.cards[0]), /No changes recorded for Fabrikam IT Services/);
  });

  it('"history <unknown>" says so and shows the whole history', async () => {
    const { texts, cards } = await bot.say(ACTORS.globalAdmin, 'history Globex');
    assert.deepEqual(texts, ['No partner matches “globex”; here is the whole history.']);
    assert.match(cardText(cards[0]), /Latest 5 changes/);
  });

  it('the History button (showHistory) answers with the same trail, whole or for one partner', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showHistory');
    assert.match(cardText(card), /Latest 5 changes/);
    const adatum = await bot.press(ACTORS.globalAdmin, 'showHistory', { partnerId: 'adatum' });
    assert.match(cardText(adatum), /Latest 2 changes for Adatum Consulting/);
    assert.match(cardText(adatum), /Adatum Consulting: accepted the invitation and authorized the partner\nJane Doe · [^\n]+\nstatus: none → active; types: none → Reseller & delegated administrator; roles: none → Global Administrator, Helpdesk Administrator; MCA: no → yes/);
    assert.match(cardText(adatum), /Adatum Consulting: sent an invitation\nAda Quinn/);
  });

  it('Helpdesk admins and Global Readers may read it; a user without a role may not', async () => {
    for (const actor of [ACTORS.helpdeskAdmin, ACTORS.globalReader]) {
      const { cards } = await bot.say(actor, 'history');
      assert.match(cardText(cards[0]), /Latest 5 changes/);
    }
    const { cards } = await bot.say(ACTORS.plainUser, 'history');
    assert.match(cardText(cards[0]), /reading your organization's partner relationships takes an admin or Global Reader role/);
    assert.match(cardText(cards[0]), /You need one of: Global Administrator, Billing Administrator, Helpdesk Administrator, Global Reader/);
    assert.doesNotMatch(cardText(cards[0]), /Contoso|Adatum/);
  });

  it("another tenant's admin sees only their own organization's trail", async () => {
    const { cards } = await bot.say(ACTORS.otherTenantAdmin, 'history');
    assert.match(cardText(cards[0]), /Nothing recorded yet/);
    const forged = await bot.press(ACTORS.otherTenantAdmin, 'showHistory', { partnerId: 'contoso', tenantId: DEMO.northwind.tenantId });
    assert.match(cardText(forged), /Nothing recorded yet/);
  });
});
