import assert from 'node:assert/strict';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import { acceptAgreement } from '../../domain/operations/acceptAgreement.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, START, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const CONTOSO_SIGNED_AT = new Date(START.getTime() - 400 * 86_400_000).toISOString();

describe('acceptAgreement', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(DEMO.northwind.tenantId))!;
  const relationship = async (partnerId: string) => (await northwind()).relationships.find((r) => r.partnerId === partnerId)!;

  it('records who accepted the Microsoft Customer Agreement for Fabrikam, when, and which version', async () => {
    assert.equal((await relationship('fabrikam')).agreement, undefined, 'the demo starts with Fabrikam unsigned');

    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam', expectedVersion: 1, agreementAcknowledged: true });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = await relationship('fabrikam');
    assert.deepEqual(stored.agreement, {
      acceptedBy: { objectId: DEMO.northwind.users.globalAdmin.objectId, displayName: 'Jane Doe', email: 'jane@northwind.example' },
      acceptedAt: '2026-11-25T10:00:00.000Z',
      agreementVersion: 'MCA-2024-01',
    });
    assert.deepEqual(result.value.relationship.agreement, stored.agreement);
    assert.equal(result.value.partner?.name, 'Fabrikam IT Services');
    assert.equal(stored.version, 2);
    assert.equal(stored.status, 'active');
    assert.deepEqual(stored.types, ['reseller'], 'accepting the agreement grants no type');
    assert.deepEqual(stored.roles, [], 'accepting the agreement grants no role');
  });

  it('refuses a partner that does not sell to the customer, since it needs no agreement', async () => {
    const before = await northwind();
    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', agreementAcknowledged: true });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'conflict');
    assert.match(result.refusal.kind === 'conflict' ? result.refusal.reason : '', /Woodgrove Advisors doesn't sell to you/);
    assert.equal(await northwind(), before);
  });

  it('writes the audit event and tells the partner in the same write', async () => {
    await acceptAgreement(world.deps, ACTORS.billingAdmin, { partnerId: 'fabrikam', agreementAcknowledged: true });
    const onDisk = await tenantJsonOnDisk(world.dir, DEMO.northwind.tenantId);
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'agreement.accepted');
    assert.equal(audit.partnerId, 'fabrikam');
    assert.equal(audit.actor.displayName, 'Bill Ramos');
    assert.equal(audit.before.agreementAccepted, false);
    assert.equal(audit.after.agreementAccepted, true);
    assert.deepEqual(onDisk.outbox.map((n: { event: string; audience: unknown }) => [n.event, n.audience]), [['agreementAccepted', { kind: 'partner', partnerId: 'fabrikam' }]]);
    assert.equal(onDisk.outbox[0].data.acceptedBy, 'Bill Ramos');
    assert.equal(onDisk.outbox[0].data.agreementVersion, 'MCA-2024-01');
  });

  it('refuses without the acknowledgement and changes nothing', async () => {
    const before = await northwind();
    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam', agreementAcknowledged: false });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'agreementNotAcknowledged' } });
    assert.equal(await northwind(), before);
  });

  it('answers Contoso, which already signed, with "accepted by X at T" and writes nothing', async () => {
    const before = await northwind();
    const result = await acceptAgreement(world.deps, ACTORS.billingAdmin, { partnerId: 'contoso', agreementAcknowledged: true });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'alreadyDone');
    if (result.refusal.kind === 'alreadyDone') {
      assert.match(result.refusal.what, /Microsoft Customer Agreement was accepted/);
      assert.equal(result.refusal.by?.displayName, 'Jane Doe');
      assert.equal(result.refusal.at, CONTOSO_SIGNED_AT);
    }
    assert.equal(await northwind(), before);
  });

  it('answers a second acceptance with the first acceptor and keeps the first record', async () => {
    await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam', agreementAcknowledged: true });
    world.clock.advanceDays(1);
    const again = await acceptAgreement(world.deps, ACTORS.billingAdmin, { partnerId: 'fabrikam', agreementAcknowledged: true });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.by?.displayName, 'Jane Doe');
    assert.equal(again.refusal.kind === 'alreadyDone' && again.refusal.at, '2026-11-25T10:00:00.000Z');
    const stored = await relationship('fabrikam');
    assert.equal(stored.agreement?.acceptedBy.displayName, 'Jane Doe');
    assert.equal(stored.version, 2);
    assert.equal((await northwind()).audit.filter((e) => e.action === 'agreement.accepted').length, 1);
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser'] as const) {
    it(`refuses a ${name} and names the roles needed`, async () => {
      const result = await acceptAgreement(world.deps, ACTORS[name], { partnerId: 'fabrikam', agreementAcknowledged: true });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, WRITER_ROLES);
      assert.equal((await relationship('fabrikam')).agreement, undefined);
    });
  }

  it("can't reach another tenant's relationship", async () => {
    const result = await acceptAgreement(world.deps, ACTORS.otherTenantAdmin, { partnerId: 'fabrikam', agreementAcknowledged: true });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: 'fabrikam' } });
    assert.equal((await relationship('fabrikam')).agreement, undefined);
  });

  it('answers a partner the organization does not work with as notFound', async () => {
    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'adatum', agreementAcknowledged: true });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: 'adatum' } });
  });

  it('refuses on an ended relationship, saying who ended it', async () => {
    const ended = await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: DEMO.northwind.tenantId });
    assert.ok(ended.ok);
    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam', agreementAcknowledged: true });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'alreadyDone');
    assert.equal(result.refusal.kind === 'alreadyDone' && result.refusal.by?.displayName, 'Frank Moss');
    assert.equal((await relationship('fabrikam')).agreement, undefined);
  });

  it('refuses a card showing an older version of the relationship', async () => {
    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam', expectedVersion: 4, agreementAcknowledged: true });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'stale', what: 'relationship', expectedVersion: 4, currentVersion: 1 } });
  });

  it('rejects a partner id that is not one', async () => {
    const result = await acceptAgreement(world.deps, ACTORS.globalAdmin, { partnerId: '../Fabrikam', agreementAcknowledged: true });
    assert.equal(!result.ok && result.refusal.kind, 'invalidInput');
  });
});
