import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton, cardInputIds } from '../support/cardButtons.js';
import { cardsMatching, partnerChannel, registerPartnerChannel } from '../support/flowSteps.js';
import { businessState } from '../support/storedState.js';
import { personalConversationId } from '../support/teamsActivities.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const CONTOSO = partnerChannel('contoso');

describe('End a relationship: the customer asks, the partner ends it, through POST /api/messages', () => {
  let bot: BotHarness;
  let contosoChannel: string;
  beforeEach(async () => {
    bot = await BotHarness.start();
    contosoChannel = await registerPartnerChannel(bot, 'contoso');
  });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(NORTHWIND))!;
  const tailspin = async () => (await bot.app.store.tenants.read(DEMO.tailspin.tenantId))!;
  const contoso = async () => (await northwind()).relationships.find((r) => r.partnerId === 'contoso')!;

  /** Jane opens Contoso's details, asks to end the relationship with a message, and the request reaches Contoso. */
  async function customerAsksToEnd(message = 'We are consolidating partners. Thanks for everything!') {
    const details = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'contoso' });
    const form = await bot.pressButton(ACTORS.globalAdmin, details, 'confirmEndRelationship');
    const after = await bot.pressButton(ACTORS.globalAdmin, form, 'requestEnd', { message });
    await bot.deliverNotifications();
    return { form, after };
  }

  it('the customer asks with a message: recorded, and the request card with End relationship reaches the partner channel', async () => {
    const { form, after } = await customerAsksToEnd();
    assert.match(cardText(form), /Ask Contoso Cloud Solutions to end the relationship/);
    assert.match(cardText(form), /Only the partner can end a relationship/);
    assert.deepEqual(cardInputIds(form), ['message']);
    assert.deepEqual(cardVerbs(form), ['requestEnd', 'showPartner']);

    assert.match(cardText(after), /Request sent to Contoso Cloud Solutions. You'll be told when they end the relationship./);
    assert.match(cardText(after), /End requested\n\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by Jane Doe/);
    assert.equal(cardVerbs(after).includes('confirmEndRelationship'), false, 'asked once, no second button');

    const stored = await contoso();
    assert.equal(stored.status, 'active', 'only the partner ends it');
    assert.equal(stored.endRequestedBy?.objectId, ACTORS.globalAdmin.objectId);
    assert.equal((await northwind()).audit.at(-1)?.action, 'relationship.endRequested');

    const [request, ...more] = cardsMatching(bot, contosoChannel, /asks you to end the relationship/);
    assert.equal(more.length, 0);
    assert.match(cardText(request), /Northwind Traders asks you to end the relationship/);
    assert.match(cardText(request), /Jane Doe \(jane@northwind\.example\)/);
    assert.match(cardText(request), /We are consolidating partners\. Thanks for everything!/);
    assert.deepEqual(cardButton(request, 'confirmEndAsPartner').data, { customerTenantId: NORTHWIND });
    assert.equal(cardButton(request, 'confirmEndAsPartner').title, 'End relationship');
    assert.equal((await northwind()).outbox.length, 0);
  });

  it("the customer's message is shown as text: no links or formatting smuggled into the partner's card", async () => {
    await customerAsksToEnd('Click [here](https://evil.example) **now**');
    const [request] = cardsMatching(bot, contosoChannel, /asks you to end the relationship/);
    // The link syntax is broken apart, so the text reads as written and no "here" link points anywhere.
    assert.match(cardText(request), /Click \[here\] \(https:\/\/evil\.example\) \*\*now\*\*/);
    assert.doesNotMatch(JSON.stringify(request), /\]\(https:\/\/evil/);
  });

  it('asking twice answers "already requested by X at T" and sends one request', async () => {
    const { form } = await customerAsksToEnd();
    const requestedAt = (await contoso()).endRequestedAt!;
    const again = await bot.pressButton(ACTORS.billingAdmin, form, 'requestEnd', { message: 'again' });
    assert.match(cardText(again), new RegExp(`ending this relationship was requested by Jane Doe at ${requestedAt.slice(0, 10)} ${requestedAt.slice(11, 16)} UTC`));
    await bot.deliverNotifications();
    assert.equal(cardsMatching(bot, contosoChannel, /asks you to end the relationship/).length, 1);
  });

  it('the partner ends it from the request: customer admins with a personal chat are told, Tailspin is untouched', async () => {
    await bot.install(ACTORS.globalAdmin);
    await bot.install(ACTORS.billingAdmin);
    await bot.install(ACTORS.helpdeskAdmin);
    await bot.install(ACTORS.otherTenantAdmin);
    const tailspinBefore = businessState(await tailspin());
    await customerAsksToEnd();

    const [request] = cardsMatching(bot, contosoChannel, /asks you to end the relationship/);
    const confirm = await bot.pressButton(partnerActor('contoso'), request, 'confirmEndAsPartner', {}, CONTOSO);
    assert.match(cardText(confirm), /End the relationship with Northwind Traders\?/);
    assert.match(cardText(confirm), /Every partner type and admin role Contoso Cloud Solutions holds with Northwind Traders goes/);
    assert.deepEqual(cardVerbs(confirm), ['endRelationship', 'showMyCustomers']);
    assert.equal(cardButton(confirm, 'endRelationship').title, 'Yes, end it');

    const ended = await bot.pressButton(partnerActor('contoso'), confirm, 'endRelationship', {}, CONTOSO);
    assert.match(cardText(ended), /Relationship ended. All types and admin roles are gone; the customer has been told./);
    assert.match(cardText(ended), /Northwind Traders\nEnded \d{4}-\d{2}-\d{2}/);
    assert.match(cardText(ended), /Tailspin Toys\nReseller/);

    const stored = await contoso();
    assert.equal(stored.status, 'ended');
    assert.deepEqual(stored.types, []);
    assert.deepEqual(stored.roles, []);
    assert.equal(stored.endedBy?.objectId, partnerActor('contoso').objectId);
    const event = (await northwind()).audit.at(-1)!;
    assert.equal(event.action, 'relationship.ended');
    assert.equal(event.actor.tenantId, DEMO.partners.contoso.tenantId);

    await bot.deliverNotifications();
    for (const admin of [ACTORS.globalAdmin, ACTORS.billingAdmin]) {
      const notes = cardsMatching(bot, personalConversationId(admin), /ended the relationship/);
      assert.equal(notes.length, 1, `${admin.displayName} is told once`);
      assert.match(cardText(notes[0]), /Contoso Cloud Solutions ended the relationship/);
      assert.match(cardText(notes[0]), /Carla Diaz/);
    }
    assert.equal(cardsMatching(bot, personalConversationId(ACTORS.helpdeskAdmin), /ended the relationship/).length, 0, 'only Global and Billing admins are told');
    assert.equal(bot.channel.cardsTo(personalConversationId(ACTORS.otherTenantAdmin)).length, 1, 'Tailspin only ever got its welcome');
    assert.deepEqual(businessState(await tailspin()), tailspinBefore);
    assert.equal((await tailspin()).relationships[0]?.status, 'active');
    assert.equal((await northwind()).outbox.length, 0);
  });

  it('after the end, the customer sees it ended and can no longer act on the relationship', async () => {
    await bot.press(partnerActor('contoso'), 'endRelationship', { customerTenantId: NORTHWIND, version: 1 }, CONTOSO);
    const { cards } = await bot.say(ACTORS.globalAdmin, 'partners');
    // Still listed, last and marked, so the admin sees where the partner went.
    assert.match(cardText(cards[0]), /2 partners · select one for details · 1 ended/);
    assert.match(cardText(cards[0]), /Woodgrove Advisors[\s\S]*Contoso Cloud Solutions\nRelationship ended \d{4}-\d{2}-\d{2} by Carla Diaz/);
    const details = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'contoso' });
    assert.match(cardText(details), /Status\nEnded \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by Carla Diaz/);
    assert.deepEqual(cardVerbs(details), ['showPartners']);
    const refused = await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 2 });
    assert.match(cardText(refused), /Already done: the relationship was ended by Carla Diaz/);
  });

  it('ending twice answers "already ended by X at T" and tells the customer once', async () => {
    await bot.install(ACTORS.globalAdmin);
    const confirm = await bot.press(partnerActor('contoso'), 'confirmEndAsPartner', { customerTenantId: NORTHWIND }, CONTOSO);
    await bot.pressButton(partnerActor('contoso'), confirm, 'endRelationship', {}, CONTOSO);
    const again = await bot.pressButton(partnerActor('contoso'), confirm, 'endRelationship', {}, CONTOSO);
    assert.match(cardText(again), /Already done: the relationship was ended by Carla Diaz at/);
    await bot.deliverNotifications();
    assert.equal(cardsMatching(bot, personalConversationId(ACTORS.globalAdmin), /ended the relationship/).length, 1);
    assert.equal((await northwind()).audit.filter((e) => e.action === 'relationship.ended').length, 1);
  });

  it('a read-only user cannot ask to end the relationship', async () => {
    const details = await bot.press(ACTORS.helpdeskAdmin, 'showPartner', { partnerId: 'contoso' });
    assert.equal(cardVerbs(details).includes('confirmEndRelationship'), false);
    const form = await bot.press(ACTORS.helpdeskAdmin, 'confirmEndRelationship', { partnerId: 'contoso', version: 1 });
    assert.doesNotMatch(cardText(form), /Ask Contoso Cloud Solutions to end/);
    const forged = await bot.press(ACTORS.helpdeskAdmin, 'requestEnd', { partnerId: 'contoso', version: 1, message: 'bye' });
    assert.match(cardText(forged), /You need one of: Global Administrator, Billing Administrator/);
    assert.equal((await contoso()).endRequestedAt, undefined);
    await bot.deliverNotifications();
    assert.equal(cardsMatching(bot, contosoChannel, /asks you to end/).length, 0);
  });
});
