import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton, cardInputIds } from '../support/cardButtons.js';
import { businessState } from '../support/storedState.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

const FABRIKAM_CHANNEL = '19:fabrikam-sales@thread.tacv2';
const inFabrikamChannel = { kind: 'channel', channelId: FABRIKAM_CHANNEL } as const;

describe('Accept the Microsoft Customer Agreement alone (Fabrikam), through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;
  const fabrikam = async () => (await northwind()).relationships.find((r) => r.partnerId === 'fabrikam')!;

  it("Fabrikam's details say the agreement is missing and carry the Accept form", async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'fabrikam' });
    const text = cardText(card);
    assert.match(text, /Fabrikam IT Services/);
    assert.match(text, /MCA not accepted yet/);
    assert.match(text, /Review and accept the Microsoft Customer Agreement/);
    assert.match(text, /can't buy or manage subscriptions for you until an admin accepts/);
    assert.match(text, /\(https:\/\/www\.microsoft\.com\/licensing\/docs\/customeragreement\)/);
    assert.ok(cardInputIds(card).includes('agreementAcknowledged'));
    assert.equal(cardButton(card, 'acceptAgreement').title, 'Accept');
    assert.equal(cardVerbs(card).includes('confirmRemoveRoles'), false, 'a plain Reseller has no roles to remove');
  });

  it("Contoso, which signed, shows who accepted and offers no Accept", async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'contoso' });
    assert.match(cardText(card), /Accepted by Jane Doe · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · MCA-2024-01/);
    assert.equal(cardVerbs(card).includes('acceptAgreement'), false);
  });

  it('Accept records who, when and which version, shows the partners with a banner, and tells Fabrikam', async () => {
    await bot.install(partnerActor('fabrikam'), inFabrikamChannel);
    await bot.press(partnerActor('fabrikam'), 'registerChannel', {}, inFabrikamChannel);

    const details = await bot.press(ACTORS.billingAdmin, 'showPartner', { partnerId: 'fabrikam' });
    const after = await bot.pressButton(ACTORS.billingAdmin, details, 'acceptAgreement', { agreementAcknowledged: 'true' });
    assert.match(cardText(after), /Microsoft Customer Agreement accepted for Fabrikam IT Services/);
    assert.match(cardText(after), /Partners you work with/);
    assert.ok(cardVerbs(after).includes('showPartner'));
    assert.match(cardText(after), /Fabrikam IT Services\nReseller\nNo admin roles · MCA accepted \d{4}-\d{2}-\d{2}/);

    const stored = await fabrikam();
    assert.equal(stored.agreement?.acceptedBy.objectId, ACTORS.billingAdmin.objectId);
    assert.equal(stored.agreement?.acceptedBy.displayName, 'Bill Ramos');
    assert.equal(stored.agreement?.acceptedBy.email, 'bill@northwind.example');
    assert.equal(stored.agreement?.agreementVersion, 'MCA-2024-01');
    assert.ok(Math.abs(Date.parse(stored.agreement!.acceptedAt) - Date.now()) < 60_000);
    assert.equal(stored.version, 2);
    const event = (await northwind()).audit.at(-1)!;
    assert.equal(event.action, 'agreement.accepted');
    assert.equal(event.partnerId, 'fabrikam');
    assert.equal(event.actor.objectId, ACTORS.billingAdmin.objectId);

    await bot.deliverNotifications();
    const notes = bot.channel.cardsTo(FABRIKAM_CHANNEL).filter((c) => /Customer Agreement/.test(cardText(c)));
    assert.equal(notes.length, 1);
    assert.match(cardText(notes[0]), /Northwind Traders accepted the Microsoft Customer Agreement/);
    assert.match(cardText(notes[0]), /Bill Ramos/);
    assert.equal((await northwind()).outbox.length, 0);
  });

  it('the same card pressed again answers "accepted by X at T" and records nothing twice', async () => {
    const details = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'fabrikam' });
    await bot.pressButton(ACTORS.globalAdmin, details, 'acceptAgreement', { agreementAcknowledged: 'true' });
    const acceptedAt = (await fabrikam()).agreement!.acceptedAt;
    const before = businessState(await northwind());

    const again = await bot.pressButton(ACTORS.billingAdmin, details, 'acceptAgreement', { agreementAcknowledged: 'true' });
    assert.match(cardText(again), new RegExp(`accepted by Jane Doe at ${acceptedAt.slice(0, 10)} ${acceptedAt.slice(11, 16)} UTC`));
    assert.equal(cardVerbs(again).includes('acceptAgreement'), false, 'the current card has no Accept any more');
    assert.deepEqual(businessState(await northwind()), before);
    assert.equal((await fabrikam()).agreement?.acceptedBy.displayName, 'Jane Doe');
  });

  it('refuses without the acknowledgement toggle, keeping the form', async () => {
    const details = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'fabrikam' });
    for (const inputs of [{ agreementAcknowledged: 'false' }, {}]) {
      const card = await bot.pressButton(ACTORS.globalAdmin, details, 'acceptAgreement', inputs);
      assert.match(cardText(card), /Please confirm that you have read the Microsoft Customer Agreement/);
      assert.ok(cardVerbs(card).includes('acceptAgreement'));
    }
    assert.equal((await fabrikam()).agreement, undefined);
    assert.equal((await northwind()).audit.some((e) => e.action === 'agreement.accepted'), false);
  });

  it('refuses a Global Reader who forges the button, naming the roles', async () => {
    const card = await bot.press(ACTORS.globalReader, 'showPartner', { partnerId: 'fabrikam' });
    assert.equal(cardVerbs(card).includes('acceptAgreement'), false, 'a reader sees no Accept');
    const forged = await bot.press(ACTORS.globalReader, 'acceptAgreement', { partnerId: 'fabrikam', version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(forged), /You need one of: Global Administrator, Billing Administrator/);
    assert.equal((await fabrikam()).agreement, undefined);
  });

  it('refuses for a partner that does not sell to Northwind (Woodgrove), changing nothing', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'acceptAgreement', { partnerId: 'woodgrove', version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /needs no Microsoft Customer Agreement/);
    assert.equal((await northwind()).relationships.find((r) => r.partnerId === 'woodgrove')?.agreement, undefined);
  });
});
