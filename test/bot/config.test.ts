import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '../../bot/app.js';
import { authenticationEnabled, ConfigError, loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import type { TenantState } from '../../domain/model.js';
import { demoSeed } from '../../storage/demoData.js';

const APP_ID = '0a0b0c0d-1111-2222-3333-444455556666';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('runs a fresh clone with no settings: port 3978, ./data, demo data, authentication off', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3978);
    assert.equal(config.STORE_DIR, './data');
    assert.equal(config.SEED_DEMO_DATA, true);
    assert.equal(authenticationEnabled(config), false);
  });

  it('turns authentication on with an app id and its secret', () => {
    assert.equal(authenticationEnabled(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's3cret' })), true);
  });

  it('treats empty values as unset, as a copied .env.example has them', () => {
    const config = loadConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '', PARTNERS_FILE: '' });
    assert.equal(authenticationEnabled(config), false);
  });

  it('names each bad value with what it should be', () => {
    const found = problems({ PORT: 'eighty', MicrosoftAppId: 'not-a-guid', LOG_LEVEL: 'loud', SEED_DEMO_DATA: 'maybe', AGREEMENT_URL: 'nope' });
    assert.ok(found.some((p) => p.startsWith('PORT')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('MicrosoftAppId') && p.includes('GUID')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('LOG_LEVEL')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('SEED_DEMO_DATA')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('AGREEMENT_URL')), found.join('\n'));
  });

  it('requires the secret with an app id, and a tenant for single-tenant bots', () => {
    assert.ok(problems({ MicrosoftAppId: APP_ID }).some((p) => p.startsWith('MicrosoftAppPassword')));
    assert.ok(problems({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }).some((p) => p.startsWith('MicrosoftAppTenantId')));
  });

  it('refuses a secret without an app id, which would silently leave authentication off', () => {
    assert.ok(problems({ MicrosoftAppPassword: 'x' }).some((p) => p.startsWith('MicrosoftAppId')));
  });

  it('refuses ROLE_SOURCE=graph without the app credentials it signs in with', () => {
    assert.ok(problems({ ROLE_SOURCE: 'graph' }).some((p) => p.startsWith('ROLE_SOURCE')));
    assert.equal(loadConfig({ ROLE_SOURCE: 'graph', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' }).ROLE_SOURCE, 'graph');
  });

  it('refuses a partner list file that does not exist', () => {
    assert.ok(problems({ PARTNERS_FILE: '/nonexistent/partners.json' }).some((p) => p.startsWith('PARTNERS_FILE')));
  });

  it('keeps 2,000 tenants parsed unless TENANT_CACHE_SIZE says otherwise, and refuses a size that is not a positive whole number', () => {
    assert.equal(loadConfig({}).TENANT_CACHE_SIZE, 2_000);
    assert.equal(loadConfig({ TENANT_CACHE_SIZE: '' }).TENANT_CACHE_SIZE, 2_000);
    assert.equal(loadConfig({ TENANT_CACHE_SIZE: '500' }).TENANT_CACHE_SIZE, 500);
    for (const bad of ['0', '-5', '2.5', 'lots']) {
      assert.ok(problems({ TENANT_CACHE_SIZE: bad }).some((p) => p.startsWith('TENANT_CACHE_SIZE')), bad);
    }
  });

  it('explains the refusal in one message that points at .env.example', () => {
    assert.throws(() => loadConfig({ PORT: '-1' }), /configuration is not valid[\s\S]*PORT[\s\S]*\.env\.example/);
  });
});

describe('the operator partner list (PARTNERS_FILE)', () => {
  it('refuses to start with a file that is not a list of partner profiles, as a configuration problem', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-partners-'));
    try {
      const file = path.join(dir, 'partners.json');
      await writeFile(file, JSON.stringify([{ id: 'Not An Id', name: 'X' }]));
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: path.join(dir, 'store'), PARTNERS_FILE: file, LOG_LEVEL: 'silent' });
      await assert.rejects(startApp(config, createLogger('silent')), (error: unknown) => error instanceof ConfigError && /PARTNERS_FILE [^\n]* is not a list of partner profiles/.test(error.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TENANT_CACHE_SIZE', () => {
  it('bounds how many tenants the running bot keeps parsed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-cache-size-'));
    const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: dir, TENANT_CACHE_SIZE: '2', LOG_LEVEL: 'silent' }), createLogger('silent'));
    try {
      const tenants = app.store.tenants;
      const ids = demoSeed(new Date()).tenants.map((t) => t.tenant.id).slice(0, 3);
      assert.equal(ids.length, 3, 'the demo data has at least three tenants');
      const first: Array<TenantState | undefined> = [];
      for (const id of ids) first.push(await tenants.read(id));
      // The newest two are handed out again as the same objects; the first was dropped and is read back from its file.
      const again = [];
      for (const id of [...ids].reverse()) again.push(await tenants.read(id));
      assert.deepEqual(again.map((state, i) => state === first[2 - i]), [true, true, false]);
      assert.deepEqual(again[2], first[0]);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
