import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton, cardInputIds } from '../support/cardButtons.js';
import { businessState } from '../support/storedState.js';
import { ACTORS } from '../support/testWorld.js';

describe('MPSA purchase visibility (Woodgrove), through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;
  const woodgrove = async () => (await northwind()).relationships.find((r) => r.partnerId === 'woodgrove')!;

  /** The value the visibility toggle starts with on a card. */
  function toggleValue(card: unknown): unknown {
    const body = JSON.stringify(card);
    const match = /"id":"mpsaPurchasesVisible"[^}]*?"value":"(true|false)"/.exec(body) ?? /"value":"(true|false)"[^}]*?"id":"mpsaPurchasesVisible"/.exec(body);
    return match?.[1];
  }

  it("Woodgrove's details show the visibility and a toggle to change it", async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'woodgrove' });
    assert.match(cardText(card), /Partner type\nMPSA partner, Advisor/);
    assert.match(cardText(card), /MPSA purchase visibility\nNot allowed/);
    assert.match(cardText(card), /Let Woodgrove Advisors see purchases made by your other MPSA partners/);
    assert.deepEqual(cardInputIds(card), ['mpsaPurchasesVisible']);
    assert.equal(toggleValue(card), 'false');
    assert.equal(cardButton(card, 'setMpsaVisibility').title, 'Save visibility');
  });

  it('turning it on and off again is saved, audited, and shown', async () => {
    const card = await bot.press(ACTORS.billingAdmin, 'showPartner', { partnerId: 'woodgrove' });
    const on = await bot.pressButton(ACTORS.billingAdmin, card, 'setMpsaVisibility', { mpsaPurchasesVisible: 'true' });
    assert.match(cardText(on), /Saved: this MPSA partner can now see purchases made by your other MPSA partners/);
    assert.match(cardText(on), /MPSA purchase visibility\nAllowed/);
    assert.equal(toggleValue(on), 'true');
    let stored = await woodgrove();
    assert.equal(stored.mpsaPurchasesVisible, true);
    assert.equal(stored.version, 2);
    const event = (await northwind()).audit.at(-1)!;
    assert.equal(event.action, 'mpsa.visibilityChanged');
    assert.equal(event.actor.displayName, 'Bill Ramos');
    assert.deepEqual([(event.before as { mpsaPurchasesVisible: boolean }).mpsaPurchasesVisible, (event.after as { mpsaPurchasesVisible: boolean }).mpsaPurchasesVisible], [false, true]);

    const off = await bot.pressButton(ACTORS.billingAdmin, on, 'setMpsaVisibility', { mpsaPurchasesVisible: 'false' });
    assert.match(cardText(off), /Saved: this MPSA partner can no longer see purchases/);
    assert.match(cardText(off), /MPSA purchase visibility\nNot allowed/);
    stored = await woodgrove();
    assert.equal(stored.mpsaPurchasesVisible, false);
    assert.equal(stored.version, 3);
    assert.equal((await northwind()).audit.filter((e) => e.action === 'mpsa.visibilityChanged').length, 2);
  });

  it('saving the same value twice answers that it is already so', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'woodgrove' });
    await bot.pressButton(ACTORS.globalAdmin, card, 'setMpsaVisibility', { mpsaPurchasesVisible: 'true' });
    const again = await bot.pressButton(ACTORS.globalAdmin, card, 'setMpsaVisibility', { mpsaPurchasesVisible: 'true' });
    assert.match(cardText(again), /MPSA purchase visibility is already on/);
    assert.equal((await woodgrove()).version, 2);
  });

  it('is refused for a partner that is not an MPSA partner, and not offered there', async () => {
    const contoso = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'contoso' });
    assert.equal(cardVerbs(contoso).includes('setMpsaVisibility'), false);
    const before = businessState(await northwind());
    const forged = await bot.press(ACTORS.globalAdmin, 'setMpsaVisibility', { partnerId: 'contoso', version: 1, mpsaPurchasesVisible: 'true' });
    assert.match(cardText(forged), /Purchase visibility applies only to MPSA partners, and this partner is not one/);
    assert.deepEqual(businessState(await northwind()), before);
  });

  it('a Global Reader gets no toggle and is refused when forging it', async () => {
    const card = await bot.press(ACTORS.globalReader, 'showPartner', { partnerId: 'woodgrove' });
    assert.match(cardText(card), /MPSA purchase visibility\nNot allowed/);
    assert.deepEqual(cardInputIds(card), []);
    const forged = await bot.press(ACTORS.globalReader, 'setMpsaVisibility', { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'true' });
    assert.match(cardText(forged), /You need one of: Global Administrator, Billing Administrator/);
    assert.equal((await woodgrove()).mpsaPurchasesVisible, false);
  });

  it("another tenant's admin cannot reach Northwind's Woodgrove relationship", async () => {
    const forged = await bot.press(ACTORS.otherTenantAdmin, 'setMpsaVisibility', { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'true' });
    assert.match(cardText(forged), /No relationship "woodgrove" was found for your organization/);
    assert.equal((await woodgrove()).mpsaPurchasesVisible, false);
  });

  it('a toggle value that is not true or false is refused as card data', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'setMpsaVisibility', { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'maybe' });
    assert.match(cardText(card), /This card sent data Partner Desk cannot use/);
    assert.equal((await woodgrove()).version, 1);
  });
});
