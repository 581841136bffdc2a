import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness } from '../support/botHarness.js';
import { registerPartnerChannel } from '../support/flowSteps.js';
import { ACTORS } from '../support/testWorld.js';

describe('notifications queued by changes', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start({ OUTBOX_BATCH_MS: '400', OUTBOX_INTERVAL_MS: '3600000' }); });
  afterEach(async () => { await bot.stop(); });

  it('go out together within OUTBOX_BATCH_MS of the first change, not during the turns', async () => {
    const contoso = await registerPartnerChannel(bot, 'contoso');
    const woodgrove = await registerPartnerChannel(bot, 'woodgrove');
    await bot.app.dispatcher.idle();
    const sentBefore = bot.channel.calls.length;
    const started = Date.now();
    await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
    await bot.press(ACTORS.globalAdmin, 'setMpsaVisibility', { partnerId: 'woodgrove', mpsaPurchasesVisible: 'true' });
    await bot.press(ACTORS.globalAdmin, 'requestEnd', { partnerId: 'woodgrove', message: 'Consolidating.' });
    assert.equal(bot.channel.calls.length, sentBefore, `nothing sent while the turns ran: ${JSON.stringify(bot.channel.calls.slice(sentBefore).map((c) => [c.conversationId, c.activity['text'] ?? JSON.stringify(c.activity['attachments']).slice(0, 120)]))}`);

    const contosoBefore = bot.channel.to(contoso).length;
    const woodgroveBefore = bot.channel.to(woodgrove).length;
    await bot.channel.waitFor(() => bot.channel.to(contoso).length > contosoBefore && bot.channel.to(woodgrove).length > woodgroveBefore, 'both notifications', 3_000);
    const sentAt = bot.channel.calls.slice(sentBefore).map((c) => c.at - started);
    assert.ok(Math.min(...sentAt) >= 350, `sent after ${sentAt.join(', ')} ms`);
    assert.ok(Math.max(...sentAt) - Math.min(...sentAt) < 300, `one batch: ${sentAt.join(', ')} ms`);
    await bot.app.dispatcher.idle();
    assert.equal((await bot.app.store.tenants.read(DEMO.northwind.tenantId))!.outbox.length, 0);
  });
});
