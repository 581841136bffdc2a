import assert from 'node:assert/strict';
import { READER_ROLES } from '../../domain/directoryRoles.js';
import { getPartnerDetails } from '../../domain/operations/getPartnerDetails.js';
import { setMpsaVisibility } from '../../domain/operations/setMpsaVisibility.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';

const ADATUM = DEMO.invitations.adatumDap;

describe('getPartnerDetails', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  it('shows a partner the organization works with: its relationship and roles', async () => {
    const result = await getPartnerDetails(world.deps, ACTORS.helpdeskAdmin, 'contoso');
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.partner.name, 'Contoso Cloud Solutions');
    assert.equal(result.value.relationship?.customerTenantId, DEMO.northwind.tenantId);
    assert.deepEqual(result.value.relationship?.types, ['resellerAndDelegatedAdministrator']);
    assert.deepEqual(result.value.relationship?.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.equal(result.value.relationship?.agreement?.acceptedBy.displayName, 'Jane Doe');
    assert.deepEqual(result.value.pendingInvitations, []);
    assert.deepEqual(result.value.recentChanges, []);
  });

  it('shows a partner that has only invited the organization, with its open invitation and its history', async () => {
    const result = await getPartnerDetails(world.deps, ACTORS.globalReader, 'adatum');
    assert.ok(result.ok);
    assert.equal(result.value.relationship, undefined);
    assert.deepEqual(result.value.pendingInvitations.map((i) => i.id), [ADATUM]);
    assert.deepEqual(result.value.recentChanges.map((e) => [e.action, e.subject]), [['invitation.created', ADATUM]]);
  });

  it('leaves out an invitation past its 90 days', async () => {
    world.clock.advanceDays(87);
    const result = await getPartnerDetails(world.deps, ACTORS.globalAdmin, 'adatum');
    assert.ok(result.ok);
    assert.deepEqual(result.value.pendingInvitations, []);
  });

  it('keeps the five latest changes with the partner, newest first', async () => {
    for (let i = 0; i < 6; i++) {
      world.clock.advanceMs(60_000);
      assert.ok((await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: i % 2 === 0 })).ok);
    }
    const result = await getPartnerDetails(world.deps, ACTORS.globalAdmin, 'woodgrove');
    assert.ok(result.ok);
    const versions = result.value.recentChanges.map((e) => (e.after as { version: number }).version);
    assert.deepEqual(versions, [7, 6, 5, 4, 3]);
    assert.ok(result.value.recentChanges.every((e) => e.partnerId === 'woodgrove'));
    assert.equal(result.value.relationship?.version, 7);
  });

  it('answers an unlisted partner with notFound and a malformed id with invalidInput', async () => {
    assert.deepEqual(await getPartnerDetails(world.deps, ACTORS.globalAdmin, 'nobody'), { ok: false, refusal: { kind: 'notFound', what: 'partner', id: 'nobody' } });
    const bad = await getPartnerDetails(world.deps, ACTORS.globalAdmin, 'Contoso Cloud');
    assert.equal(!bad.ok && bad.refusal.kind, 'invalidInput');
  });

  for (const name of ['plainUser', 'partnerStaff'] as const) {
    it(`refuses a ${name}`, async () => {
      const result = await getPartnerDetails(world.deps, ACTORS[name], 'contoso');
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, READER_ROLES);
    });
  }

  it("shows another tenant's admin only their own relationship with the partner", async () => {
    const contoso = await getPartnerDetails(world.deps, ACTORS.otherTenantAdmin, 'contoso');
    assert.ok(contoso.ok);
    assert.equal(contoso.value.relationship?.customerTenantId, DEMO.tailspin.tenantId);
    assert.deepEqual(contoso.value.relationship?.roles, []);
    const adatum = await getPartnerDetails(world.deps, ACTORS.otherTenantAdmin, 'adatum');
    assert.ok(adatum.ok);
    assert.equal(adatum.value.relationship, undefined);
    assert.deepEqual(adatum.value.pendingInvitations, []);
    assert.deepEqual(adatum.value.recentChanges, []);
  });
});
