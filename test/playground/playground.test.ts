import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type App, startApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { findPersona, playgroundConfig } from '../../scripts/playgroundConfig.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { adaptiveCards, launchChromium, openPlayground, PlaygroundProcess, requireChromium, sendMessage, settledCardCount } from './playgroundRun.js';

/**
 * The real bot, the real Microsoft 365 Agents Playground (the pinned npm package) pointed at it, and its web page
 * driven in headless Chromium: what `npm start` + `npm run playground` give a developer, checked end to end. All of it
 * on this machine; requests the page makes elsewhere (web fonts) are refused.
 */
describe('Microsoft 365 Agents Playground, against the real bot', function () {
  this.timeout(45_000);
  const jane = findPersona('jane')!;
  let storeDir = '';
  let app: App | undefined;
  let playground: PlaygroundProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    requireChromium(); // first, so a missing browser fails with its own message
    storeDir = await mkdtemp(path.join(tmpdir(), 'partner-desk-playground-store-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: storeDir, LOG_LEVEL: 'silent', OUTBOX_INTERVAL_MS: '100' });
    app = await startApp(config, createLogger('silent'));
    playground = await PlaygroundProcess.start(jane, `${app.url}/api/messages`);
    browser = await launchChromium();
    page = await openPlayground(browser, playground.url);
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await app?.close();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  it('shows the bot\'s help card for "help", addressed to Jane Doe', async () => {
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    // On load the playground tells the bot it was installed, and the bot may welcome: let that settle first, so the
    // card checked below is the answer to "help" and not the welcome.
    await page.getByText(/installationUpdate 200/).first().waitFor({ timeout: 15_000 });
    const before = await settledCardCount(page);
    await sendMessage(page, 'help');
    const help = adaptiveCards(page).nth(before);
    await help.waitFor({ timeout: 15_000 });
    const text = await help.innerText();
    assert.match(text, /Partner Desk/);
    assert.match(text, /Jane Doe/, 'the card is addressed to the person the playground sends as');
    // A Global Administrator's help offers what only admins can do.
    for (const button of ['Pending invitations', 'Partners']) {
      assert.equal(await help.getByRole('button', { name: button, exact: true }).count(), 1, `the help card has a "${button}" button`);
    }
  });

  it('sends what Teams sends: the bot remembers Jane\'s chat under her object id and Northwind\'s tenant', async () => {
    const expected = playgroundConfig(jane);
    const northwind = await app!.store.tenants.read(DEMO.northwind.tenantId);
    const conversation = northwind?.conversations[expected.personalChat.id] as { kind?: string; userObjectId?: string; reference?: { conversation?: { tenantId?: string }; serviceUrl?: string } } | undefined;
    assert.ok(conversation, `the bot stored the playground's personal chat ${expected.personalChat.id}`);
    assert.equal(conversation.kind, 'personal');
    assert.equal(conversation.userObjectId, DEMO.northwind.users.globalAdmin.objectId);
    assert.equal(conversation.reference?.conversation?.tenantId, DEMO.northwind.tenantId);
    assert.equal(conversation.reference?.serviceUrl, `${playground!.url.replace('127.0.0.1', 'localhost')}/_connector`);
  });

  it('runs a card button (Action.Execute) through the bot and shows the card it answers with', async () => {
    const help = adaptiveCards(page).filter({ hasText: 'Jane Doe' }).last();
    await help.getByRole('button', { name: 'Partners', exact: true }).click();
    const partners = adaptiveCards(page).filter({ hasText: 'Partners you work with' });
    await partners.first().waitFor({ timeout: 15_000 });
    assert.match(await partners.first().innerText(), /Contoso Cloud Solutions/);
  });
});
