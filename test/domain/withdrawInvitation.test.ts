import assert from 'node:assert/strict';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { withdrawInvitation } from '../../domain/operations/withdrawInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;
const NORTHWIND = DEMO.northwind.tenantId;

describe('withdrawInvitation', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(NORTHWIND))!;
  const invitation = async (id: string) => (await northwind()).invitations.find((i) => i.id === id)!;

  it('withdraws the invitation and records which partner staff did it', async () => {
    const result = await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND, invitationId: ADATUM, expectedVersion: 1 });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = await invitation(ADATUM);
    assert.equal(stored.status, 'withdrawn');
    assert.equal(stored.resolvedBy?.displayName, 'Ada Quinn');
    assert.equal(stored.resolvedBy?.tenantId, DEMO.partners.adatum.tenantId);
    assert.equal(stored.resolvedAt, '2026-11-25T10:00:00.000Z');
    assert.equal(stored.version, 2);
    assert.equal((await invitation(LITWARE)).status, 'pending');
  });

  it("tells the customer's admins and audits it in the same write", async () => {
    await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND, invitationId: ADATUM });
    const onDisk = await tenantJsonOnDisk(world.dir, NORTHWIND);
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'invitation.withdrawn');
    assert.equal(audit.partnerId, 'adatum');
    assert.equal(audit.subject, ADATUM);
    assert.equal(audit.before.status, 'pending');
    assert.equal(audit.after.status, 'withdrawn');
    assert.equal(onDisk.outbox.length, 1);
    const note = onDisk.outbox[0];
    assert.equal(note.event, 'invitationWithdrawn');
    assert.deepEqual(note.audience, { kind: 'customerAdmins', tenantId: NORTHWIND });
    assert.equal(note.data.partnerName, 'Adatum Consulting');
    assert.equal(note.data.withdrawnBy, 'Ada Quinn');
  });

  it("answers another partner's invitation exactly like one that does not exist", async () => {
    const before = await northwind();
    const other = await withdrawInvitation(world.deps, partnerActor('litware'), { customerTenantId: NORTHWIND, invitationId: ADATUM });
    assert.deepEqual(other, { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: ADATUM } });
    const missing = await withdrawInvitation(world.deps, partnerActor('litware'), { customerTenantId: NORTHWIND, invitationId: 'inv-missing' });
    assert.deepEqual(missing, { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: 'inv-missing' } });
    assert.equal(await northwind(), before);
  });

  it('does not reveal it even once the other invitation is settled', async () => {
    assert.ok((await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true })).ok);
    const other = await withdrawInvitation(world.deps, partnerActor('litware'), { customerTenantId: NORTHWIND, invitationId: ADATUM });
    assert.deepEqual(other, { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: ADATUM } });
  });

  it('refuses an invitation the customer already accepted, saying by whom', async () => {
    assert.ok((await acceptInvitation(world.deps, ACTORS.billingAdmin, { invitationId: ADATUM, agreementAcknowledged: true })).ok);
    const result = await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND, invitationId: ADATUM });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.status, 'accepted');
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.by?.displayName, 'Bill Ramos');
    assert.equal((await invitation(ADATUM)).status, 'accepted');
  });

  it('answers a second withdrawal with notPending and sends nothing more', async () => {
    assert.ok((await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND, invitationId: ADATUM })).ok);
    const again = await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND, invitationId: ADATUM });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind === 'notPending' && again.refusal.status, 'withdrawn');
    assert.equal((await northwind()).outbox.length, 1);
  });

  for (const name of ['globalAdmin', 'billingAdmin', 'otherTenantAdmin'] as const) {
    it(`refuses a ${name}: only the partner withdraws`, async () => {
      const result = await withdrawInvitation(world.deps, ACTORS[name], { customerTenantId: NORTHWIND, invitationId: ADATUM });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.equal((await invitation(ADATUM)).status, 'pending');
    });
  }

  it('refuses staff naming a partner profile that is not theirs', async () => {
    const result = await withdrawInvitation(world.deps, partnerActor('litware'), { partnerId: 'adatum', customerTenantId: NORTHWIND, invitationId: ADATUM });
    assert.equal(!result.ok && result.refusal.kind, 'notAllowed');
    assert.equal((await invitation(ADATUM)).status, 'pending');
  });

  it('answers a customer tenant the store does not know with notFound', async () => {
    const result = await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: '99999999-8888-7777-6666-555555555555', invitationId: ADATUM });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: ADATUM } });
  });

  it('refuses a stale card', async () => {
    const result = await withdrawInvitation(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND, invitationId: ADATUM, expectedVersion: 2 });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'stale', what: 'invitation', expectedVersion: 2, currentVersion: 1 } });
  });
});
