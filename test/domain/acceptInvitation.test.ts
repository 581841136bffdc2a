import assert from 'node:assert/strict';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;

describe('acceptInvitation', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = () => world.deps.store.read(DEMO.northwind.tenantId);

  it('authorizes the partner with the invitation types and roles and records who accepted the agreement', async () => {
    const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, expectedVersion: 1, agreementAcknowledged: true });

    assert.ok(result.ok, JSON.stringify(result));
    const { relationship } = result.value.relationship;
    assert.deepEqual(relationship.types, ['resellerAndDelegatedAdministrator']);
    assert.deepEqual(relationship.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.deepEqual(relationship.agreement, {
      acceptedBy: { objectId: DEMO.northwind.users.globalAdmin.objectId, displayName: 'Jane Doe', email: 'jane@northwind.example' },
      acceptedAt: '2026-11-25T10:00:00.000Z',
      agreementVersion: 'MCA-2024-01',
    });
    assert.equal(result.value.invitation.status, 'accepted');
    const stored = (await northwind())!;
    assert.equal(stored.invitations.find((i) => i.id === ADATUM)?.status, 'accepted');
    assert.equal(stored.relationships.find((r) => r.partnerId === 'adatum')?.status, 'active');
  });

  it('lets a Billing admin accept', async () => {
    const result = await acceptInvitation(world.deps, ACTORS.billingAdmin, { invitationId: LITWARE, agreementAcknowledged: true });
    assert.ok(result.ok);
    assert.equal(result.value.relationship.relationship.agreement?.acceptedBy.displayName, 'Bill Ramos');
  });

  it('writes the audit event and the partner notification in the same write as the change', async () => {
    await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    const onDisk = await tenantJsonOnDisk(world.dir, DEMO.northwind.tenantId);
    assert.equal(onDisk.invitations.find((i: { id: string }) => i.id === ADATUM).status, 'accepted');
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'invitation.accepted');
    assert.equal(audit.actor.displayName, 'Jane Doe');
    assert.equal(audit.before.invitation.status, 'pending');
    assert.equal(audit.after.invitation.status, 'accepted');
    assert.equal(audit.before.relationship, null);
    assert.deepEqual(onDisk.outbox.map((n: { event: string; audience: unknown }) => [n.event, n.audience]), [['invitationAccepted', { kind: 'partner', partnerId: 'adatum' }]]);
  });

  it('refuses without the acknowledgement of the agreement and changes nothing', async () => {
    const before = await northwind();
    const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: false });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'agreementNotAcknowledged' } });
    assert.equal(await northwind(), before);
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser'] as const) {
    it(`refuses a ${name} and names the roles needed`, async () => {
      const result = await acceptInvitation(world.deps, ACTORS[name], { invitationId: ADATUM, agreementAcknowledged: true });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, ['Global Administrator', 'Billing Administrator']);
      assert.equal((await northwind())!.invitations.find((i) => i.id === ADATUM)?.status, 'pending');
    });
  }

  it("can't reach another tenant's invitation", async () => {
    const result = await acceptInvitation(world.deps, ACTORS.otherTenantAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'invitation', id: ADATUM } });
    assert.equal((await northwind())!.invitations.find((i) => i.id === ADATUM)?.status, 'pending');
    assert.equal((await world.deps.store.read(DEMO.tailspin.tenantId))!.relationships.some((r) => r.partnerId === 'adatum'), false);
  });

  it('answers a second accept with "already accepted by X at T" and grants nothing twice', async () => {
    await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    const auditBefore = (await northwind())!.audit.length;
    world.clock.advanceMs(60_000);
    const again = await acceptInvitation(world.deps, ACTORS.billingAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'notPending');
    if (again.refusal.kind === 'notPending') {
      assert.equal(again.refusal.status, 'accepted');
      assert.equal(again.refusal.by?.displayName, 'Jane Doe');
      assert.equal(again.refusal.at, '2026-11-25T10:00:00.000Z');
    }
    assert.equal((await northwind())!.audit.length, auditBefore);
  });

  it('refuses a card showing an older version of the invitation', async () => {
    const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, expectedVersion: 7, agreementAcknowledged: true });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'stale', what: 'invitation', expectedVersion: 7, currentVersion: 1 } });
  });

  it('refuses an invitation past its 90 days and reports it expired', async () => {
    world.clock.advanceDays(90);
    const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.status, 'expired');
  });

  it('adds the types and roles to an existing relationship instead of creating a second one', async () => {
    // Contoso already resells and holds the DAP roles; a new invitation adds LOB work.
    const created = await createInvitation(world.deps, partnerActor('contoso'), { customerTenantId: DEMO.northwind.tenantId, types: ['advisor'] });
    assert.ok(created.ok);
    const accepted = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: created.value.id, agreementAcknowledged: true });
    assert.ok(accepted.ok);
    const contoso = (await northwind())!.relationships.filter((r) => r.partnerId === 'contoso');
    assert.equal(contoso.length, 1);
    assert.deepEqual(contoso[0]!.types, ['resellerAndDelegatedAdministrator', 'advisor']);
    assert.deepEqual(contoso[0]!.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.equal(contoso[0]!.version, 2);
  });

  it('lets exactly one of two racing admins win: accept against cancel', async () => {
    const [accept, cancel] = await Promise.all([
      acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, expectedVersion: 1, agreementAcknowledged: true }),
      cancelInvitation(world.deps, ACTORS.billingAdmin, { invitationId: ADATUM, expectedVersion: 1 }),
    ]);
    assert.equal([accept.ok, cancel.ok].filter(Boolean).length, 1);
    const stored = (await northwind())!;
    const invitation = stored.invitations.find((i) => i.id === ADATUM)!;
    assert.equal(invitation.status, accept.ok ? 'accepted' : 'cancelled');
    assert.equal(stored.audit.filter((e) => e.subject === ADATUM && e.action !== 'invitation.created').length, 1);
    assert.equal(stored.relationships.some((r) => r.partnerId === 'adatum'), accept.ok);
  });

  it('rejects input that is not an invitation id', async () => {
    const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: '', agreementAcknowledged: true });
    assert.equal(!result.ok && result.refusal.kind, 'invalidInput');
  });
});
