import assert from 'node:assert/strict';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { requestEndRelationship } from '../../domain/operations/requestEndRelationship.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

describe('requestEndRelationship', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(DEMO.northwind.tenantId))!;
  const relationship = async (partnerId: string) => (await northwind()).relationships.find((r) => r.partnerId === partnerId)!;

  it('records the request and leaves the relationship active: only the partner ends it', async () => {
    const result = await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso', expectedVersion: 1, message: 'We are moving to another provider.' });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = await relationship('contoso');
    assert.equal(stored.status, 'active');
    assert.deepEqual(stored.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.deepEqual(stored.types, ['resellerAndDelegatedAdministrator']);
    assert.equal(stored.endRequestedAt, '2026-11-25T10:00:00.000Z');
    assert.equal(stored.endRequestedBy?.displayName, 'Jane Doe');
    assert.equal(stored.version, 2);
  });

  it("delivers the request to the partner with the admin's name, email and message, and audits it", async () => {
    await requestEndRelationship(world.deps, ACTORS.billingAdmin, { partnerId: 'woodgrove', message: 'Please end it by Friday.' });
    const onDisk = await tenantJsonOnDisk(world.dir, DEMO.northwind.tenantId);
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'relationship.endRequested');
    assert.equal(audit.partnerId, 'woodgrove');
    assert.equal(audit.actor.displayName, 'Bill Ramos');
    assert.equal(onDisk.outbox.length, 1);
    const note = onDisk.outbox[0];
    assert.equal(note.event, 'endRequested');
    assert.deepEqual(note.audience, { kind: 'partner', partnerId: 'woodgrove' });
    assert.equal(note.data.requestedBy, 'Bill Ramos');
    assert.equal(note.data.requestedByEmail, 'bill@northwind.example');
    assert.equal(note.data.message, 'Please end it by Friday.');
    assert.equal(note.data.customerTenantId, DEMO.northwind.tenantId);
  });

  it('answers a second request with "already requested by X at T" and sends nothing more', async () => {
    await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso' });
    const before = await northwind();
    world.clock.advanceDays(2);
    const again = await requestEndRelationship(world.deps, ACTORS.billingAdmin, { partnerId: 'contoso' });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'alreadyDone');
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.by?.displayName, 'Jane Doe');
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.at, '2026-11-25T10:00:00.000Z');
    assert.equal(await northwind(), before);
    assert.equal(before.outbox.length, 1);
  });

  it('refuses on a relationship the partner already ended', async () => {
    assert.ok((await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: DEMO.northwind.tenantId })).ok);
    const result = await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam' });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind === 'alreadyDone' && result.refusal.by?.displayName, 'Frank Moss');
    assert.equal((await relationship('fabrikam')).endRequestedAt, undefined);
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser'] as const) {
    it(`refuses a ${name}`, async () => {
      const result = await requestEndRelationship(world.deps, ACTORS[name], { partnerId: 'contoso' });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, WRITER_ROLES);
      assert.equal((await relationship('contoso')).endRequestedAt, undefined);
      assert.equal((await northwind()).outbox.length, 0);
    });
  }

  it("can't reach another tenant's relationship", async () => {
    const result = await requestEndRelationship(world.deps, ACTORS.otherTenantAdmin, { partnerId: 'woodgrove' });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: 'woodgrove' } });
    assert.equal((await relationship('woodgrove')).endRequestedAt, undefined);
  });

  it('answers a partner without a relationship as notFound', async () => {
    assert.deepEqual(await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'litware' }),
      { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: 'litware' } });
  });

  it('refuses a message over 2000 characters and a stale card', async () => {
    const long = await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso', message: 'x'.repeat(2001) });
    assert.equal(!long.ok && long.refusal.kind, 'invalidInput');
    const stale = await requestEndRelationship(world.deps, ACTORS.globalAdmin, { partnerId: 'contoso', expectedVersion: 9 });
    assert.equal(!stale.ok && stale.refusal.kind, 'stale');
    assert.equal((await relationship('contoso')).endRequestedAt, undefined);
  });
});
