import assert from 'node:assert/strict';
import { READER_ROLES } from '../../domain/directoryRoles.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { searchPartners, type PartnerMatch } from '../../domain/operations/searchPartners.js';
import type { Result } from '../../domain/result.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

function ids(result: Result<PartnerMatch[]>): string[] {
  assert.ok(result.ok, JSON.stringify(result));
  return result.value.map((m) => m.partner.id);
}

describe('searchPartners', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  it('lists every partner, by name, when nothing narrows the search', async () => {
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, {})),
      ['adatum', 'contoso', 'fabrikam', 'litware', 'proseware', 'relecloud', 'woodgrove']);
  });

  it('narrows by location: city, region or country, in any case', async () => {
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'seattle' })), ['contoso', 'proseware']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'TX' })), ['relecloud']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'United States' })), ['contoso', 'proseware', 'relecloud']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'London, United Kingdom' })), ['fabrikam']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'Seattle, WA' })), ['contoso', 'proseware']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'Reykjavik' })), []);
  });

  it('does not match a short region code hidden inside another word', async () => {
    // Litware is in Toronto, ON: "lONdON" and "BostON" contain "on" but are not in Ontario.
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'London' })), ['fabrikam']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'Boston' })), []);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'Toronto, ON' })), ['litware']);
  });

  it('narrows by organization size', async () => {
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { organizationSize: '1-9' })), ['fabrikam']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { organizationSize: '1000+' })), ['adatum', 'contoso', 'relecloud', 'woodgrove']);
    const bad = await searchPartners(world.deps, ACTORS.globalAdmin, { organizationSize: '5000' as '1000+' });
    assert.equal(!bad.ok && bad.refusal.kind, 'invalidInput');
  });

  it('ranks by how many keywords match, then by name, and drops partners matching none', async () => {
    const result = await searchPartners(world.deps, ACTORS.globalAdmin, { keywords: 'Identity, SECURITY' });
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((m) => [m.partner.id, m.score]), [['adatum', 2], ['proseware', 2], ['contoso', 1]]);

    const support = await searchPartners(world.deps, ACTORS.globalAdmin, { keywords: 'password reset support', organizationSize: '10-49' });
    assert.ok(support.ok);
    assert.deepEqual(support.value.map((m) => [m.partner.id, m.score]), [['fabrikam', 3]]);

    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { keywords: 'blockchain' })), []);
  });

  it('does not let a repeated keyword outrank a partner matching more different keywords', async () => {
    const result = await searchPartners(world.deps, ACTORS.globalAdmin, { keywords: 'analytics analytics analytics licensing helpdesk' });
    assert.ok(result.ok);
    const scores = Object.fromEntries(result.value.map((m) => [m.partner.id, m.score]));
    assert.equal(scores['relecloud'], 1, 'relecloud matches only "analytics"');
    assert.equal(scores['fabrikam'], 2, 'fabrikam matches "licensing" and "helpdesk"');
    assert.equal(result.value[0]?.partner.id, 'fabrikam');
  });

  it('combines location, size and keywords and honours the limit', async () => {
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { location: 'United States', organizationSize: '1000+', keywords: 'Azure' })), ['contoso', 'relecloud']);
    assert.deepEqual(ids(await searchPartners(world.deps, ACTORS.globalAdmin, { keywords: 'licensing', limit: 2 })), ['contoso', 'fabrikam']);
    const badLimit = await searchPartners(world.deps, ACTORS.globalAdmin, { limit: 0 });
    assert.equal(!badLimit.ok && badLimit.refusal.kind, 'invalidInput');
  });

  it('marks the partners the organization already works with, and only active ones', async () => {
    const before = await searchPartners(world.deps, ACTORS.globalAdmin, {});
    assert.ok(before.ok);
    assert.deepEqual(before.value.filter((m) => m.alreadyWorkingWith).map((m) => m.partner.id), ['contoso', 'fabrikam', 'woodgrove']);

    assert.ok((await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: DEMO.northwind.tenantId })).ok);
    const after = await searchPartners(world.deps, ACTORS.globalAdmin, {});
    assert.ok(after.ok);
    assert.deepEqual(after.value.filter((m) => m.alreadyWorkingWith).map((m) => m.partner.id), ['contoso', 'woodgrove']);
  });

  it("answers another tenant from that tenant's own relationships", async () => {
    const result = await searchPartners(world.deps, ACTORS.otherTenantAdmin, {});
    assert.ok(result.ok);
    assert.deepEqual(result.value.filter((m) => m.alreadyWorkingWith).map((m) => m.partner.id), ['contoso']);
  });

  it('is open to Helpdesk admins and Global Readers, not to other users or partner staff', async () => {
    assert.ok((await searchPartners(world.deps, ACTORS.helpdeskAdmin, { keywords: 'security' })).ok);
    assert.ok((await searchPartners(world.deps, ACTORS.globalReader, { keywords: 'security' })).ok);
    for (const actor of [ACTORS.plainUser, ACTORS.partnerStaff]) {
      const refused = await searchPartners(world.deps, actor, {});
      assert.ok(!refused.ok);
      assert.equal(refused.refusal.kind, 'notAllowed');
      assert.deepEqual(refused.refusal.kind === 'notAllowed' && refused.refusal.requiredRoles, READER_ROLES);
    }
  });
});
