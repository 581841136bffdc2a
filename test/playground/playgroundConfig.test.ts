import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { DEFAULT_PERSONA, findPersona, PERSONAS, playgroundConfig, playgroundConfigYaml } from '../../scripts/playgroundConfig.js';
import { DEMO } from '../../storage/demoIdentities.js';

const root = new URL('../../', import.meta.url);
const packageDir = path.dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json'));

/**
 * The config file schema the installed playground validates against, read out of its bundle (the package ships no
 * separate schema file). Pinned to 0.2.28: if an upgrade moves it, this says so rather than checking nothing.
 */
function playgroundSchema(): Record<string, unknown> {
  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf-8')) as { version: string }).version;
  const bundle = readFileSync(path.join(packageDir, 'dist', 'index.js'), 'utf-8');
  const match = /JSON\.parse\('(\{"\$id":"https:\/\/aka\.ms\/teams-app-test-tool-config\/0\.1\.1\/config\.schema\.json".*?)'\)\}/.exec(bundle);
  assert.ok(match, `the config schema 0.1.1 was not found in @microsoft/m365agentsplayground ${version}'s bundle; update this test for the new version`);
  return JSON.parse(match[1]!.replace(/\\(['\\])/g, '$1')) as Record<string, unknown>;
}

describe('Agents Playground config (.m365agentsplayground.yml)', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(playgroundSchema());

  it('is the generated config for Jane Doe, so `npm run playground` sends as the demo Global Administrator', () => {
    const committed = readFileSync(new URL('.m365agentsplayground.yml', root), 'utf-8');
    assert.equal(committed, playgroundConfigYaml(findPersona(DEFAULT_PERSONA)!), 'regenerate it: npx tsx -e "import {playgroundConfigYaml,findPersona} from \'./scripts/playgroundConfig.ts\'; process.stdout.write(playgroundConfigYaml(findPersona(\'jane\')!))" > .m365agentsplayground.yml');
    const config = parse(committed) as ReturnType<typeof playgroundConfig>;
    assert.equal(config.tenantId, DEMO.northwind.tenantId);
    assert.equal(config.currentUser.aadObjectId, DEMO.northwind.users.globalAdmin.objectId);
    assert.equal(config.currentUser.name, 'Jane Doe');
    assert.equal(config.currentUser.userPrincipleName, 'jane@northwind.example');
  });

  for (const persona of PERSONAS) {
    it(`--as ${persona.key}: valid for the playground, and sends as ${persona.person.name} of ${persona.tenant.name}`, () => {
      const text = playgroundConfigYaml(persona);
      const parsed = parse(text) as unknown;
      assert.deepEqual(parsed, playgroundConfig(persona), 'the YAML reads back as the config it was made from');
      assert.ok(validate(parsed), JSON.stringify(validate.errors, null, 2));
      const config = playgroundConfig(persona);
      // The playground's own checks beyond the schema: unique user ids, unique chat/team/channel ids.
      const userIds = [config.currentUser.id, ...config.users.map((u) => u.id)];
      assert.equal(new Set(userIds).size, 6);
      const placeIds = [config.personalChat.id, config.groupChat.id, config.team.id, ...config.team.channels.map((c) => c.id)];
      assert.equal(new Set(placeIds).size, placeIds.length);
      assert.equal(new Set([config.currentUser.aadObjectId, ...config.users.map((u) => u.aadObjectId)]).size, 6);
      assert.equal(config.tenantId, persona.tenant.id);
      assert.equal(config.currentUser.aadObjectId, persona.person.objectId);
    });
  }

  it('maps onto every Northwind demo user, each with its own 1:1 chat', () => {
    const northwind = PERSONAS.filter((p) => p.tenant.id === DEMO.northwind.tenantId);
    assert.deepEqual(
      northwind.map((p) => [p.key, p.person.objectId, p.person.name, p.person.email]),
      [
        ['jane', DEMO.northwind.users.globalAdmin.objectId, 'Jane Doe', 'jane@northwind.example'],
        ['bill', DEMO.northwind.users.billingAdmin.objectId, 'Bill Ramos', 'bill@northwind.example'],
        ['hana', DEMO.northwind.users.helpdeskAdmin.objectId, 'Hana Kim', 'hana@northwind.example'],
        ['reza', DEMO.northwind.users.globalReader.objectId, 'Reza Patel', 'reza@northwind.example'],
        ['pat', DEMO.northwind.users.plainUser.objectId, 'Pat Lee', 'pat@northwind.example'],
      ],
    );
    assert.equal(new Set(northwind.map((p) => playgroundConfig(p).personalChat.id)).size, 5);
    for (const persona of northwind) {
      const others = playgroundConfig(persona).users.map((u) => u.aadObjectId);
      const demoOthers = Object.values(DEMO.northwind.users).map((u) => u.objectId).filter((id) => id !== persona.person.objectId);
      assert.deepEqual(others.slice(0, 4), demoOthers, `${persona.key}'s tenant lists the other four demo users`);
    }
  });

  it('puts each partner\'s staff member in the partner\'s own tenant', () => {
    for (const partner of Object.values(DEMO.partners)) {
      const persona = findPersona(partner.id);
      assert.ok(persona, partner.id);
      assert.equal(playgroundConfig(persona).tenantId, partner.tenantId);
      assert.equal(playgroundConfig(persona).currentUser.aadObjectId, partner.staff.objectId);
    }
  });
});
