import assert from 'node:assert/strict';
import { BotHarness, cardText } from '../support/botHarness.js';
import { cardButtons } from '../support/cardButtons.js';
import { TEAMS_CARD_BYTE_LIMIT } from '../support/cardChecks.js';
import { partnerChannel } from '../support/flowSteps.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';
import { DEMO } from '../../storage/demoIdentities.js';

/** 43 customer organizations besides Northwind and Tailspin, which Contoso already works with. */
const NEW_CUSTOMERS = Array.from({ length: 43 }, (_, i) => `0000aaaa-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);

describe('A list longer than a card shows: twenty rows at a time, with Previous and Next, through POST /api/messages', () => {
  let bot: BotHarness;
  const contoso = partnerActor('contoso');
  const place = partnerChannel('contoso');

  before(async () => {
    bot = await BotHarness.start();
    for (const [i, tenantId] of NEW_CUSTOMERS.entries()) {
      // An organization is known to Partner Desk once one of its people has talked to the bot.
      await bot.say({ objectId: `0000bbbb-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, tenantId, displayName: `Admin ${i + 1}` }, 'help');
      const sent = await bot.press(contoso, 'createInvitation', { partnerId: 'contoso', customerTenantId: tenantId, types: 'resellerAndDelegatedAdministrator', roles: 'Global Administrator' }, place);
      assert.match(cardText(sent), /Invitation sent/, `invitation ${i + 1}`);
    }
  });
  after(async () => { await bot.stop(); });

  const rows = (card: unknown) => cardButtons(card).filter((b) => b.verb === 'confirmEndAsPartner' || b.verb === 'withdrawInvitation').length;
  const pager = (card: unknown) => cardButtons(card).filter((b) => b.verb === 'showMyCustomers').map((b) => `${b.title} ${String(b.data['page'])}`);
  const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

  it('"my customers" shows the first twenty of 45, says so, and offers the next page', async () => {
    const { cards } = await bot.say(contoso, 'my customers', place);
    const card = cards[0]!;
    assert.match(cardText(card), /Customers of Contoso Cloud Solutions\n45 customers/);
    assert.match(cardText(card), /Showing 1–20 of 45/);
    assert.equal(rows(card), 20);
    assert.deepEqual(pager(card), ['Next › 2']);
    assert.ok(bytes(card) < TEAMS_CARD_BYTE_LIMIT, `${bytes(card)} bytes`);
  });

  it('Next and Previous move a page at a time; the last page shows what is left', async () => {
    const first = (await bot.say(contoso, 'my customers', place)).cards[0];
    const second = await bot.pressButton(contoso, first, 'showMyCustomers', {}, place, 'Next ›');
    assert.match(cardText(second), /Showing 21–40 of 45/);
    assert.equal(rows(second), 20);
    assert.deepEqual(pager(second), ['‹ Previous 1', 'Next › 3']);

    const last = await bot.pressButton(contoso, second, 'showMyCustomers', {}, place, 'Next ›');
    assert.match(cardText(last), /Showing 41–45 of 45/);
    assert.equal(rows(last), 5);
    assert.deepEqual(pager(last), ['‹ Previous 2']);

    const back = await bot.pressButton(contoso, last, 'showMyCustomers', {}, place, '‹ Previous');
    assert.equal(cardText(back), cardText(second));
    for (const card of [second, last]) assert.ok(bytes(card) < TEAMS_CARD_BYTE_LIMIT, `${bytes(card)} bytes`);
  });

  it('a page past the end (an old card, rows gone since) shows the last page', async () => {
    const card = await bot.press(contoso, 'showMyCustomers', { page: '99' }, place);
    assert.match(cardText(card), /Showing 41–45 of 45/);
  });

  it('a page that is no page number is refused, with a card that says so', async () => {
    for (const page of ['x', 0, -1, 1.5, '1e3']) {
      const card = await bot.press(contoso, 'showMyCustomers', { page }, place);
      assert.match(cardText(card), /This card sent data Partner Desk cannot use\n.*page/, String(page));
    }
  });

  it('a list that fits on one card has no pager', async () => {
    const card = await bot.press(partnerActor('adatum'), 'showMyCustomers', {}, partnerChannel('adatum'));
    assert.doesNotMatch(cardText(card), /Showing/);
    assert.deepEqual(pager(card), []);
  });
});

describe("A customer's long lists (partners, pending invitations), page by page, through POST /api/messages", () => {
  let bot: BotHarness;
  const admin = ACTORS.globalAdmin;
  const titles = (card: unknown, verb: string) => cardButtons(card).filter((b) => b.verb === verb && b.data['page'] !== undefined).map((b) => `${b.title} ${String(b.data['page'])}`);

  before(async () => {
    bot = await BotHarness.start();
    // Set up in the real store: 40 more relationships and 40 more pending invitations, copies of Northwind's own
    // under other partner ids (a partner the directory does not list is shown by its id).
    await bot.app.store.tenants.transact(DEMO.northwind.tenantId, (draft) => {
      const relationship = draft.relationships[0]!;
      const invitation = draft.invitations.find((i) => i.status === 'pending')!;
      for (let i = 1; i <= 40; i++) {
        draft.relationships.push({ ...relationship, partnerId: `extra-partner-${String(i).padStart(2, '0')}` });
        draft.invitations.push({ ...invitation, id: `extra-invitation-${i}`, partnerId: `extra-partner-${String(i).padStart(2, '0')}` });
      }
      return { commit: true, value: undefined };
    });
  });
  after(async () => { await bot.stop(); });

  it('the partners list shows twenty at a time, and Next goes on', async () => {
    const { cards } = await bot.say(admin, 'partners');
    const all = (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!.relationships.length;
    assert.match(cardText(cards[0]), new RegExp(`Showing 1–20 of ${all}`));
    assert.deepEqual(titles(cards[0], 'showPartners'), ['Next › 2']);
    const second = await bot.pressButton(admin, cards[0], 'showPartners', {}, { kind: 'personal' }, 'Next ›');
    assert.match(cardText(second), new RegExp(`Showing 21–40 of ${all}`));
    assert.deepEqual(titles(second, 'showPartners'), ['‹ Previous 1', 'Next › 3']);
  });

  it('the pending invitations list shows twenty at a time, and Next goes on', async () => {
    const first = await bot.press(admin, 'showPending');
    assert.match(cardText(first), /Showing 1–20 of 4\d/);
    const second = await bot.pressButton(admin, first, 'showPending', {}, { kind: 'personal' }, 'Next ›');
    assert.match(cardText(second), /Showing 21–40 of 4\d/);
    assert.ok(Buffer.byteLength(JSON.stringify(second)) < TEAMS_CARD_BYTE_LIMIT);
  });
});
