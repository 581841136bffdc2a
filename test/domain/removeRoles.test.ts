import assert from 'node:assert/strict';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { listRelationships } from '../../domain/operations/listRelationships.js';
import { removeRoles } from '../../domain/operations/removeRoles.js';
import { describeRefusal } from '../../domain/result.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

describe('removeRoles', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(DEMO.northwind.tenantId))!;
  const relationship = async (partnerId: string) => (await northwind()).relationships.find((r) => r.partnerId === partnerId)!;

  it("removes all of Contoso's admin roles and keeps it as a Reseller", async () => {
    const result = await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso', expectedVersion: 1 });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = await relationship('contoso');
    assert.deepEqual(stored.roles, []);
    assert.deepEqual(stored.types, ['reseller']);
    assert.equal(stored.status, 'active');
    assert.equal(stored.rolesRemovedAt, '2026-11-25T10:00:00.000Z');
    assert.equal(stored.rolesRemovedBy?.displayName, 'Jane Doe');
    assert.equal(stored.version, 2);
    assert.ok(stored.agreement, 'the signed agreement stays');
    assert.deepEqual(result.value.relationship, stored);

    const listed = await listRelationships(world.deps, ACTORS.helpdeskAdmin);
    assert.ok(listed.ok);
    assert.ok(listed.value.some((v) => v.relationship.partnerId === 'contoso'), 'the relationship is still listed');
  });

  it('writes the audit event and tells the partner which roles went, in the same write', async () => {
    await removeRoles(world.deps, ACTORS.billingAdmin, { partnerId: 'contoso' });
    const onDisk = await tenantJsonOnDisk(world.dir, DEMO.northwind.tenantId);
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'roles.removed');
    assert.equal(audit.partnerId, 'contoso');
    assert.equal(audit.actor.displayName, 'Bill Ramos');
    assert.deepEqual(audit.before.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.deepEqual(audit.before.types, ['resellerAndDelegatedAdministrator']);
    assert.deepEqual(audit.after.roles, []);
    assert.deepEqual(audit.after.types, ['reseller']);
    assert.equal(onDisk.outbox.length, 1);
    const note = onDisk.outbox[0];
    assert.equal(note.event, 'rolesRemoved');
    assert.deepEqual(note.audience, { kind: 'partner', partnerId: 'contoso' });
    assert.deepEqual(note.data.removedRoles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.deepEqual(note.data.remainingTypes, ['reseller']);
    assert.equal(note.data.removedBy, 'Bill Ramos');
  });

  it('answers a second removal with "already done by X at T" and writes nothing', async () => {
    await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso' });
    const before = await northwind();
    world.clock.advanceMs(60_000);
    const again = await removeRoles(world.deps, ACTORS.billingAdmin, { partnerId: 'contoso' });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'alreadyDone');
    if (again.refusal.kind === 'alreadyDone') {
      assert.equal(again.refusal.by?.displayName, 'Jane Doe');
      assert.equal(again.refusal.at, '2026-11-25T10:00:00.000Z');
      assert.match(describeRefusal(again.refusal), /removed by Jane Doe at 2026-11-25 10:00 UTC/);
    }
    assert.equal(await northwind(), before);
  });

  it('answers a relationship that never had roles without claiming they were removed', async () => {
    const before = await northwind();
    const result = await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam' });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'alreadyDone');
    if (result.refusal.kind === 'alreadyDone') {
      assert.equal(result.refusal.by, undefined);
      assert.equal(result.refusal.at, undefined);
      assert.doesNotMatch(describeRefusal(result.refusal), /removed/);
      assert.match(describeRefusal(result.refusal), /no admin roles/);
    }
    assert.equal(await northwind(), before);
    assert.deepEqual((await relationship('fabrikam')).types, ['reseller']);
  });

  it('keeps the other types of a delegated administrator who also advises', async () => {
    const created = await createInvitation(world.deps, partnerActor('proseware'), {
      customerTenantId: DEMO.northwind.tenantId, types: ['delegatedAdministrator', 'advisor'], roles: ['Helpdesk Administrator'],
    });
    assert.ok(created.ok, JSON.stringify(created));
    const accepted = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: created.value.id, agreementAcknowledged: true });
    assert.ok(accepted.ok);

    const result = await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'proseware' });
    assert.ok(result.ok);
    const stored = await relationship('proseware');
    assert.deepEqual(stored.types, ['advisor']);
    assert.deepEqual(stored.roles, []);
    assert.equal(stored.status, 'active');
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser'] as const) {
    it(`refuses a ${name} and keeps the roles`, async () => {
      const result = await removeRoles(world.deps, ACTORS[name], { partnerId: 'contoso' });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, WRITER_ROLES);
      assert.deepEqual((await relationship('contoso')).roles, ['Global Administrator', 'Helpdesk Administrator']);
    });
  }

  it("can't reach another tenant's relationship", async () => {
    // Tailspin also works with Contoso, as a reseller without roles: its admin reaches only that one.
    const result = await removeRoles(world.deps, ACTORS.otherTenantAdmin, { partnerId: 'contoso' });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'alreadyDone');
    assert.deepEqual((await relationship('contoso')).roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.equal((await northwind()).outbox.length, 0);
  });

  it('answers a partner without a relationship as notFound', async () => {
    assert.deepEqual(await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'adatum' }),
      { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: 'adatum' } });
  });

  it('refuses a card showing an older version of the relationship', async () => {
    const result = await removeRoles(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso', expectedVersion: 2 });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'stale', what: 'relationship', expectedVersion: 2, currentVersion: 1 } });
    assert.equal((await relationship('contoso')).roles.length, 2);
  });
});
