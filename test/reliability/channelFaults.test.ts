import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Notification, TenantState } from '../../domain/model.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { cardText } from '../support/botHarness.js';
import { ChannelServiceStandIn } from '../support/channelServiceStandIn.js';
import { partnerChannel } from '../support/flowSteps.js';
import { ACTORS, partnerActor } from '../support/testWorld.js';
import { ChannelProxy } from './support/channelProxy.js';
import { type ChildBot, install, killLeftoverBots, press, sleep, startBot, tenantOnDisk, waitUntil } from './support/childBot.js';

/**
 * The channel service (Teams at serviceUrl) failing while notifications are queued, and the server restarted in the
 * middle of it, with the real server process (`node --import tsx bot/index.ts`) and its production retry policy
 * (first retry 2 s later, doubling; a call abandoned after 15 s; botbuilder's connector itself retries a 5xx, a 429
 * or a refused connection three times before the outbox sees a failure).
 *
 * Delivery is at least once, and exactly once whenever the process stops gracefully: SIGTERM lets the call under way
 * finish and records its outcome before exiting. kill -9 has one window: a call that reached the channel service but
 * whose "sent" was not yet written is made again after the restart (see the last kill -9 test, which hits that window
 * on purpose and counts the duplicate).
 */

const NORTHWIND = DEMO.northwind.tenantId;
const CONTOSO = DEMO.partners.contoso;
const ENV = { SEED_DEMO_DATA: 'true', OUTBOX_INTERVAL_MS: '100' };

describe('Channel service faults across a restart of the real server', function () {
  this.timeout(60_000);

  let root: string;
  let storeDir: string;
  let channel: ChannelServiceStandIn;
  let proxy: ChannelProxy | undefined;
  let bot: ChildBot;
  const contosoChannel = partnerChannel('contoso');

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'partner-desk-faults-'));
    storeDir = path.join(root, 'store');
    channel = await new ChannelServiceStandIn().start();
    proxy = undefined;
  });

  afterEach(async () => {
    await killLeftoverBots();
    await proxy?.down();
    await channel.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** A fresh demo store; Contoso's staff register their team channel, reached at `serviceUrl`. */
  async function startWithContosoChannel(serviceUrl: string): Promise<void> {
    bot = await startBot(storeDir, ENV);
    assert.equal((await install(bot.url, serviceUrl, partnerActor('contoso'), contosoChannel)).status, 200);
    const registered = await press(bot.url, serviceUrl, partnerActor('contoso'), 'registerChannel', {}, contosoChannel);
    assert.match(registered.text, /This channel is registered/);
  }

  const northwindOutbox = async (): Promise<Notification[]> => (await tenantOnDisk(storeDir, NORTHWIND))!.outbox;
  const contosoOnDisk = async (): Promise<TenantState> => (await tenantOnDisk(storeDir, CONTOSO.tenantId))!;
  const cardsInContoso = (pattern: RegExp) => channel.cardsTo(contosoChannel.channelId).filter((card) => pattern.test(cardText(card)));
  const ROLES_REMOVED = /Northwind Traders removed your admin roles/;

  async function removeContosoRoles(serviceUrl: string): Promise<void> {
    const answer = await press(bot.url, serviceUrl, ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
    assert.match(answer.text, /Admin roles removed from Contoso/);
  }

  async function contactContoso(serviceUrl: string, requestId: string): Promise<void> {
    const answer = await press(bot.url, serviceUrl, ACTORS.globalAdmin, 'contactPartners', { partnerIds: 'contoso', requestId, businessNeeds: `Fault test ${requestId}: call us.` });
    assert.match(answer.text, /Request sent/);
  }

  /** Waits until the note's failed attempt is recorded on disk, and returns it. */
  async function failedAttemptOnDisk(error: RegExp, timeoutMs = 15_000): Promise<Notification> {
    let note: Notification | undefined;
    await waitUntil(async () => {
      note = (await northwindOutbox())[0];
      return (note?.attempts ?? 0) >= 1;
    }, 'a failed attempt recorded on disk', timeoutMs, 25);
    assert.match(note!.lastError ?? '', error);
    return note!;
  }

  /** Restarts the server and waits until Northwind's outbox is empty on disk. */
  async function restartAndDrain(): Promise<void> {
    bot = await startBot(storeDir, ENV);
    await waitUntil(async () => (await northwindOutbox()).length === 0, "Northwind's outbox to drain after the restart", 20_000);
  }

  it('500: retried with backoff; SIGTERM while it waits, the service recovers, the restarted server delivers it exactly once', async () => {
    await startWithContosoChannel(channel.url);
    channel.failAlways({ kind: 'status', status: 500 });
    await removeContosoRoles(channel.url);
    const failed = await failedAttemptOnDisk(/HTTP 500/);
    assert.ok(Date.parse(failed.nextAttemptAt) - Date.now() > 1_000, 'the next attempt waits (backoff), it is not immediate');

    const stopping = Date.now();
    assert.equal((await bot.stop('SIGTERM')).code, 0, 'a clean exit');
    assert.ok(Date.now() - stopping < 5_000, `SIGTERM between attempts stops at once (${Date.now() - stopping} ms)`);
    const [pending, ...others] = await northwindOutbox();
    assert.equal(others.length, 0);
    assert.equal(pending?.id, failed.id, 'the note is still in the stored outbox after the stop');
    assert.equal(cardsInContoso(ROLES_REMOVED).length, 0);

    channel.recover();
    await restartAndDrain();
    await sleep(1_000); // time for a second copy, were one coming
    assert.equal(cardsInContoso(ROLES_REMOVED).length, 1, 'delivered exactly once');
    assert.equal((await bot.stop('SIGTERM')).code, 0);
  });

  it('429 with Retry-After: the wait the service asked for is stored, and honoured by the server restarted after kill -9; exactly once', async () => {
    await startWithContosoChannel(channel.url);
    // botbuilder's connector waits out the first three itself; the fourth answer reaches the outbox.
    channel.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } }, 3);
    channel.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '4' } });
    await removeContosoRoles(channel.url);
    const failed = await failedAttemptOnDisk(/HTTP 429/);
    const notBefore = Date.parse(failed.nextAttemptAt);
    assert.ok(notBefore - Date.now() > 2_500, `the stored retry honours Retry-After: 4, longer than the 2 s backoff (in ${notBefore - Date.now()} ms)`);

    assert.equal((await bot.stop('SIGKILL')).signal, 'SIGKILL');
    await restartAndDrain();
    await sleep(1_000);
    const delivered = channel.to(contosoChannel.channelId).filter((c) => ROLES_REMOVED.test(cardText(c.activity['attachments'])));
    assert.equal(delivered.length, 1, 'delivered exactly once');
    assert.ok(delivered[0]!.at >= notBefore - 50, `not sent again before the time the service asked for (${delivered[0]!.at - notBefore} ms)`);
  });

  it('a call that hangs: kill -9 while it is unanswered; after the restart the note is delivered exactly once', async () => {
    proxy = await new ChannelProxy(channel.url).start();
    await startWithContosoChannel(proxy.url);
    channel.failAlways({ kind: 'hang' });
    const before = proxy.received;
    await removeContosoRoles(proxy.url);
    await waitUntil(() => proxy!.received > before, 'the notification call to reach the (hanging) service', 5_000, 10);
    await sleep(200);

    // (A SIGTERM here would wait for the sender's 15 s timeout, record the failure, then exit: slow, so not run here.)
    // The stand-in never processed the hung call; a real service that processed it and hung only on the answer is the
    // at-least-once window of the last kill -9 test: the note would be shown twice.
    assert.equal((await bot.stop('SIGKILL')).signal, 'SIGKILL');
    const [pending] = await northwindOutbox();
    assert.equal(pending?.attempts, 0, 'the hanging call never got an outcome, and the note is still queued');
    channel.recover();
    await restartAndDrain();
    await sleep(1_000);
    assert.equal(cardsInContoso(ROLES_REMOVED).length, 1, 'delivered exactly once');
  });

  it('connection refused (the service is down): retried; SIGTERM; the service comes back; the restarted server delivers exactly once', async () => {
    proxy = await new ChannelProxy(channel.url).start();
    await startWithContosoChannel(proxy.url);
    await proxy.down();
    await removeContosoRoles(proxy.url);
    const failed = await failedAttemptOnDisk(/ECONNREFUSED|connect/i);
    assert.equal((await bot.stop('SIGTERM')).code, 0);
    assert.equal((await northwindOutbox())[0]?.id, failed.id);

    await proxy.up();
    await restartAndDrain();
    await sleep(1_000);
    assert.equal(cardsInContoso(ROLES_REMOVED).length, 1, 'delivered exactly once');
    assert.equal((await bot.stop('SIGTERM')).code, 0);
  });

  it('SIGTERM while notifications are being delivered: the call under way finishes and is recorded; after the restart each is delivered exactly once', async () => {
    proxy = await new ChannelProxy(channel.url).start();
    await startWithContosoChannel(proxy.url);
    proxy.delayAnswers(600); // every call reaches the service at once, and its answer comes back 600 ms later
    const ids = Array.from({ length: 5 }, (_, n) => `sigterm-request-${n}`);
    for (const id of ids) await contactContoso(proxy.url, id);
    await channel.waitFor(() => cardsInContoso(/Fault test sigterm-request-/).length >= 2, 'two notes to reach the service', 10_000);

    assert.equal((await bot.stop('SIGTERM')).code, 0, 'a clean exit');
    const reached = cardsInContoso(/Fault test sigterm-request-/).length;
    const stillQueued = (await northwindOutbox()).length;
    assert.equal(reached + stillQueued, ids.length, `what reached the service (${reached}) is exactly what left the stored outbox`);
    assert.ok(stillQueued > 0, 'some notes were still waiting at the stop');

    proxy.release();
    await restartAndDrain();
    await sleep(1_000);
    for (const id of ids) assert.equal(cardsInContoso(new RegExp(`Fault test ${id}:`)).length, 1, `${id} delivered exactly once`);
    assert.equal((await bot.stop('SIGTERM')).code, 0);
  });

  it('kill -9 after a call reached the service but before its outcome was written: none lost, that one sent twice (the at-least-once window)', async () => {
    proxy = await new ChannelProxy(channel.url).start();
    await startWithContosoChannel(proxy.url);
    proxy.answerOnly(2); // the third call reaches the service (Teams shows the card) but its answer never comes back
    const ids = Array.from({ length: 5 }, (_, n) => `kill-request-${n}`);
    for (const id of ids) await contactContoso(proxy.url, id);
    await channel.waitFor(() => cardsInContoso(/Fault test kill-request-/).length >= 3, 'three notes to reach the service', 10_000);

    assert.equal((await bot.stop('SIGKILL')).signal, 'SIGKILL');
    assert.equal((await northwindOutbox()).length, 3, 'two recorded as sent; the third was sent but its outcome never written');

    proxy.release();
    await restartAndDrain();
    await sleep(1_000);
    const copies = ids.map((id) => cardsInContoso(new RegExp(`Fault test ${id}:`)).length);
    const duplicates = copies.reduce((sum, n) => sum + n - 1, 0);
    console.log(`      kill -9 in the send window: ${ids.length} notes, ${copies.reduce((a, b) => a + b, 0)} deliveries, ${duplicates} duplicate(s) (copies per note: ${copies.join(', ')})`);
    // None lost. The note whose call was under way at the kill is sent again: the process died between the channel
    // service accepting it and the store recording "delivered", so after the restart the outbox can't tell it went
    // out. Bot Framework offers no idempotency key for proactive messages, so at-least-once is the guarantee; at most
    // one note per kill (the outbox sends one call at a time) is repeated, to the conversations that call covered.
    assert.ok(copies.every((n) => n >= 1), 'none lost');
    assert.deepEqual(copies, [1, 1, 2, 1, 1], 'exactly the note in flight at the kill is repeated, once');
    assert.equal((await bot.stop('SIGTERM')).code, 0);
  });

  it('403 "bot not in conversation": the reference is retired on disk, stays retired after a restart, and the note waits for a new channel', async () => {
    await startWithContosoChannel(channel.url);
    channel.failNext({ kind: 'status', status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
    await removeContosoRoles(channel.url);
    await waitUntil(async () => (await contosoOnDisk()).conversations[contosoChannel.channelId] === undefined, 'the conversation reference to be retired on disk', 10_000);
    const contoso = await contosoOnDisk();
    assert.equal(contoso.partnerChannels['contoso'], undefined, 'the registration is retired with it');
    assert.equal(contoso.audit.at(-1)?.action, 'channel.retired');
    assert.equal((await bot.stop('SIGTERM')).code, 0);

    bot = await startBot(storeDir, ENV);
    await sleep(500);
    assert.equal((await contosoOnDisk()).conversations[contosoChannel.channelId], undefined, 'still retired after the restart');
    const [waiting] = await northwindOutbox();
    assert.match(waiting?.lastError ?? '', /^waiting: /);
    assert.equal(cardsInContoso(ROLES_REMOVED).length, 0, 'never delivered to the retired conversation');

    const newChannel = { kind: 'channel' as const, channelId: '19:contoso-new@thread.tacv2', teamName: 'Contoso', channelName: 'Partner Desk 2' };
    await install(bot.url, channel.url, partnerActor('contoso'), newChannel);
    await press(bot.url, channel.url, partnerActor('contoso'), 'registerChannel', {}, newChannel);
    await waitUntil(async () => (await northwindOutbox()).length === 0, 'the note to go to the new channel', 10_000);
    await sleep(500);
    assert.equal(channel.cardsTo(newChannel.channelId).filter((card) => ROLES_REMOVED.test(cardText(card))).length, 1);
    assert.equal(cardsInContoso(ROLES_REMOVED).length, 0);
    assert.equal((await bot.stop('SIGTERM')).code, 0);
  });
});
