import assert from 'node:assert/strict';
import { READER_ROLES } from '../../domain/directoryRoles.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { listPendingInvitations } from '../../domain/operations/listPendingInvitations.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;

describe('listPendingInvitations', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const listed = async (actor = ACTORS.globalAdmin) => {
    const result = await listPendingInvitations(world.deps, actor);
    assert.ok(result.ok, JSON.stringify(result));
    return result.value.map((v) => v.invitation.id);
  };

  it('lists the pending invitations newest first, each with its partner', async () => {
    const result = await listPendingInvitations(world.deps, ACTORS.globalAdmin);
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((v) => [v.invitation.id, v.status, v.partner?.name]), [
      [LITWARE, 'pending', 'Litware Licensing'],
      [ADATUM, 'pending', 'Adatum Consulting'],
    ]);

    world.clock.advanceMs(1_000);
    const created = await createInvitation(world.deps, partnerActor('relecloud'), { customerTenantId: DEMO.northwind.tenantId, types: ['lobPartner'] });
    assert.ok(created.ok);
    assert.deepEqual(await listed(), [created.value.id, LITWARE, ADATUM]);
  });

  it('drops an invitation once the clock passes its 90 days, even before a change saves it expired', async () => {
    // Adatum's invitation was sent 3 days before the demo starts, Litware's 1 day before.
    world.clock.advanceDays(87);
    world.clock.advanceMs(-1);
    assert.deepEqual(await listed(), [LITWARE, ADATUM]);
    world.clock.advanceMs(1);
    assert.deepEqual(await listed(), [LITWARE]);
    world.clock.advanceDays(2);
    assert.deepEqual(await listed(), []);
    const stored = (await world.deps.store.read(DEMO.northwind.tenantId))!;
    assert.deepEqual(stored.invitations.map((i) => i.status), ['pending', 'pending'], 'reading saves nothing');
  });

  it('does not list an accepted invitation', async () => {
    assert.ok((await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true })).ok);
    assert.deepEqual(await listed(ACTORS.helpdeskAdmin), [LITWARE]);
  });

  it('is open to Helpdesk admins and Global Readers', async () => {
    assert.deepEqual(await listed(ACTORS.helpdeskAdmin), [LITWARE, ADATUM]);
    assert.deepEqual(await listed(ACTORS.globalReader), [LITWARE, ADATUM]);
  });

  for (const name of ['plainUser', 'partnerStaff'] as const) {
    it(`refuses a ${name}`, async () => {
      const result = await listPendingInvitations(world.deps, ACTORS[name]);
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, READER_ROLES);
    });
  }

  it("shows another tenant's admin only their own invitations", async () => {
    assert.deepEqual(await listed(ACTORS.otherTenantAdmin), []);
    const created = await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: DEMO.tailspin.tenantId, types: ['partner'] });
    assert.ok(created.ok);
    assert.deepEqual(await listed(ACTORS.otherTenantAdmin), [created.value.id]);
    assert.deepEqual(await listed(), [LITWARE, ADATUM]);
  });
});
