import assert from 'node:assert/strict';
import { VERBS } from '../../bot/actionRouter.js';
import type { Actor } from '../../domain/deps.js';
import type { TenantState } from '../../domain/model.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs, invokeCard } from '../support/botHarness.js';
import { cardButton } from '../support/cardButtons.js';
import { cardsMatching, type PartnerName, registerPartnerChannel } from '../support/flowSteps.js';
import { actionActivity, type Place } from '../support/teamsActivities.js';
import { ACTORS, type ActorName, ManualClock, partnerActor, SequentialIds, START } from '../support/testWorld.js';
import { businessOfSeeded, diffStores, NORTHWIND, snapshotStore, TAILSPIN, tenantName } from './support/storeSnapshots.js';
import { VERB_SAMPLES } from './support/verbSamples.js';

const ADATUM_DAP = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;
const ACCEPT_ADATUM = { invitationId: ADATUM_DAP, version: 1, agreementAcknowledged: 'true' };

/** Every field a forger could add to card data to claim to be someone else, somewhere else. */
function claimingToBe(who: Actor): Record<string, unknown> {
  return {
    tenantId: who.tenantId, objectId: who.objectId, aadObjectId: who.objectId, userId: who.objectId, userObjectId: who.objectId,
    displayName: who.displayName, actor: { ...who }, from: { id: `29:${who.objectId}`, aadObjectId: who.objectId, name: who.displayName },
    conversation: { tenantId: who.tenantId, id: `a:personal-${who.tenantId}-${who.objectId}` }, channelData: { tenant: { id: who.tenantId } },
    tenant: { id: who.tenantId },
  };
}

/** Two long texts are equal; a failure shows where they part, not both whole. */
function sameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(`${what} differs at ${i}:\n  forged: …${actual.slice(Math.max(0, i - 150), i + 150)}…\n  honest: …${expected.slice(Math.max(0, i - 150), i + 150)}…`);
}

const northwindState = async (bot: BotHarness) => (await bot.app.store.tenants.read(NORTHWIND))!;
const channelFor = (name: string): Place => ({ kind: 'channel', channelId: `19:${name}-forged@thread.tacv2`, teamName: name, channelName: 'General' });

describe('Forged card data and replayed cards, through POST /api/messages', function () {
  this.timeout(60_000);

  describe('card data never decides who is acting, or for which tenant', () => {
    /**
     * The same presses, in the same order, in two identical worlds (fixed clock, sequential ids): once with the card
     * data a real card sends, once with identity fields naming the most useful victim added. The answers, what the
     * bot sent and every stored file must be the same: the forged fields are ignored.
     */
    const FORGERS: [ActorName, Actor, string][] = [
      ['plainUser', ACTORS.globalAdmin, 'Jane (Global admin, same tenant)'],
      ['helpdeskAdmin', ACTORS.globalAdmin, 'Jane (Global admin, same tenant)'],
      ['otherTenantAdmin', ACTORS.globalAdmin, 'Jane of Northwind'],
      ['partnerStaff', ACTORS.globalAdmin, 'Jane of Northwind'],
      ['globalAdmin', ACTORS.otherTenantAdmin, 'Tom of Tailspin'],
    ];
    for (const [name, victim, described] of FORGERS) {
      it(`${name} claiming to be ${described} in the data of every verb: answers, messages and store exactly as without the claim`, async () => {
        const actor = ACTORS[name];
        const overrides = () => ({ clock: new ManualClock(START), ids: new SequentialIds() });
        const honest = await BotHarness.start({}, overrides());
        const forged = await BotHarness.start({}, overrides());
        try {
          const victimTenantBefore = await snapshotStore(forged);
          for (const verb of VERBS) {
            const place = verb === 'registerChannel' ? channelFor(name) : { kind: 'personal' as const };
            const data = VERB_SAMPLES[verb]!;
            const expected = await honest.press(actor, verb, data, place);
            const answer = await forged.press(actor, verb, { ...data, ...claimingToBe(victim) }, place);
            assert.deepEqual(answer, expected, `${verb}: the forged fields changed the answer`);
          }
          await Promise.all([honest.deliverNotifications(), forged.deliverNotifications()]);
          const [a, b] = [await snapshotStore(honest), await snapshotStore(forged)];
          assert.deepEqual([...b.tenants.keys()], [...a.tenants.keys()], 'the same tenant files');
          // Byte for byte, once each world's own channel service address is set aside.
          for (const [id, file] of a.tenants) sameText(b.tenants.get(id)!.raw.replaceAll(forged.channel.url, 'SERVICE_URL'), file.raw.replaceAll(honest.channel.url, 'SERVICE_URL'), `${tenantName(id)}'s file`);
          assert.deepEqual(forged.channel.calls.map((c) => [c.conversationId, c.activity['attachments'] ?? c.activity['text']]), honest.channel.calls.map((c) => [c.conversationId, c.activity['attachments'] ?? c.activity['text']]), 'the same messages were sent');

          // And the victim's tenant was not touched at all, unless it is the forger's own (or, for partner staff, its
          // customer, where withdrawing and ending are Adatum's own business, made the same in both worlds).
          if (victim.tenantId !== actor.tenantId && name !== 'partnerStaff') {
            const diff = diffStores(victimTenantBefore, b);
            assert.ok(!diff.raw.includes(victim.tenantId), `${tenantName(victim.tenantId)}'s file was written`);
          }
          for (const [id] of b.tenants) {
            const state = (await forged.app.store.tenants.read(id))!;
            const impostors = state.audit.filter((e) => e.actor.objectId === victim.objectId && Date.parse(e.at) >= START.getTime());
            assert.deepEqual(impostors, [], `no change in ${tenantName(id)} is recorded as the victim's`);
          }
        } finally {
          await honest.stop();
          await forged.stop();
        }
      });
    }

    it("Tailspin's admin with Northwind's tenant id, Jane's object id and Northwind's invitation ids: not found, nothing anywhere changes", async () => {
      const bot = await BotHarness.start();
      try {
        const before = await snapshotStore(bot);
        const forgery = claimingToBe(ACTORS.globalAdmin);
        const answers = [
          await bot.press(ACTORS.otherTenantAdmin, 'acceptInvitation', { ...ACCEPT_ADATUM, ...forgery }),
          await bot.press(ACTORS.otherTenantAdmin, 'cancelInvitation', { invitationId: LITWARE, version: 1, ...forgery }),
          await bot.press(ACTORS.otherTenantAdmin, 'showInvitation', { invitationId: ADATUM_DAP, ...forgery }),
        ].map(cardText);
        assert.match(answers[0]!, /No invitation "inv-adatum-dap" was found for your organization/);
        assert.match(answers[1]!, /No invitation "inv-litware-reseller" was found for your organization/);
        assert.match(answers[2]!, /No invitation "inv-adatum-dap" was found for your organization/);
        for (const answer of answers) assert.doesNotMatch(answer, /Adatum Consulting|Litware Licensing|Jane Doe|security baseline|Global Administrator/);
        const diff = diffStores(before, await snapshotStore(bot));
        assert.deepEqual(diff.business, []);
        assert.deepEqual(diff.raw.map(tenantName), ['Tailspin'], 'only Tailspin remembers its admin\'s chat');
      } finally {
        await bot.stop();
      }
    });

    it("a user without a role naming Jane's object id is refused, naming the roles a change takes", async () => {
      const bot = await BotHarness.start();
      try {
        const before = await businessOfSeeded(bot);
        for (const [verb, data] of [['acceptInvitation', ACCEPT_ADATUM], ['removeRoles', { partnerId: 'contoso', version: 1 }], ['contactPartners', VERB_SAMPLES['contactPartners']!]] as const) {
          const card = await bot.press(ACTORS.plainUser, verb, { ...data, ...claimingToBe(ACTORS.globalAdmin) });
          assert.match(cardText(card), /Not allowed: changing your organization's partner relationships takes a Global or Billing admin\. You need one of: Global Administrator, Billing Administrator\. You hold none of them\./, verb);
        }
        assert.equal(await businessOfSeeded(bot), before);
      } finally {
        await bot.stop();
      }
    });

    it("partner staff can't act for another partner's profile, nor touch another partner's invitation, whatever tenant they name", async () => {
      const bot = await BotHarness.start();
      try {
        const adatum = partnerActor('adatum');
        const before = await snapshotStore(bot);
        const asContoso = await bot.press(adatum, 'registerChannel', { partnerId: 'contoso' }, channelFor('adatum'));
        assert.match(cardText(asContoso), /Not allowed: you can act only for your own partner profile \(adatum\)/);
        const inviteAsContoso = await bot.press(adatum, 'createInvitation', { ...VERB_SAMPLES['createInvitation']!, partnerId: 'contoso' });
        assert.match(cardText(inviteAsContoso), /Not allowed: you can act only for your own partner profile \(adatum\)/);
        const endContoso = await bot.press(adatum, 'endRelationship', { customerTenantId: NORTHWIND, partnerId: 'contoso', version: 1 });
        assert.match(cardText(endContoso), /Not allowed: you can act only for your own partner profile \(adatum\)/);
        // Litware's invitation to Northwind is not Adatum's business: it is not even told it exists.
        const litware = await bot.press(adatum, 'withdrawInvitation', { customerTenantId: NORTHWIND, invitationId: LITWARE, version: 1 });
        assert.match(cardText(litware), /No invitation "inv-litware-reseller" was found for your organization/);
        assert.doesNotMatch(cardText(litware), /Litware Licensing/);
        // Its own invitation, but naming another customer tenant: that tenant has no such invitation.
        const elsewhere = await bot.press(adatum, 'withdrawInvitation', { customerTenantId: TAILSPIN, invitationId: ADATUM_DAP, version: 1 });
        assert.match(cardText(elsewhere), /No invitation "inv-adatum-dap" was found/);
        // Another partner's staff can't withdraw Adatum's invitation either.
        const byLitware = await bot.press(partnerActor('litware'), 'withdrawInvitation', { customerTenantId: NORTHWIND, invitationId: ADATUM_DAP, version: 1 });
        assert.match(cardText(byLitware), /No invitation "inv-adatum-dap" was found/);
        const diff = diffStores(before, await snapshotStore(bot));
        assert.deepEqual(diff.business, [], 'no business state changed');
        assert.deepEqual(diff.raw.map(tenantName).sort(), ['Adatum Consulting', 'Litware Licensing'], 'only the callers\' own tenants remember their conversations');
        assert.equal((await northwindState(bot)).invitations.find((i) => i.id === ADATUM_DAP)?.status, 'pending');
      } finally {
        await bot.stop();
      }
    });
  });

  describe('a card replayed after the state changed shows the current state and changes nothing', () => {
    let bot: BotHarness;
    beforeEach(async () => { bot = await BotHarness.start(); });
    afterEach(async () => { await bot.stop(); });

    it("Jane's Accept on the Litware card, after Bill cancelled it from his: already cancelled by Bill, nothing granted", async () => {
      const janes = (await bot.say(ACTORS.globalAdmin, 'pending invitations')).cards.find((c) => cardText(c).includes('Litware Licensing'))!;
      const bills = (await bot.say(ACTORS.billingAdmin, 'pending invitations')).cards.find((c) => cardText(c).includes('Litware Licensing'))!;
      await bot.pressButton(ACTORS.billingAdmin, bills, 'cancelInvitation');
      const before = await snapshotStore(bot);
      const replay = await bot.pressButton(ACTORS.globalAdmin, janes, 'acceptInvitation', { agreementAcknowledged: 'true' });
      assert.match(cardText(replay), /This invitation was already cancelled by Bill Ramos at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. Nothing was changed\./);
      assert.match(cardText(replay), /Status\nCancelled/);
      assert.deepEqual(cardVerbs(replay).filter((v) => v === 'acceptInvitation' || v === 'cancelInvitation'), [], 'the current state offers nothing to act on');
      assert.deepEqual(diffStores(before, await snapshotStore(bot)).business, []);
      assert.equal((await northwindState(bot)).relationships.some((r) => r.partnerId === 'litware'), false);
    });

    it('the same Accept card pressed again: "already accepted by Jane", one grant, one audit event, one notification', async () => {
      const channel = await registerPartnerChannel(bot, 'adatum');
      const [card] = (await bot.say(ACTORS.globalAdmin, 'pending invitations')).cards.filter((c) => cardText(c).includes('Adatum Consulting'));
      await bot.pressButton(ACTORS.globalAdmin, card, 'acceptInvitation', { agreementAcknowledged: 'true' });
      // The accept's notification goes out on its own a moment later; sent now, it can't land between the snapshots.
      await bot.deliverNotifications();
      const before = await snapshotStore(bot);
      const again = await bot.pressButton(ACTORS.billingAdmin, card, 'acceptInvitation', { agreementAcknowledged: 'true' });
      assert.match(cardText(again), /This invitation was already accepted by Jane Doe at/);
      assert.deepEqual(diffStores(before, await snapshotStore(bot)).business, []);
      await bot.deliverNotifications();
      assert.equal((await northwindState(bot)).audit.filter((e) => e.action === 'invitation.accepted').length, 1);
      assert.equal(cardsMatching(bot, channel, /accepted your invitation/).length, 1);
    });

    it('Save visibility on an old Woodgrove card after Bill changed it: out of date, his setting stays', async () => {
      const janes = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: 'woodgrove' });
      const bills = await bot.press(ACTORS.billingAdmin, 'showPartner', { partnerId: 'woodgrove' });
      await bot.pressButton(ACTORS.billingAdmin, bills, 'setMpsaVisibility', { mpsaPurchasesVisible: 'true' });
      const before = await snapshotStore(bot);
      const stale = await bot.pressButton(ACTORS.globalAdmin, janes, 'setMpsaVisibility', { mpsaPurchasesVisible: 'false' });
      assert.match(cardText(stale), /This card is out of date: the relationship changed since it was shown \(version 1 → 2\)/);
      assert.match(cardText(stale), /MPSA purchase visibility\nAllowed/);
      assert.deepEqual(cardButton(stale, 'setMpsaVisibility').data, { partnerId: 'woodgrove', version: 2 }, 'the current card carries the current version');
      assert.deepEqual(diffStores(before, await snapshotStore(bot)).business, []);
    });

    it('Remove roles confirmed on a card older than an end request: out of date, the roles stay', async () => {
      const confirm = await bot.press(ACTORS.globalAdmin, 'confirmRemoveRoles', { partnerId: 'contoso', version: 1 });
      await bot.press(ACTORS.billingAdmin, 'requestEnd', { partnerId: 'contoso', version: 1 });
      const before = await snapshotStore(bot);
      const stale = await bot.pressButton(ACTORS.globalAdmin, confirm, 'removeRoles');
      assert.match(cardText(stale), /This card is out of date/);
      assert.match(cardText(stale), /Admin roles\nGlobal Administrator, Helpdesk Administrator/);
      assert.deepEqual(diffStores(before, await snapshotStore(bot)).business, []);
    });

    it("Adatum's Withdraw on its customers card after Jane accepted: already accepted, the relationship stays", async () => {
      const adatum = partnerActor('adatum');
      const customers = await bot.press(adatum, 'showMyCustomers');
      await bot.press(ACTORS.globalAdmin, 'acceptInvitation', ACCEPT_ADATUM);
      const before = await snapshotStore(bot);
      const stale = await bot.pressButton(adatum, customers, 'withdrawInvitation');
      assert.match(cardText(stale), /This invitation was already accepted by Jane Doe at/);
      assert.match(cardText(stale), /Northwind Traders\nReseller & delegated administrator · Global Administrator, Helpdesk Administrator/);
      assert.deepEqual(diffStores(before, await snapshotStore(bot)).business, []);
    });

    it("Adatum's End relationship confirmed before Jane removed its roles: out of date, nothing ended", async () => {
      const adatum = partnerActor('adatum');
      await bot.press(ACTORS.globalAdmin, 'acceptInvitation', ACCEPT_ADATUM);
      const confirm = await bot.press(adatum, 'confirmEndAsPartner', { customerTenantId: NORTHWIND, version: 1 });
      await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'adatum', version: 1 });
      const before = await snapshotStore(bot);
      const stale = await bot.pressButton(adatum, confirm, 'endRelationship');
      assert.match(cardText(stale), /This card is out of date: the relationship changed since it was shown \(version 1 → 2\)/);
      assert.deepEqual(diffStores(before, await snapshotStore(bot)).business, []);
      assert.equal((await northwindState(bot)).relationships.find((r) => r.partnerId === 'adatum')?.status, 'active');
    });
  });

  describe('the same change sent twice at once, and two admins racing: exactly one change', () => {
    const ROUNDS = 20;
    const counts: Record<string, Record<string, number>> = {};
    const count = (race: string, outcome: string) => {
      counts[race] ??= {};
      counts[race][outcome] = (counts[race][outcome] ?? 0) + 1;
    };

    /**
     * Two invokes posted together: both are in flight before either is answered. Odd rounds post them the other way
     * round, so each side gets its chance to arrive first. Answers come back in the order of the arguments.
     */
    async function atOnce(bot: BotHarness, round: number, a: [Actor, string, Record<string, unknown>], b: [Actor, string, Record<string, unknown>]) {
      const post = ([actor, verb, data]: [Actor, string, Record<string, unknown>]) => bot.post(actionActivity(actor, verb, data, { kind: 'personal' }, bot.channel.url));
      const [x, y] = round % 2 === 0 ? await Promise.all([post(a), post(b)]) : (await Promise.all([post(b), post(a)])).reverse();
      return [cardText(invokeCard(x!)), cardText(invokeCard(y!))] as const;
    }

    /** A fresh world with the partners' channels registered, so every notification is really delivered. */
    async function round(partners: PartnerName[], body: (bot: BotHarness, channels: Record<string, string>) => Promise<void>): Promise<void> {
      const bot = await BotHarness.start();
      try {
        const channels: Record<string, string> = {};
        for (const partner of partners) channels[partner] = await registerPartnerChannel(bot, partner);
        await bot.install(ACTORS.globalAdmin);
        await bot.install(ACTORS.billingAdmin);
        await body(bot, channels);
      } finally {
        await bot.stop();
      }
    }

    const audits = (state: TenantState, action: string) => state.audit.filter((e) => e.action === action);

    it(`the same Accept & Authorize twice at once (${ROUNDS} rounds): one grant, one audit event, one notification; the other shows who accepted`, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await round(['adatum'], async (bot, channels) => {
          const answers = await atOnce(bot, i, [ACTORS.globalAdmin, 'acceptInvitation', ACCEPT_ADATUM], [ACTORS.globalAdmin, 'acceptInvitation', ACCEPT_ADATUM]);
          const won = answers.filter((t) => /Adatum Consulting is now authorized/.test(t));
          const lost = answers.filter((t) => /This invitation was already accepted by Jane Doe at/.test(t));
          assert.deepEqual([won.length, lost.length], [1, 1], answers.join('\n----\n'));
          assert.match(lost[0]!, /Status\nAccepted/, 'the other is answered with the current state');
          await bot.deliverNotifications();
          const state = await northwindState(bot);
          assert.equal(audits(state, 'invitation.accepted').length, 1);
          assert.equal(state.relationships.filter((r) => r.partnerId === 'adatum').length, 1);
          assert.equal(state.relationships.find((r) => r.partnerId === 'adatum')!.version, 1, 'granted once');
          assert.equal(cardsMatching(bot, channels['adatum']!, /accepted your invitation/).length, 1, 'Adatum is told once');
          count('accept × accept', won.length === 1 ? 'one change' : 'other');
        });
      }
    });

    it(`Accept (Jane) and Cancel (Bill) at once (${ROUNDS} rounds): exactly one wins, the other is told who did what`, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await round(['adatum'], async (bot, channels) => {
          const [accept, cancel] = await atOnce(bot, i, [ACTORS.globalAdmin, 'acceptInvitation', ACCEPT_ADATUM], [ACTORS.billingAdmin, 'cancelInvitation', { invitationId: ADATUM_DAP, version: 1 }]);
          await bot.deliverNotifications();
          const state = await northwindState(bot);
          const invitation = state.invitations.find((i) => i.id === ADATUM_DAP)!;
          const told = bot.channel.cardsTo(channels['adatum']!).filter((c) => /accepted your invitation|cancelled your invitation|declined/i.test(cardText(c)));
          if (invitation.status === 'accepted') {
            assert.match(accept, /Adatum Consulting is now authorized/);
            assert.match(cancel, /This invitation was already accepted by Jane Doe at[\s\S]*Status\nAccepted/);
            assert.ok(state.relationships.some((r) => r.partnerId === 'adatum'));
            assert.deepEqual([audits(state, 'invitation.accepted').length, audits(state, 'invitation.cancelled').length], [1, 0]);
            count('accept × cancel', 'accept won');
          } else {
            assert.equal(invitation.status, 'cancelled');
            assert.match(cancel, /Invitation cancelled: no roles were granted to Adatum Consulting/);
            assert.match(accept, /This invitation was already cancelled by Bill Ramos at[\s\S]*Status\nCancelled/);
            assert.equal(state.relationships.some((r) => r.partnerId === 'adatum'), false, 'no roles granted');
            assert.deepEqual([audits(state, 'invitation.accepted').length, audits(state, 'invitation.cancelled').length], [0, 1]);
            count('accept × cancel', 'cancel won');
          }
          assert.equal(invitation.version, 2, 'changed once');
          assert.equal(told.length, 1, `Adatum is told once: ${told.map(cardText).join(' | ')}`);
        });
      }
    });

    it(`Jane accepting while Adatum withdraws (${ROUNDS} rounds): exactly one wins`, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await round(['adatum'], async (bot) => {
          const [accept, withdraw] = await atOnce(bot, i, [ACTORS.globalAdmin, 'acceptInvitation', ACCEPT_ADATUM], [partnerActor('adatum'), 'withdrawInvitation', VERB_SAMPLES['withdrawInvitation']!]);
          await bot.deliverNotifications();
          const state = await northwindState(bot);
          const invitation = state.invitations.find((i) => i.id === ADATUM_DAP)!;
          assert.equal(invitation.version, 2, 'changed once');
          if (invitation.status === 'accepted') {
            assert.match(accept, /Adatum Consulting is now authorized/);
            assert.match(withdraw, /This invitation was already accepted by Jane Doe at/);
            count('accept × withdraw', 'accept won');
          } else {
            assert.equal(invitation.status, 'withdrawn');
            assert.match(withdraw, /Invitation withdrawn/);
            assert.match(accept, /This invitation was withdrawn by the partner/);
            assert.equal(state.relationships.some((r) => r.partnerId === 'adatum'), false);
            count('accept × withdraw', 'withdraw won');
          }
          assert.equal(audits(state, 'invitation.accepted').length + audits(state, 'invitation.withdrawn').length, 1);
        });
      }
    });

    it(`Remove roles (Yes) pressed by Jane and Bill at once (${ROUNDS} rounds): removed once, Contoso told once`, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await round(['contoso'], async (bot, channels) => {
          const data = { partnerId: 'contoso', version: 1 };
          const answers = await atOnce(bot, i, [ACTORS.globalAdmin, 'removeRoles', data], [ACTORS.billingAdmin, 'removeRoles', data]);
          const won = answers.filter((t) => /Admin roles removed from Contoso Cloud Solutions/.test(t));
          const lost = answers.filter((t) => /Already done: this partner holds no admin roles; they were removed by (Jane Doe|Bill Ramos) at/.test(t));
          assert.deepEqual([won.length, lost.length], [1, 1], answers.join('\n----\n'));
          assert.match(lost[0]!, /Partner type\nReseller\nAdmin roles\nNo admin roles/, 'the other is answered with the current state');
          await bot.deliverNotifications();
          const state = await northwindState(bot);
          assert.equal(audits(state, 'roles.removed').length, 1);
          const contoso = state.relationships.find((r) => r.partnerId === 'contoso')!;
          assert.deepEqual([contoso.roles, contoso.types, contoso.version], [[], ['reseller'], 2]);
          assert.equal(cardsMatching(bot, channels['contoso']!, /removed your admin roles/).length, 1);
          count('remove roles × remove roles', answers[0] === won[0] ? 'Jane won' : 'Bill won');
        });
      }
    });

    it(`Send on the contact form twice at once (${ROUNDS} rounds): one request, each partner told once`, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await round(['proseware', 'contoso'], async (bot, channels) => {
          const form = await bot.press(ACTORS.globalAdmin, 'startContact', { selectedPartners: 'proseware,contoso' });
          const send = cardButton(form, 'contactPartners');
          const data = { ...send.data, businessNeeds: 'We need help moving to Microsoft 365.' };
          const answers = await atOnce(bot, i, [ACTORS.globalAdmin, 'contactPartners', data], [ACTORS.globalAdmin, 'contactPartners', data]);
          const won = answers.filter((t) => /Request sent/.test(t));
          const lost = answers.filter((t) => /Already done: this request was sent by Jane Doe at/.test(t));
          assert.deepEqual([won.length, lost.length], [1, 1], answers.join('\n----\n'));
          await bot.deliverNotifications();
          const state = await northwindState(bot);
          assert.equal(state.contactRequests.length, 1);
          assert.equal(audits(state, 'partners.contacted').length, 2, 'one event per partner');
          for (const partner of ['proseware', 'contoso']) assert.equal(cardsMatching(bot, channels[partner]!, /We need help moving to Microsoft 365/).length, 1, `${partner} is told once`);
          count('contact × contact', 'one request');
        });
      }
    });

    after(() => {
      const lines = Object.entries(counts).map(([race, outcomes]) => `${race}: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      const rounds = Object.values(counts).reduce((n, o) => n + Object.values(o).reduce((a, b) => a + b, 0), 0);
      if (rounds > 0) process.stdout.write(`\n  races: ${rounds} rounds, every one with exactly one change — ${lines.join('; ')}\n`);
    });
  });
});
