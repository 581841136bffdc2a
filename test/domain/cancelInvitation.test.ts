import assert from 'node:assert/strict';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;

describe('cancelInvitation', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(DEMO.northwind.tenantId))!;
  const invitation = async (id: string) => (await northwind()).invitations.find((i) => i.id === id)!;

  it('cancels the invitation, grants nothing and records who cancelled it', async () => {
    const result = await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, expectedVersion: 1 });

    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.status, 'cancelled');
    assert.equal(result.value.partner?.id, 'adatum');
    const stored = await invitation(ADATUM);
    assert.equal(stored.status, 'cancelled');
    assert.equal(stored.resolvedAt, '2026-11-25T10:00:00.000Z');
    assert.equal(stored.resolvedBy?.displayName, 'Jane Doe');
    assert.equal(stored.resolvedBy?.objectId, DEMO.northwind.users.globalAdmin.objectId);
    assert.equal(stored.version, 2);
    assert.equal((await northwind()).relationships.some((r) => r.partnerId === 'adatum'), false);
  });

  it('lets a Billing admin cancel', async () => {
    const result = await cancelInvitation(world.deps, ACTORS.billingAdmin, { invitationId: LITWARE });
    assert.ok(result.ok);
    assert.equal((await invitation(LITWARE)).resolvedBy?.displayName, 'Bill Ramos');
  });

  it('tells the partner and writes the audit event in the same write', async () => {
    await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM });
    const onDisk = await tenantJsonOnDisk(world.dir, DEMO.northwind.tenantId);
    assert.equal(onDisk.invitations.find((i: { id: string }) => i.id === ADATUM).status, 'cancelled');
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'invitation.cancelled');
    assert.equal(audit.partnerId, 'adatum');
    assert.equal(audit.subject, ADATUM);
    assert.equal(audit.actor.displayName, 'Jane Doe');
    assert.equal(audit.before.status, 'pending');
    assert.equal(audit.after.status, 'cancelled');
    assert.equal(onDisk.outbox.length, 1);
    const note = onDisk.outbox[0];
    assert.equal(note.event, 'invitationCancelled');
    assert.deepEqual(note.audience, { kind: 'partner', partnerId: 'adatum' });
    assert.equal(note.data.invitationId, ADATUM);
    assert.equal(note.data.cancelledBy, 'Jane Doe');
    assert.equal(note.data.customerName, 'Northwind Traders');
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser'] as const) {
    it(`refuses a ${name}, names the roles needed and leaves the invitation pending`, async () => {
      const result = await cancelInvitation(world.deps, ACTORS[name], { invitationId: ADATUM });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, WRITER_ROLES);
      assert.equal((await invitation(ADATUM)).status, 'pending');
      assert.equal((await northwind()).outbox.length, 0);
    });
  }

  it("can't reach another tenant's invitation", async () => {
    const result = await cancelInvitation(world.deps, ACTORS.otherTenantAdmin, { invitationId: ADATUM });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: ADATUM } });
    assert.equal((await invitation(ADATUM)).status, 'pending');
  });

  it('answers a second cancel with "already cancelled by X at T" and writes nothing', async () => {
    await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM });
    const before = await northwind();
    world.clock.advanceMs(60_000);
    const again = await cancelInvitation(world.deps, ACTORS.billingAdmin, { invitationId: ADATUM });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'notPending');
    if (again.refusal.kind === 'notPending') {
      assert.equal(again.refusal.status, 'cancelled');
      assert.equal(again.refusal.by?.displayName, 'Jane Doe');
      assert.equal(again.refusal.at, '2026-11-25T10:00:00.000Z');
    }
    assert.equal(await northwind(), before);
  });

  it('refuses to cancel an accepted invitation and keeps the relationship', async () => {
    await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    const result = await cancelInvitation(world.deps, ACTORS.billingAdmin, { invitationId: ADATUM });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.status, 'accepted');
    assert.equal((await invitation(ADATUM)).status, 'accepted');
    assert.equal((await northwind()).relationships.find((r) => r.partnerId === 'adatum')?.status, 'active');
  });

  it('refuses a card showing an older version of the invitation', async () => {
    const result = await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, expectedVersion: 3 });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'stale', what: 'invitation', expectedVersion: 3, currentVersion: 1 } });
    assert.equal((await invitation(ADATUM)).status, 'pending');
  });

  it('refuses an invitation past its 90 days and reports it expired', async () => {
    world.clock.advanceDays(87);
    const result = await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.status, 'expired');
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.at, (await invitation(ADATUM)).expiresAt);
  });

  it('answers an unknown invitation with notFound and bad input with invalidInput', async () => {
    assert.deepEqual(await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: 'inv-nope' }),
      { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: 'inv-nope' } });
    const bad = await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: '' });
    assert.equal(!bad.ok && bad.refusal.kind, 'invalidInput');
    const badVersion = await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, expectedVersion: 0 });
    assert.equal(!badVersion.ok && badVersion.refusal.kind, 'invalidInput');
  });
});
