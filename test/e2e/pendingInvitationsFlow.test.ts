import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { cardButton } from '../support/cardButtons.js';
import { businessState } from '../support/storedState.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';
import { editable } from '../../domain/editable.js';

const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;
const LITWARE_CHANNEL = '19:litware-sales@thread.tacv2';
const DAY = 86_400_000;

describe('Pending invitations: list, review, cancel, stale and expired cards, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;
  const invitation = async (id: string) => (await northwind()).invitations.find((i) => i.id === id)!;

  async function registerLitwareChannel() {
    const place = { kind: 'channel', channelId: LITWARE_CHANNEL } as const;
    await bot.say(partnerActor('litware'), 'register channel', place);
    const card = await bot.press(partnerActor('litware'), 'registerChannel', {}, place);
    assert.match(cardText(card), /This channel is registered/);
  }

  it('"pending invitations" answers with one reviewable card per invitation, newest first', async () => {
    const { cards } = await bot.say(ACTORS.billingAdmin, 'pending invitations');
    assert.deepEqual(cards.map((c) => cardText(c).split('\n')[0]), ['Litware Licensing wants to work with you', 'Adatum Consulting wants to work with you']);
    const litware = cards[0]!;
    assert.match(cardText(litware), /Reseller/);
    assert.match(cardText(litware), /No admin roles/);
    assert.match(cardText(litware), /I have read the Microsoft Customer Agreement/);
    assert.deepEqual(cardButton(litware, 'acceptInvitation').data, { invitationId: LITWARE, version: 1 });
    assert.deepEqual(cardButton(litware, 'cancelInvitation').data, { invitationId: LITWARE, version: 1 });
  });

  it('shows read-only users the invitations without Accept or Cancel', async () => {
    const { cards } = await bot.say(ACTORS.helpdeskAdmin, 'pending');
    assert.equal(cards.length, 2);
    for (const card of cards) {
      assert.deepEqual(cardVerbs(card), ['showPending', 'showPartners']);
      assert.doesNotMatch(cardText(card), /I have read the Microsoft Customer Agreement/);
    }
  });

  it('showPending lists every invitation on one card; Review opens the invitation with the Accept form', async () => {
    const list = await bot.press(ACTORS.globalAdmin, 'showPending');
    assert.match(cardText(list), /2 invitations waiting/);
    assert.deepEqual(cardVerbs(list), ['showInvitation', 'showInvitation', 'showPartners', 'showHistory']);

    const card = await bot.pressButton(ACTORS.globalAdmin, list, 'showInvitation', {}, undefined, 'Review Adatum Consulting');
    assert.match(cardText(card), /Adatum Consulting wants to work with you/);
    assert.match(cardText(card), /Global Administrator, Helpdesk Administrator/);
    assert.match(cardText(card), /We would like to manage your Microsoft 365 security baseline/);
    assert.match(cardText(card), /Waiting for you/);
    assert.deepEqual(cardVerbs(card), ['acceptInvitation', 'cancelInvitation']);
  });

  it('says so when no invitation is waiting', async () => {
    const first = await bot.press(ACTORS.globalAdmin, 'showInvitation', { invitationId: LITWARE });
    await bot.pressButton(ACTORS.globalAdmin, first, 'cancelInvitation');
    const second = await bot.press(ACTORS.globalAdmin, 'showInvitation', { invitationId: ADATUM });
    await bot.pressButton(ACTORS.globalAdmin, second, 'cancelInvitation');
    const list = await bot.press(ACTORS.globalAdmin, 'showPending');
    assert.match(cardText(list), /No invitations are waiting for your organization/);
    assert.deepEqual(cardVerbs(list), ['showPartners', 'showHistory']);
  });

  it('cancels an invitation: no roles, an audit event, and the partner is told in its channel once registered', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showInvitation', { invitationId: LITWARE });
    const after = await bot.pressButton(ACTORS.globalAdmin, card, 'cancelInvitation');
    assert.match(cardText(after), /Invitation cancelled: no roles were granted to Litware Licensing/);
    assert.match(cardText(after), /Cancelled by Jane Doe/);
    assert.deepEqual(cardVerbs(after), ['showPending', 'showPartners'], 'a cancelled invitation offers no Accept');

    const state = await northwind();
    const stored = state.invitations.find((i) => i.id === LITWARE)!;
    assert.equal(stored.status, 'cancelled');
    assert.equal(stored.resolvedBy?.objectId, ACTORS.globalAdmin.objectId);
    assert.equal(stored.version, 2);
    assert.equal(state.relationships.some((r) => r.partnerId === 'litware'), false);
    assert.equal(state.audit.at(-1)?.action, 'invitation.cancelled');

    // Litware has no channel yet: the note waits in the outbox instead of being lost.
    await bot.deliverNotifications();
    assert.deepEqual((await northwind()).outbox.map((n) => n.event), ['invitationCancelled']);
    assert.equal(bot.channel.cardsTo(LITWARE_CHANNEL).length, 0);

    await registerLitwareChannel();
    await bot.deliverNotifications();
    const notes = bot.channel.cardsTo(LITWARE_CHANNEL).filter((c) => /cancelled your invitation/.test(cardText(c)));
    assert.equal(notes.length, 1);
    assert.match(cardText(notes[0]), /Northwind Traders cancelled your invitation/);
    assert.match(cardText(notes[0]), /Jane Doe/);
    assert.equal((await northwind()).outbox.length, 0);
  });

  it('answers a second Cancel with who cancelled it and when, changing nothing', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'showInvitation', { invitationId: LITWARE });
    await bot.pressButton(ACTORS.globalAdmin, card, 'cancelInvitation');
    const before = businessState(await northwind());
    const again = await bot.pressButton(ACTORS.billingAdmin, card, 'cancelInvitation');
    assert.match(cardText(again), /This invitation was already cancelled by Jane Doe at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    assert.deepEqual(cardVerbs(again).filter((v) => v === 'acceptInvitation' || v === 'cancelInvitation'), []);
    assert.deepEqual(businessState(await northwind()), before, 'nothing was changed');
  });

  it('refuses to cancel for a Helpdesk admin, naming the roles', async () => {
    const card = await bot.press(ACTORS.helpdeskAdmin, 'cancelInvitation', { invitationId: LITWARE, version: 1 });
    assert.match(cardText(card), /You need one of: Global Administrator, Billing Administrator/);
    assert.match(cardText(card), /Your roles: Helpdesk Administrator/);
    assert.equal((await invitation(LITWARE)).status, 'pending');
  });

  it('answers a card showing another version with the current state and the form to act on it', async () => {
    const before = businessState(await northwind());
    const card = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: ADATUM, version: 7, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /This card is out of date/);
    assert.match(cardText(card), /here is the current state/);
    assert.deepEqual(cardButton(card, 'acceptInvitation').data, { invitationId: ADATUM, version: 1 });
    assert.deepEqual(businessState(await northwind()), before, 'nothing was changed');

    const fresh = await bot.pressButton(ACTORS.globalAdmin, card, 'acceptInvitation', { agreementAcknowledged: 'true' });
    assert.match(cardText(fresh), /Adatum Consulting is now authorized/);
  });

  it('an invitation nobody acted on for 90 days expires: not listed, cannot be accepted, and the partner is told', async () => {
    await bot.app.store.tenants.transact(DEMO.northwind.tenantId, (draft) => {
      const stored = editable(draft.invitations, draft.invitations.find((i) => i.id === ADATUM)!);
      stored.createdAt = new Date(Date.now() - 91 * DAY).toISOString();
      stored.expiresAt = new Date(Date.now() - DAY).toISOString();
      return { commit: true, value: undefined };
    });
    const expiresAt = (await invitation(ADATUM)).expiresAt;

    const { cards } = await bot.say(ACTORS.globalAdmin, 'pending invitations');
    assert.deepEqual(cards.map((c) => cardText(c).split('\n')[0]), ['Litware Licensing wants to work with you']);
    assert.match(cardText(await bot.press(ACTORS.globalAdmin, 'showPending')), /1 invitation waiting/);

    const shown = await bot.press(ACTORS.globalAdmin, 'showInvitation', { invitationId: ADATUM });
    assert.match(cardText(shown), /Invitation from Adatum Consulting/);
    assert.match(cardText(shown), /Expired · /);
    assert.deepEqual(cardVerbs(shown), ['showPending', 'showPartners']);

    const refused = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: ADATUM, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(refused), new RegExp(`This invitation expired at ${expiresAt.slice(0, 10)} ${expiresAt.slice(11, 16)} UTC`));
    const state = await northwind();
    assert.equal(state.relationships.some((r) => r.partnerId === 'adatum'), false);
    assert.equal(state.audit.some((e) => e.action === 'invitation.accepted'), false);

    // The next change to Northwind saves the expiry with its audit event and a note for Adatum.
    await bot.press(ACTORS.globalAdmin, 'cancelInvitation', { invitationId: LITWARE, version: 1 });
    const saved = await northwind();
    assert.equal(saved.invitations.find((i) => i.id === ADATUM)?.status, 'expired');
    assert.equal(saved.audit.filter((e) => e.action === 'invitation.expired').length, 1);
    assert.ok(saved.outbox.some((n) => n.event === 'invitationExpired' && n.partnerId === 'adatum'));

    const adatumChannel = '19:adatum-ops@thread.tacv2';
    await bot.say(partnerActor('adatum'), 'register channel', { kind: 'channel', channelId: adatumChannel });
    await bot.press(partnerActor('adatum'), 'registerChannel', {}, { kind: 'channel', channelId: adatumChannel });
    await bot.deliverNotifications();
    const [note] = bot.channel.cardsTo(adatumChannel).filter((c) => /expired/.test(cardText(c)));
    assert.match(cardText(note), /Your invitation to Northwind Traders expired/);
    assert.deepEqual(cardVerbs(note), ['showInviteForm']);
  });
});
