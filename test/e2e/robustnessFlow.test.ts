import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs, invokeCard } from '../support/botHarness.js';
import { businessState } from '../support/storedState.js';
import { actionActivity, messageActivity, personalConversationId } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;

describe('Robustness of POST /api/messages: odd cards, forged data, bad bodies, missing identity', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const read = async (tenantId: string) => (await bot.app.store.tenants.read(tenantId))!;
  const tenants = [NORTHWIND, TAILSPIN, ...Object.values(DEMO.partners).map((p) => p.tenantId)];
  const everything = async () => Promise.all(tenants.map(async (id) => businessState(await bot.app.store.tenants.read(id))));
  const invoke = (value: unknown, actor = ACTORS.globalAdmin) => {
    const activity = actionActivity(actor, 'x', {}, { kind: 'personal' }, bot.channel.url);
    if (value === undefined) delete activity['value'];
    else activity['value'] = value;
    return bot.post(activity);
  };

  describe('invokes the bot does not expect', () => {
    it('an unknown verb gets a card saying so, with 200', async () => {
      const result = await invoke({ action: { type: 'Action.Execute', verb: 'launchRockets', data: {} } });
      assert.equal(result.status, 200);
      const card = invokeCard(result);
      assert.match(cardText(card), /Unknown action/);
      assert.match(cardText(card), /Partner Desk has no action "launchRockets"/);
      assert.match(cardText(card), /Nothing was changed/);
      assert.deepEqual(cardVerbs(card), ['showHelp']);
    });

    it('an Action.Submit-style value, a missing value and data that is not an object each get a card', async () => {
      for (const value of [{ action: { type: 'Action.Submit', verb: 'acceptInvitation', data: {} } }, { invitationId: DEMO.invitations.adatumDap }, undefined, { action: { type: 'Action.Execute', verb: 'showPartner', data: 'contoso' } }, 'text']) {
        const result = await invoke(value);
        assert.equal(result.status, 200, JSON.stringify(value));
        assert.match(cardText(invokeCard(result)), /Unsupported action|This card sent an action Partner Desk does not understand/);
      }
      assert.equal((await read(NORTHWIND)).invitations.find((i) => i.id === DEMO.invitations.adatumDap)?.status, 'pending');
    });

    it('data of the wrong type for a verb is named, and nothing changes', async () => {
      const before = await everything();
      const card = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 'one', agreementAcknowledged: 'true' });
      assert.match(cardText(card), /This card sent data Partner Desk cannot use/);
      assert.match(cardText(card), /version/);
      const noId = await bot.press(ACTORS.globalAdmin, 'showPartner', {});
      assert.match(cardText(noId), /partnerId/);
      const badId = await bot.press(ACTORS.globalAdmin, 'showPartner', { partnerId: '../../etc/passwd' });
      assert.match(cardText(badId), /not a partner id/);
      assert.deepEqual(await everything(), before);
    });

    it('an invoke other than a card action is answered 400, not 500', async () => {
      const activity = actionActivity(ACTORS.globalAdmin, 'x', {}, { kind: 'personal' }, bot.channel.url);
      activity['name'] = 'composeExtension/query';
      const result = await bot.post(activity);
      assert.equal(result.status, 400);
      assert.deepEqual(result.body, { code: 'NotSupported', message: 'Partner Desk does not handle "composeExtension/query" invokes.' });
    });
  });

  describe("forged card data naming another tenant's things", () => {
    it("Tailspin's admin pressing Accept with Northwind's invitation id: not found, nothing changed", async () => {
      const before = await everything();
      const card = await bot.press(ACTORS.otherTenantAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true', tenantId: NORTHWIND });
      assert.match(cardText(card), /No invitation "inv-adatum-dap" was found for your organization/);
      const shown = await bot.press(ACTORS.otherTenantAdmin, 'showInvitation', { invitationId: DEMO.invitations.adatumDap });
      assert.match(cardText(shown), /No invitation "inv-adatum-dap" was found/);
      assert.doesNotMatch(cardText(shown), /Adatum|Global Administrator/);
      const cancel = await bot.press(ACTORS.otherTenantAdmin, 'cancelInvitation', { invitationId: DEMO.invitations.litwareReseller, version: 1 });
      assert.match(cardText(cancel), /No invitation "inv-litware-reseller" was found/);
      assert.deepEqual(await everything(), before, 'no tenant changed');
      assert.deepEqual((await read(TAILSPIN)).invitations, []);
      assert.deepEqual((await read(TAILSPIN)).relationships.map((r) => r.partnerId), ['contoso']);
    });

    it('tenant id fields in card data are ignored: the tenant is always the caller\'s own', async () => {
      // Tailspin also works with Contoso, as a reseller without roles: forged Northwind ids still reach Tailspin's.
      const card = await bot.press(ACTORS.otherTenantAdmin, 'removeRoles', { partnerId: 'contoso', version: 1, tenantId: NORTHWIND, customerTenantId: NORTHWIND, conversation: { tenantId: NORTHWIND } });
      assert.match(cardText(card), /this partner holds no admin roles/);
      assert.deepEqual((await read(NORTHWIND)).relationships.find((r) => r.partnerId === 'contoso')?.roles, ['Global Administrator', 'Helpdesk Administrator']);

      const list = await bot.press(ACTORS.otherTenantAdmin, 'showPartners', { tenantId: NORTHWIND });
      assert.match(cardText(list), /1 partner · select one for details/);
      assert.doesNotMatch(cardText(list), /Fabrikam|Woodgrove/);

      const mpsa = await bot.press(ACTORS.otherTenantAdmin, 'setMpsaVisibility', { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'true', tenantId: NORTHWIND });
      assert.match(cardText(mpsa), /No relationship "woodgrove" was found for your organization/);
      assert.equal((await read(NORTHWIND)).relationships.find((r) => r.partnerId === 'woodgrove')?.mpsaPurchasesVisible, false);
      assert.deepEqual((await read(NORTHWIND)).audit.map((e) => e.action), ['invitation.created', 'invitation.created']);
    });
  });

  describe('bodies that are not valid activities', () => {
    it('malformed JSON is answered 400', async () => {
      const result = await bot.post('{"type": "message", "text": ');
      assert.equal(result.status, 400);
    });

    it('fields of the wrong type are answered 4xx, never 5xx, and nothing is stored or sent', async () => {
      const good = () => messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, bot.channel.url);
      const bodies: [string, unknown][] = [
        ['type is a number', { ...good(), type: 123 }],
        ['no type', { ...good(), type: undefined }],
        ['serviceUrl is a number', { ...good(), serviceUrl: 5 }],
        ['no serviceUrl', { ...good(), serviceUrl: undefined }],
        ['conversation is a string', { ...good(), conversation: 'x' }],
        ['conversation without id', { ...good(), conversation: { conversationType: 'personal', tenantId: NORTHWIND } }],
        ['from is a number', { ...good(), from: 5 }],
        ['text is a number', { ...good(), text: 42 }],
        ['channelData is a string', { ...good(), channelData: 'x' }],
        ['entities is a string', { ...good(), entities: 'x' }],
        ['null', 'null'],
        ['an array', '[]'],
        ['a string', '"hello"'],
        ['empty', ''],
      ];
      for (const [what, body] of bodies) {
        const result = await bot.post(body);
        assert.ok(result.status >= 400 && result.status < 500, `${what}: answered ${result.status}`);
      }
      assert.equal(bot.channel.calls.length, 0, 'nothing was sent');
      assert.deepEqual((await read(NORTHWIND)).conversations, {});
    });

    it('a body over the size limit is answered 413, and a non-JSON content type 415', async () => {
      const big = await bot.post({ ...messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, bot.channel.url), text: 'x'.repeat(300_000) });
      assert.equal(big.status, 413);
      const response = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'help' });
      assert.equal(response.status, 415);
    });

    it('a message over 500 characters is answered politely', async () => {
      const { texts } = await bot.say(ACTORS.globalAdmin, `is ${'very '.repeat(120)}long`);
      assert.deepEqual(texts, ['That message is too long for Partner Desk. Ask a short question, or type **help**.']);
    });
  });

  describe('who and where the request comes from', () => {
    it('an activity without from.aadObjectId is refused, and nothing is stored', async () => {
      const message = messageActivity(ACTORS.globalAdmin, 'pending invitations', { kind: 'personal' }, bot.channel.url);
      delete message.from['aadObjectId'];
      assert.equal((await bot.post(message)).status, 200);
      assert.deepEqual(bot.channel.textsTo(personalConversationId(ACTORS.globalAdmin)), ['Teams did not say who you are (no Entra object id on the request).']);
      assert.equal(bot.channel.cardsTo(personalConversationId(ACTORS.globalAdmin)).length, 0, 'no invitation was shown');

      const press = actionActivity(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' }, { kind: 'personal' }, bot.channel.url);
      delete press.from['aadObjectId'];
      const card = invokeCard(await bot.post(press));
      assert.match(cardText(card), /Request refused\nTeams did not say who you are/);

      const state = await read(NORTHWIND);
      assert.deepEqual(state.conversations, {});
      assert.equal(state.invitations.find((i) => i.id === DEMO.invitations.adatumDap)?.status, 'pending');
    });

    it('conversation.tenantId and channelData.tenant.id disagreeing is refused, and nothing is stored', async () => {
      const forged = (activity: ReturnType<typeof messageActivity>) => {
        (activity['channelData'] as { tenant: { id: string } }).tenant.id = NORTHWIND;
        return activity;
      };
      // A Tailspin admin whose request also claims Northwind in channelData.
      const message = forged(messageActivity(ACTORS.otherTenantAdmin, 'partners', { kind: 'personal' }, bot.channel.url));
      await bot.post(message);
      assert.deepEqual(bot.channel.textsTo(personalConversationId(ACTORS.otherTenantAdmin)), ['The request names two different organizations, so it was refused.']);

      const press = forged(actionActivity(ACTORS.otherTenantAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 }, { kind: 'personal' }, bot.channel.url));
      const card = invokeCard(await bot.post(press));
      assert.match(cardText(card), /The request names two different organizations, so it was refused/);

      const install = forged(messageActivity(ACTORS.otherTenantAdmin, 'x', { kind: 'personal' }, bot.channel.url));
      install['type'] = 'installationUpdate';
      install['action'] = 'add';
      await bot.post(install);

      assert.deepEqual((await read(TAILSPIN)).conversations, {});
      assert.deepEqual((await read(NORTHWIND)).conversations, {});
      assert.deepEqual((await read(NORTHWIND)).relationships.find((r) => r.partnerId === 'contoso')?.roles, ['Global Administrator', 'Helpdesk Administrator']);
    });

    it('an activity naming no tenant at all is refused', async () => {
      const message = messageActivity(ACTORS.globalAdmin, 'partners', { kind: 'personal' }, bot.channel.url);
      delete message.conversation['tenantId'];
      delete (message['channelData'] as Record<string, unknown>)['tenant'];
      await bot.post(message);
      assert.deepEqual(bot.channel.textsTo(personalConversationId(ACTORS.globalAdmin)), ['Teams did not say which organization you are in (no tenant id on the request).']);
    });
    it('a 100 KB display name or channel name is cut to 256 characters: the card stays within Teams\' limit', async () => {
      const long = 'x'.repeat(100_000);
      const press = actionActivity(ACTORS.helpdeskAdmin, 'showHelp', {}, { kind: 'personal' }, bot.channel.url);
      (press['from'] as Record<string, unknown>)['name'] = long;
      // From an organization Partner Desk has no users for, so the card greets the caller by the name Teams sent.
      press.conversation['tenantId'] = '00000000-0000-1000-8000-000000000000';
      (press['channelData'] as { tenant: { id: string } }).tenant.id = '00000000-0000-1000-8000-000000000000';
      const card = invokeCard(await bot.post(press));
      assert.ok(JSON.stringify(card).length < 28_672, `card of ${JSON.stringify(card).length} bytes`);
      assert.match(cardText(card), new RegExp(`Hi x{255}…`));

      const place = { kind: 'channel', channelId: '19:long-names@thread.tacv2', teamName: long, channelName: long } as const;
      assert.equal((await bot.post(messageActivity(ACTORS.globalAdmin, 'help', place, bot.channel.url))).status, 200);
      const title = (await read(NORTHWIND)).conversations['19:long-names@thread.tacv2']?.title;
      assert.equal(title, `${'x'.repeat(255)}… › ${'x'.repeat(255)}…`);
    });

    it('a conversation id no record can keep ("__proto__") is refused with a clear answer, and nothing is stored', async () => {
      const before = await read(NORTHWIND);
      const message = messageActivity(ACTORS.globalAdmin, 'pending invitations', { kind: 'personal' }, bot.channel.url);
      message.conversation['id'] = '__proto__';
      assert.equal((await bot.post(message)).status, 200);
      assert.deepEqual(bot.channel.textsTo('__proto__'), ['The request names a conversation Teams never would, so it was refused.']);
      assert.equal(bot.channel.cardsTo('__proto__').length, 0, 'no invitation was shown');

      const press = actionActivity(ACTORS.helpdeskAdmin, 'showHelp', {}, { kind: 'channel', channelId: '19:x@thread.tacv2' }, bot.channel.url);
      press.conversation['id'] = '__proto__;messageid=1';
      assert.match(cardText(invokeCard(await bot.post(press))), /Request refused\nThe request names a conversation Teams never would/);

      const after = await read(NORTHWIND);
      assert.equal(after, before, 'the tenant was not written');
      assert.equal(Object.getPrototypeOf(after.conversations), Object.prototype);
    });
  });

  describe('when the directory cannot answer', () => {
    it('roles that cannot be looked up allow nothing, and say why', async () => {
      await bot.stop();
      bot = await BotHarness.start({}, { roles: { lookup: async () => ({ ok: false, reason: 'Graph is unavailable' }) } });
      const card = await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
      assert.match(cardText(card), /Your directory roles could not be checked right now \(Graph is unavailable\), so nothing was changed/);
      const { cards } = await bot.say(ACTORS.globalAdmin, 'help');
      assert.match(cardText(cards[0]), /Your directory roles could not be checked right now \(Graph is unavailable\)/);
      assert.deepEqual((await read(NORTHWIND)).relationships.find((r) => r.partnerId === 'contoso')?.roles, ['Global Administrator', 'Helpdesk Administrator']);
    });

    it('a failure inside an action is a card saying so, not an error, and a message gets an apology', async () => {
      await bot.stop();
      bot = await BotHarness.start({}, { roles: { lookup: async () => { throw new Error('directory exploded'); } } });
      const result = await bot.post(actionActivity(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 }, { kind: 'personal' }, bot.channel.url));
      assert.equal(result.status, 200);
      assert.match(cardText(invokeCard(result)), /Something went wrong on our side/);
      assert.doesNotMatch(JSON.stringify(result.body), /directory exploded/, 'internal errors are not shown');

      await bot.post(messageActivity(ACTORS.globalAdmin, 'partners', { kind: 'personal' }, bot.channel.url));
      assert.deepEqual(bot.channel.textsTo(personalConversationId(ACTORS.globalAdmin)), ['Partner Desk hit a problem answering that, and nothing was changed that was not saved completely. Please try again.']);
      assert.deepEqual((await read(NORTHWIND)).relationships.find((r) => r.partnerId === 'contoso')?.roles, ['Global Administrator', 'Helpdesk Administrator']);
    });
  });
});
