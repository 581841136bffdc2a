import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEFAULT_VERSION, PackagingError, fillManifest, settingsFrom } from '../../manifest/packageApp.js';
import { MANIFEST_VERSION, SCHEMA_PATH, SCHEMA_URL, manifestSchemaErrors } from '../../manifest/validateManifest.js';

const root = join(import.meta.dirname, '..', '..');
const SAMPLE_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

interface Command { title: string; description?: string }
interface CommandList { scopes: string[]; commands: Command[] }
interface Bot { botId: string; scopes: string[]; supportsFiles?: boolean; isNotificationOnly?: boolean; commandLists: CommandList[] }
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full?: string };
  description: { short: string; full: string };
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: Bot[];
  validDomains?: string[];
  webApplicationInfo?: unknown;
}

const template = (): unknown => JSON.parse(readFileSync(join(root, 'manifest', 'manifest.json'), 'utf8')) as unknown;
const filled = (domain?: string): Manifest => fillManifest(template(), { appId: SAMPLE_ID, botDomain: domain }) as Manifest;

describe('Teams app manifest', () => {
  it('validates offline against the official 1.29 schema once the app id is filled in', () => {
    assert.deepEqual(manifestSchemaErrors(filled()), []);
    assert.deepEqual(manifestSchemaErrors(filled('partner-desk.example.com')), []);
  });

  it('does not validate with the placeholder still in it (the token is not a GUID)', () => {
    const errors = manifestSchemaErrors(template());
    assert.ok(errors.some((e) => e.startsWith('/id ')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('/bots/0/botId ')), errors.join('\n'));
  });

  it('the validator catches real mistakes (unknown property, bad colour, wrong version, bad bot scope, long short name)', () => {
    const base = filled() as unknown as Record<string, unknown>;
    const bot = (base.bots as Bot[])[0];
    const cases: Record<string, unknown> = {
      unknownProperty: { ...base, colour: '#fff' },
      accentColor: { ...base, accentColor: 'blue' },
      manifestVersion: { ...base, manifestVersion: '1.28' },
      botScope: { ...base, bots: [{ ...bot, scopes: ['everyone'] }] },
      shortName: { ...base, name: { short: 'x'.repeat(31) } },
      developerUrl: { ...base, developer: { ...(base.developer as object), websiteUrl: 'example.com' } },
      missingIcons: { ...base, icons: undefined },
    };
    for (const [name, manifest] of Object.entries(cases)) {
      const json = JSON.parse(JSON.stringify(manifest)) as unknown;
      assert.notDeepEqual(manifestSchemaErrors(json), [], `${name} should be rejected`);
    }
  });

  it('uses manifestVersion 1.29 with the matching $schema URL', () => {
    const m = filled();
    assert.equal(m.manifestVersion, '1.29');
    assert.equal(MANIFEST_VERSION, '1.29');
    assert.equal(m.$schema, 'https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json');
    assert.equal(m.$schema, SCHEMA_URL);
  });

  it('uses the same app id for the app and the bot, from the ${{BOT_ID}} token', () => {
    const raw = readFileSync(join(root, 'manifest', 'manifest.json'), 'utf8');
    assert.equal((raw.match(/\$\{\{BOT_ID\}\}/g) ?? []).length, 2);
    const m = filled();
    assert.equal(m.id, SAMPLE_ID);
    assert.equal(m.bots[0]?.botId, SAMPLE_ID);
    assert.ok(!JSON.stringify(m).includes('${{'), 'no token left');
  });

  it('is a conversational bot for personal, team and group chat that takes no files', () => {
    const m = filled();
    assert.equal(m.bots.length, 1);
    const bot = m.bots[0]!;
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, false);
    assert.equal(bot.isNotificationOnly, false);
    assert.equal(m.webApplicationInfo, undefined);
  });

  it('lists the commands for each scope, each with a description', () => {
    const bot = filled().bots[0]!;
    const titles = (scope: string): string[] => bot.commandLists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
    const chat = ['help', 'pending invitations', 'partners', 'show <partner>', 'find a partner', 'history', 'which partners have admin roles?'];
    assert.deepEqual(titles('personal'), chat);
    assert.deepEqual(titles('groupChat'), chat);
    assert.deepEqual(
      [...titles('team')].sort(),
      [...new Set([...chat, 'register channel', 'invite <customer tenant id>', 'my customers', 'help'])].sort(),
    );
    for (const list of bot.commandLists) {
      assert.equal(list.scopes.length, 1, 'one command list per scope');
      for (const command of list.commands) assert.ok(command.description && command.description.length > 10, `${command.title} has a description`);
    }
  });

  it('names the app, its developer (https URLs) and says what it does', () => {
    const m = filled();
    assert.equal(m.name.short, 'Partner Desk');
    assert.equal(m.developer.name, 'Partner Desk team');
    for (const url of [m.developer.websiteUrl, m.developer.privacyUrl, m.developer.termsOfUseUrl]) {
      assert.equal(new URL(url).protocol, 'https:', url);
    }
    const full = m.description.full.toLowerCase();
    for (const phrase of ['invitation', 'microsoft customer agreement', 'authorize', 'remove', 'admin roles', 'find a partner', 'notified', 'channel', 'plain words']) {
      assert.ok(full.includes(phrase), `full description mentions "${phrase}"`);
    }
    assert.match(m.description.short, /invitation/i);
    assert.match(m.accentColor, /^#[0-9A-Fa-f]{6}$/);
    assert.deepEqual(m.icons, { color: 'color.png', outline: 'outline.png' });
  });

  it('fills validDomains from BOT_DOMAIN, and leaves it empty without one', () => {
    assert.deepEqual(filled('partner-desk.example.com').validDomains, ['partner-desk.example.com']);
    assert.deepEqual(filled().validDomains, []);
  });

  it('refuses a template token that has no value', () => {
    assert.throws(() => fillManifest({ id: '${{TEAMS_APP_ID}}' }, { appId: SAMPLE_ID }), (e: unknown) => e instanceof PackagingError && /TEAMS_APP_ID/.test(e.message));
  });

  it('checks the app id and domain settings', () => {
    assert.deepEqual(settingsFrom({ MicrosoftAppId: ` ${SAMPLE_ID} ` }), { appId: SAMPLE_ID, botDomain: undefined, appVersion: DEFAULT_VERSION });
    assert.throws(() => settingsFrom({}), /MicrosoftAppId is not set/);
    assert.throws(() => settingsFrom({ MicrosoftAppId: '' }), /MicrosoftAppId is not set/);
    assert.throws(() => settingsFrom({ MicrosoftAppId: 'my-bot' }), /MicrosoftAppId must be a GUID/);
    assert.throws(() => settingsFrom({ MicrosoftAppId: `${SAMPLE_ID}0` }), /must be a GUID/);
    assert.throws(() => settingsFrom({ MicrosoftAppId: SAMPLE_ID, BOT_DOMAIN: 'https://bot.example.com/api' }), /BOT_DOMAIN must be a host name/);
    assert.equal(settingsFrom({ MicrosoftAppId: SAMPLE_ID, BOT_DOMAIN: 'abc-3978.euw.devtunnels.ms' }).botDomain, 'abc-3978.euw.devtunnels.ms');
  });

  it('takes the app version from APP_VERSION, else package.json, and refuses one Teams would not accept', () => {
    assert.equal(settingsFrom({ MicrosoftAppId: SAMPLE_ID, APP_VERSION: '1.4.2' }).appVersion, '1.4.2');
    assert.match(DEFAULT_VERSION, /^\d+\.\d+\.\d+$/);
    assert.throws(() => settingsFrom({ MicrosoftAppId: SAMPLE_ID, APP_VERSION: 'v2' }), /APP_VERSION must be a version/);
    const filled = fillManifest(JSON.parse(readFileSync(join(root, 'manifest', 'manifest.json'), 'utf8')), { appId: SAMPLE_ID, appVersion: '2.0.1' }) as { version: string };
    assert.equal(filled.version, '2.0.1');
  });

  it('keeps the official schema (and its MIT licence) inside the project, same as the one @microsoft/app-manifest ships', () => {
    assert.ok(existsSync(SCHEMA_PATH), SCHEMA_PATH);
    assert.match(readFileSync(join(root, 'manifest', 'schema', 'LICENSE.txt'), 'utf8'), /MIT License/);
    const ours = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { properties: { manifestVersion: { const?: string } } };
    assert.equal(ours.properties.manifestVersion.const, '1.29');
    const require = createRequire(import.meta.url);
    const shipped = require.resolve('@microsoft/app-manifest/build/json-schemas/teams/v1.29/MicrosoftTeams.schema.json');
    assert.deepEqual(ours, JSON.parse(readFileSync(shipped, 'utf8')));
  });
});
