import assert from 'node:assert/strict';
import { READER_ROLES } from '../../domain/directoryRoles.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { getInvitation } from '../../domain/operations/getInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';

const ADATUM = DEMO.invitations.adatumDap;

describe('getInvitation', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  it('shows the invitation with its partner, types and roles', async () => {
    const result = await getInvitation(world.deps, ACTORS.helpdeskAdmin, ADATUM);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.status, 'pending');
    assert.equal(result.value.partner?.name, 'Adatum Consulting');
    assert.deepEqual(result.value.invitation.types, ['resellerAndDelegatedAdministrator']);
    assert.deepEqual(result.value.invitation.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.equal(result.value.invitation.createdBy.displayName, 'Ada Quinn');
  });

  it('shows the current state of a settled invitation', async () => {
    assert.ok((await cancelInvitation(world.deps, ACTORS.billingAdmin, { invitationId: ADATUM })).ok);
    const result = await getInvitation(world.deps, ACTORS.globalReader, ADATUM);
    assert.ok(result.ok);
    assert.equal(result.value.status, 'cancelled');
    assert.equal(result.value.invitation.resolvedBy?.displayName, 'Bill Ramos');
    assert.equal(result.value.invitation.version, 2);
  });

  it('reports an invitation past its 90 days as expired before any change saves it so', async () => {
    world.clock.advanceDays(87);
    const result = await getInvitation(world.deps, ACTORS.globalAdmin, ADATUM);
    assert.ok(result.ok);
    assert.equal(result.value.status, 'expired');
    assert.equal(result.value.invitation.status, 'pending');
  });

  it("can't reach another tenant's invitation", async () => {
    assert.deepEqual(await getInvitation(world.deps, ACTORS.otherTenantAdmin, ADATUM),
      { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: ADATUM } });
  });

  it('answers an unknown invitation with notFound', async () => {
    assert.deepEqual(await getInvitation(world.deps, ACTORS.globalAdmin, 'inv-unknown'),
      { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: 'inv-unknown' } });
  });

  for (const name of ['plainUser', 'partnerStaff'] as const) {
    it(`refuses a ${name}, even the partner who sent it`, async () => {
      const result = await getInvitation(world.deps, ACTORS[name], ADATUM);
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, READER_ROLES);
    });
  }
});
