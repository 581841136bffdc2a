import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness } from '../support/botHarness.js';
import { actionActivity, messageActivity } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

const APP_ID = '0a0b0c0d-1111-2222-3333-444455556666';

/** A structurally valid JWT for this bot, signed by a key Bot Framework never published. */
function forgedToken(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'not-a-bot-framework-key' })}.${encode({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: 'http://127.0.0.1/', nbf: now - 60, exp: now + 3600 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('the endpoint with authentication on (MicrosoftAppId set)', () => {
  let bot: BotHarness;
  beforeEach(async () => {
    // botbuilder prints every refused request's stack with console.error; keep the test output readable.
    sinon.stub(console, 'error');
    bot = await BotHarness.start({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret' });
  });
  afterEach(async () => {
    await bot.stop();
    sinon.restore();
  });

  const storeBytes = () => readFile(bot.app.store.layout.tenant(DEMO.northwind.tenantId), 'utf-8');
  const accept = () => actionActivity(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' }, { kind: 'personal' }, bot.channel.url);

  it('answers a request without a token with 401 and changes nothing, without botbuilder logging it as an error', async () => {
    const before = await storeBytes();
    const result = await bot.post(accept());
    assert.equal(result.status, 401);
    assert.equal((console.error as sinon.SinonStub).callCount, 0);
    assert.equal(await storeBytes(), before);
    assert.equal(bot.channel.calls.length, 0);
  });

  it('answers a token that is not a JWT with 401 and changes nothing', async () => {
    const before = await storeBytes();
    const result = await bot.post(accept(), { authorization: 'Bearer not-a-token' });
    assert.equal(result.status, 401);
    assert.equal(await storeBytes(), before);
  });

  it('answers a well-formed token signed by an unknown key with 401 and changes nothing', async () => {
    const before = await storeBytes();
    const result = await bot.post(accept(), { authorization: `Bearer ${forgedToken()}` });
    assert.equal(result.status, 401);
    // Why verification failed (here: the signing keys can't be fetched) is for the log, not for the caller.
    assert.doesNotMatch(JSON.stringify(result.body), /getaddrinfo|ENOTFOUND|ECONNREFUSED|botframework\.com/);
    assert.equal(await storeBytes(), before);
    assert.equal(bot.channel.calls.length, 0);
  });

  it('does not reply to a message without a token', async () => {
    const result = await bot.post(messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, bot.channel.url));
    assert.equal(result.status, 401);
    assert.equal(bot.channel.calls.length, 0);
  });
});
