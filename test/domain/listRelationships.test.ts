import assert from 'node:assert/strict';
import { READER_ROLES } from '../../domain/directoryRoles.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { listRelationships } from '../../domain/operations/listRelationships.js';
import { removeRoles } from '../../domain/operations/removeRoles.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

describe('listRelationships', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const listed = async (actor = ACTORS.globalAdmin, options: { includeEnded?: boolean } = {}) => {
    const result = await listRelationships(world.deps, actor, options);
    assert.ok(result.ok, JSON.stringify(result));
    return result.value.map((v) => [v.partner?.name, v.relationship.status]);
  };

  it('lists the partners the organization works with, by name, with their types and roles', async () => {
    const result = await listRelationships(world.deps, ACTORS.globalAdmin);
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((v) => [v.partner?.name, v.relationship.types, v.relationship.roles]), [
      ['Contoso Cloud Solutions', ['resellerAndDelegatedAdministrator'], ['Global Administrator', 'Helpdesk Administrator']],
      ['Fabrikam IT Services', ['reseller'], []],
      ['Woodgrove Advisors', ['mpsaPartner', 'advisor'], []],
    ]);
  });

  it('leaves out an ended relationship unless asked for it', async () => {
    assert.ok((await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: DEMO.northwind.tenantId })).ok);
    assert.deepEqual(await listed(), [['Contoso Cloud Solutions', 'active'], ['Woodgrove Advisors', 'active']]);
    assert.deepEqual(await listed(ACTORS.globalAdmin, { includeEnded: true }),
      [['Contoso Cloud Solutions', 'active'], ['Fabrikam IT Services', 'ended'], ['Woodgrove Advisors', 'active']]);
  });

  it('is open to Helpdesk admins and Global Readers', async () => {
    assert.equal((await listed(ACTORS.helpdeskAdmin)).length, 3);
    assert.equal((await listed(ACTORS.globalReader)).length, 3);
  });

  for (const name of ['plainUser', 'partnerStaff'] as const) {
    it(`refuses a ${name}`, async () => {
      const result = await listRelationships(world.deps, ACTORS[name]);
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, READER_ROLES);
    });
  }

  it('hands out the same frozen list until the relationships change, then the list as it is now', async () => {
    const list = async (options: { includeEnded?: boolean } = {}) => {
      const result = await listRelationships(world.deps, ACTORS.globalAdmin, options);
      assert.ok(result.ok);
      return result.value;
    };
    const first = await list();
    assert.equal(await list(), first);
    assert.ok(Object.isFrozen(first));
    assert.notEqual(await list({ includeEnded: true }), first, 'with ended relationships is another list');
    assert.ok((await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso', expectedVersion: 1 })).ok);
    const after = await list();
    assert.notEqual(after, first);
    assert.deepEqual(after.map((v) => [v.partner?.name, v.relationship.roles]), [['Contoso Cloud Solutions', []], ['Fabrikam IT Services', []], ['Woodgrove Advisors', []]]);
  });

  it("shows another tenant's admin only their own relationships", async () => {
    const result = await listRelationships(world.deps, ACTORS.otherTenantAdmin, { includeEnded: true });
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((v) => [v.relationship.partnerId, v.relationship.customerTenantId, v.relationship.types]),
      [['contoso', DEMO.tailspin.tenantId, ['reseller']]]);
  });
});
