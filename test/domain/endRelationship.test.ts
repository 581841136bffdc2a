import assert from 'node:assert/strict';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { requestEndRelationship } from '../../domain/operations/requestEndRelationship.js';
import { setMpsaVisibility } from '../../domain/operations/setMpsaVisibility.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const NORTHWIND = DEMO.northwind.tenantId;

describe('endRelationship', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const relationship = async (tenantId: string, partnerId: string) =>
    (await world.deps.store.read(tenantId))!.relationships.find((r) => r.partnerId === partnerId)!;

  it('ends the relationship: every role and type goes, and who ended it is kept', async () => {
    assert.ok((await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso' })).ok);
    const result = await endRelationship(world.deps, partnerActor('contoso'), { customerTenantId: NORTHWIND, expectedVersion: 2 });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = await relationship(NORTHWIND, 'contoso');
    assert.equal(stored.status, 'ended');
    assert.deepEqual(stored.roles, []);
    assert.deepEqual(stored.types, []);
    assert.equal(stored.endedAt, '2026-11-25T10:00:00.000Z');
    assert.equal(stored.endedBy?.displayName, 'Carla Diaz');
    assert.equal(stored.endedBy?.tenantId, DEMO.partners.contoso.tenantId);
    assert.equal(stored.version, 3);
    assert.deepEqual(result.value, stored);
  });

  it("tells the customer's admins and audits it in the same write", async () => {
    await endRelationship(world.deps, partnerActor('contoso'), { customerTenantId: NORTHWIND });
    const onDisk = await tenantJsonOnDisk(world.dir, NORTHWIND);
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'relationship.ended');
    assert.equal(audit.partnerId, 'contoso');
    assert.equal(audit.actor.displayName, 'Carla Diaz');
    assert.equal(audit.before.status, 'active');
    assert.deepEqual(audit.before.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.equal(audit.after.status, 'ended');
    assert.deepEqual(audit.after.types, []);
    assert.deepEqual(onDisk.outbox.map((n: { event: string; audience: unknown }) => [n.event, n.audience]),
      [['relationshipEnded', { kind: 'customerAdmins', tenantId: NORTHWIND }]]);
    assert.equal(onDisk.outbox[0].data.partnerName, 'Contoso Cloud Solutions');
    assert.equal(onDisk.outbox[0].data.endedBy, 'Carla Diaz');
  });

  it('turns MPSA purchase visibility off', async () => {
    assert.ok((await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: true })).ok);
    assert.ok((await endRelationship(world.deps, partnerActor('woodgrove'), { customerTenantId: NORTHWIND })).ok);
    assert.equal((await relationship(NORTHWIND, 'woodgrove')).mpsaPurchasesVisible, false);
  });

  it("leaves the partner's relationships with other customers alone", async () => {
    assert.ok((await endRelationship(world.deps, partnerActor('contoso'), { customerTenantId: NORTHWIND })).ok);
    const tailspin = await relationship(DEMO.tailspin.tenantId, 'contoso');
    assert.equal(tailspin.status, 'active');
    assert.deepEqual(tailspin.types, ['reseller']);
  });

  it('answers a second end with "already ended by X at T"', async () => {
    assert.ok((await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: NORTHWIND })).ok);
    world.clock.advanceDays(1);
    const again = await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: NORTHWIND });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'alreadyDone');
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.by?.displayName, 'Frank Moss');
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.at, '2026-11-25T10:00:00.000Z');
    assert.equal((await world.deps.store.read(NORTHWIND))!.outbox.length, 1);
  });

  it('answers a partner without a relationship with notFound', async () => {
    const result = await endRelationship(world.deps, ACTORS.partnerStaff, { customerTenantId: NORTHWIND });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: NORTHWIND } });
    const unknown = await endRelationship(world.deps, ACTORS.partnerStaff, { customerTenantId: '99999999-8888-7777-6666-555555555555' });
    assert.equal(!unknown.ok && unknown.refusal.kind, 'notFound');
  });

  for (const name of ['globalAdmin', 'billingAdmin', 'otherTenantAdmin'] as const) {
    it(`refuses a ${name}: only the partner ends a relationship`, async () => {
      const result = await endRelationship(world.deps, ACTORS[name], { customerTenantId: NORTHWIND });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.equal((await relationship(NORTHWIND, 'contoso')).status, 'active');
    });
  }

  it("refuses staff naming another partner's profile", async () => {
    const result = await endRelationship(world.deps, ACTORS.partnerStaff, { partnerId: 'contoso', customerTenantId: NORTHWIND });
    assert.equal(!result.ok && result.refusal.kind, 'notAllowed');
    assert.equal((await relationship(NORTHWIND, 'contoso')).status, 'active');
  });

  it('refuses a stale card', async () => {
    const result = await endRelationship(world.deps, partnerActor('contoso'), { customerTenantId: NORTHWIND, expectedVersion: 2 });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'stale', what: 'relationship', expectedVersion: 2, currentVersion: 1 } });
  });

  it('can start again from a new accepted invitation, with a fresh relationship', async () => {
    assert.ok((await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: NORTHWIND })).ok);
    const invited = await createInvitation(world.deps, partnerActor('fabrikam'), { customerTenantId: NORTHWIND, types: ['advisor'] });
    assert.ok(invited.ok);
    assert.ok((await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: invited.value.id, agreementAcknowledged: true })).ok);
    const revived = await relationship(NORTHWIND, 'fabrikam');
    assert.equal(revived.status, 'active');
    assert.deepEqual(revived.types, ['advisor']);
    assert.equal(revived.endedAt, undefined);
    assert.equal(revived.version, 3);
    assert.equal((await world.deps.store.read(NORTHWIND))!.relationships.filter((r) => r.partnerId === 'fabrikam').length, 1);
  });
});
