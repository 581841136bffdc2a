import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton, cardChoices, cardInputIds } from '../support/cardButtons.js';
import { cardsMatching, partnerChannel, registerPartnerChannel } from '../support/flowSteps.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const NEEDS = 'We need a security review of our Microsoft 365 tenant and a Power BI dashboard before March.';

describe('Find a partner → Contact selected providers → Send, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(NORTHWIND))!;
  /** The partners a results card lets the admin choose, in the order shown. */
  const resultNames = (card: Record<string, unknown>) => cardChoices(card, 'selectedPartners').map((c) => c.title);

  /** Find a partner → search for security and analytics in the United States → choose Proseware and Relecloud. */
  async function contactForm() {
    const find = await bot.press(ACTORS.globalAdmin, 'showFindPartner');
    const results = await bot.pressButton(ACTORS.globalAdmin, find, 'searchPartners', { location: 'United States', organizationSize: '50-249', keywords: 'security analytics' });
    return bot.pressButton(ACTORS.globalAdmin, results, 'startContact', { selectedPartners: 'proseware,relecloud' });
  }

  it('the Find a partner card asks for location, organization size and keywords', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showFindPartner');
    assert.match(cardText(card), /^Find a partner/);
    assert.deepEqual(cardInputIds(card), ['location', 'organizationSize', 'keywords']);
    assert.equal(cardButton(card, 'searchPartners').title, 'Go');
    const { cards } = await bot.say(ACTORS.globalAdmin, 'find partners for security');
    assert.match(cardText(cards[0]), /Services you need\nsecurity/, 'the typed keywords fill the form');
  });

  it('location narrows, size narrows, keywords rank', async () => {
    const find = await bot.press(ACTORS.globalAdmin, 'showFindPartner');
    const seattle = await bot.pressButton(ACTORS.globalAdmin, find, 'searchPartners', { location: 'Seattle', organizationSize: '', keywords: '' });
    assert.match(cardText(seattle), /2 partners in or near Seattle/);
    assert.deepEqual(resultNames(seattle), ['Contoso Cloud Solutions', 'Proseware Security']);
    assert.match(cardText(seattle), /You already work with Contoso Cloud Solutions/);

    const large = await bot.pressButton(ACTORS.globalAdmin, find, 'searchPartners', { location: 'United States', organizationSize: '1000+', keywords: '' });
    assert.deepEqual(resultNames(large), ['Contoso Cloud Solutions', 'Relecloud Data']);

    const ranked = await bot.pressButton(ACTORS.globalAdmin, find, 'searchPartners', { location: 'United States', organizationSize: '50-249', keywords: 'security analytics' });
    assert.match(cardText(ranked), /2 partners in or near United States, for 50–249 employees, matching “security analytics”/);
    assert.deepEqual(resultNames(ranked), ['Proseware Security', 'Relecloud Data']);
    assert.deepEqual(cardInputIds(ranked), ['selectedPartners']);
    assert.deepEqual(cardVerbs(ranked), ['startContact', 'showFindPartner']);
    assert.deepEqual(cardButton(ranked, 'showFindPartner').data, { location: 'United States', organizationSize: '50-249', keywords: 'security analytics' }, 'New search keeps the query');

    const none = await bot.pressButton(ACTORS.globalAdmin, find, 'searchPartners', { location: 'Antarctica' });
    assert.match(cardText(none), /No partner matches/);
    assert.deepEqual(cardInputIds(none), [], 'nothing to choose');
    assert.deepEqual(cardVerbs(none), ['showFindPartner']);
  });

  it('Contact selected providers opens the business-needs form for the chosen partners', async () => {
    const form = await contactForm();
    assert.match(cardText(form), /Contact selected providers/);
    assert.match(cardText(form), /To: Proseware Security, Relecloud Data/);
    assert.match(cardText(form), /jane@northwind\.example/);
    assert.deepEqual(cardInputIds(form), ['businessNeeds']);
    const send = cardButton(form, 'contactPartners');
    assert.equal(send.title, 'Send');
    assert.deepEqual(send.data['partnerIds'], ['proseware', 'relecloud']);
    assert.equal(typeof send.data['requestId'], 'string');
  });

  it('Send delivers the request to each chosen partner channel, once, with who to contact', async () => {
    const proseware = await registerPartnerChannel(bot, 'proseware');
    const relecloud = await registerPartnerChannel(bot, 'relecloud');
    const contoso = await registerPartnerChannel(bot, 'contoso');
    const form = await contactForm();

    const sent = await bot.pressButton(ACTORS.globalAdmin, form, 'contactPartners', { businessNeeds: NEEDS });
    assert.match(cardText(sent), /^Sent to Proseware Security, Relecloud Data/);
    assert.match(cardText(sent), /Request sent/);

    const state = await northwind();
    assert.equal(state.contactRequests.length, 1);
    assert.deepEqual(state.contactRequests[0]?.partnerIds, ['proseware', 'relecloud']);
    assert.equal(state.contactRequests[0]?.businessNeeds, NEEDS);
    assert.equal(state.contactRequests[0]?.sentBy.objectId, ACTORS.globalAdmin.objectId);
    assert.deepEqual(state.audit.filter((e) => e.action === 'partners.contacted').map((e) => e.partnerId), ['proseware', 'relecloud']);

    const again = await bot.pressButton(ACTORS.globalAdmin, form, 'contactPartners', { businessNeeds: NEEDS });
    assert.match(cardText(again), /Already done: this request was sent by Jane Doe at/);
    assert.equal((await northwind()).contactRequests.length, 1);

    await bot.deliverNotifications();
    for (const [channel, name] of [[proseware, 'Proseware Security'], [relecloud, 'Relecloud Data']] as const) {
      const notes = cardsMatching(bot, channel, /would like to work with you/);
      assert.equal(notes.length, 1, `${name} gets the request once`);
      const text = cardText(notes[0]);
      assert.match(text, /Northwind Traders would like to work with you/);
      assert.match(text, new RegExp(`Contact request for ${name}`));
      assert.match(text, /Jane Doe \(jane@northwind\.example\)/);
      assert.match(text, /security review of our Microsoft 365 tenant/);
      assert.deepEqual(cardButton(notes[0], 'showInviteForm').data, { customerTenantId: NORTHWIND });
    }
    assert.equal(cardsMatching(bot, contoso, /would like to work with you/).length, 0, 'a partner not chosen hears nothing');
    assert.equal((await northwind()).outbox.length, 0);
  });

  it('"Invite this customer" on the request opens the invitation form for that customer', async () => {
    const proseware = await registerPartnerChannel(bot, 'proseware');
    await bot.pressButton(ACTORS.globalAdmin, await contactForm(), 'contactPartners', { businessNeeds: NEEDS });
    await bot.deliverNotifications();
    const [request] = cardsMatching(bot, proseware, /would like to work with you/);
    const invite = await bot.pressButton(partnerActor('proseware'), request, 'showInviteForm', {}, partnerChannel('proseware'));
    assert.match(cardText(invite), /Invite a customer/);
    assert.match(cardText(invite), new RegExp(`Customer tenant id\\n${NORTHWIND}`));
  });

  it('too-short business needs keep the form, with the message and the same request', async () => {
    const form = await contactForm();
    const kept = await bot.pressButton(ACTORS.globalAdmin, form, 'contactPartners', { businessNeeds: 'help' });
    assert.match(cardText(kept), /describe your business needs in at least 10 characters/);
    assert.match(cardText(kept), /To: Proseware Security, Relecloud Data/);
    assert.match(cardText(kept), /jane@northwind\.example/, 'the form still says which email partners get');
    assert.deepEqual(cardButton(kept, 'contactPartners').data, cardButton(form, 'contactPartners').data);
    assert.equal((await northwind()).contactRequests.length, 0);

    const sent = await bot.pressButton(ACTORS.globalAdmin, kept, 'contactPartners', { businessNeeds: NEEDS });
    assert.match(cardText(sent), /Request sent/);
    assert.equal((await northwind()).contactRequests.length, 1);
  });

  it('choosing nobody, or a partner that does not exist, asks to choose', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'startContact', { selectedPartners: 'nobody-here' });
    assert.match(cardText(card), /Choose at least one partner to contact/);
    const empty = await bot.press(ACTORS.globalAdmin, 'startContact', {});
    assert.match(cardText(empty), /Choose at least one partner to contact/);
  });

  it('a Helpdesk admin may search but not contact partners', async () => {
    const results = await bot.press(ACTORS.helpdeskAdmin, 'searchPartners', { location: 'Seattle' });
    assert.match(cardText(results), /2 partners in or near Seattle/);
    assert.equal(cardVerbs(results).includes('startContact'), false, 'no Contact button for someone who may not contact');
    assert.match(cardText(results), /Only a Global or Billing admin can contact partners/);
    const refused = await bot.press(ACTORS.helpdeskAdmin, 'startContact', { selectedPartners: 'proseware' });
    assert.match(cardText(refused), /You need one of: Global Administrator, Billing Administrator/);
    assert.equal(cardVerbs(refused).includes('contactPartners'), false);
    const forged = await bot.press(ACTORS.helpdeskAdmin, 'contactPartners', { partnerIds: 'proseware', requestId: 'forged-request-1', businessNeeds: NEEDS });
    assert.match(cardText(forged), /You need one of: Global Administrator, Billing Administrator/);
    assert.equal((await northwind()).contactRequests.length, 0);
    assert.equal((await northwind()).outbox.length, 0);
  });
});
