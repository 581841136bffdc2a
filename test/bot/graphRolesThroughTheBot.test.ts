import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { GraphRoleSource } from '../../storage/graph/index.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { ACTORS } from '../support/testWorld.js';
import { credentials, StaticTokenCredential, TEMPLATE } from '../graph/graphFixtures.js';
import { graphError, GraphStandIn } from '../graph/graphStandIn.js';

const N = DEMO.northwind;
const TOKEN = 'northwind-app-token';

describe('roles from Microsoft Graph, through POST /api/messages', () => {
  let graph: GraphStandIn;
  let bot: BotHarness;

  beforeEach(async () => {
    graph = await GraphStandIn.start();
    graph.addTenant({
      token: TOKEN,
      users: {
        // Graph, not the store, decides: Pat is a Billing admin in Graph although the store gives her no role.
        [N.users.plainUser.objectId]: { displayName: 'Pat Lee', mail: 'pat@northwind.example', roleTemplateIds: [TEMPLATE.billing] },
        [N.users.helpdeskAdmin.objectId]: { displayName: 'Hana Kim', mail: 'hana@northwind.example', roleTemplateIds: [TEMPLATE.helpdesk] },
        [N.users.globalAdmin.objectId]: { displayName: 'Jane Doe', mail: 'jane@northwind.example', roleTemplateIds: [] },
      },
    });
    const roles = new GraphRoleSource({
      credentialFor: credentials({ [N.tenantId]: new StaticTokenCredential(TOKEN) }).credentialFor,
      baseUrl: graph.baseUrl,
      callTimeoutMs: 1_000,
      deadlineMs: 2_000,
    });
    bot = await BotHarness.start({}, { roles });
  });
  afterEach(async () => {
    await bot.stop();
    await graph.stop();
  });

  const adatum = async () => (await bot.app.store.tenants.read(N.tenantId))!.invitations.find((i) => i.id === DEMO.invitations.adatumDap)!;

  it('lets a Billing admin according to Graph accept, and records the email Graph knows', async () => {
    const card = await bot.press(ACTORS.plainUser, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /Adatum Consulting is now authorized/);
    const relationship = (await bot.app.store.tenants.read(N.tenantId))!.relationships.find((r) => r.partnerId === 'adatum')!;
    assert.equal(relationship.agreement?.acceptedBy.email, 'pat@northwind.example');
    assert.ok(graph.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
  });

  it('refuses someone Graph says holds no admin role, even one the demo store calls Global admin', async () => {
    const card = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /Global Administrator, Billing Administrator/);
    assert.equal((await adatum()).status, 'pending');
  });

  it('gives a Helpdesk admin read access and no change buttons', async () => {
    const card = await bot.press(ACTORS.helpdeskAdmin, 'showPartner', { partnerId: 'contoso' });
    assert.match(cardText(card), /Contoso Cloud Solutions/);
    assert.ok(!cardVerbs(card).includes('confirmRemoveRoles'));
  });

  it('refuses with the consent reason when Graph answers 403, and changes nothing', async () => {
    graph.override = () => graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const card = await bot.press(ACTORS.plainUser, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /roles could not be checked/i);
    assert.match(cardText(card), /admin consent/);
    assert.equal((await adatum()).status, 'pending');
  });

  it('says in help that the roles could not be checked, instead of "you hold no admin role"', async () => {
    graph.override = () => graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const { cards } = await bot.say(ACTORS.plainUser, 'help');
    assert.match(cardText(cards[0]), /Your roles could not be checked/);
    assert.doesNotMatch(cardText(cards[0]), /You hold no admin role/);
  });

  it('never answers "allowed" when Graph does not answer at all', async () => {
    graph.override = () => 'hang';
    const started = Date.now();
    const card = await bot.press(ACTORS.plainUser, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
    assert.match(cardText(card), /could not be checked/i);
    assert.ok(Date.now() - started < 5_000);
    assert.equal((await adatum()).status, 'pending');
  });
});
