import assert from 'node:assert/strict';
import sinon from 'sinon';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { listPartnerCustomers } from '../../domain/operations/listPartnerCustomers.js';
import { withdrawInvitation } from '../../domain/operations/withdrawInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, type TestWorld } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;
const TAILSPIN = DEMO.tailspin.tenantId;

describe('listPartnerCustomers', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const customers = async (partner: keyof typeof DEMO.partners) => {
    const result = await listPartnerCustomers(world.deps, partnerActor(partner));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.partner.id, partner);
    return result.value.customers;
  };

  it('glances at each customer, never reading it into the cache that the tenants in use need', async () => {
    const read = sinon.spy(world.deps.store, 'read');
    const glance = sinon.spy(world.deps.store, 'glance');
    await customers('contoso');
    assert.equal(read.callCount, 0);
    assert.deepEqual(glance.args.map(([id]) => id).sort(), [NORTHWIND, TAILSPIN].sort());
  });

  it("lists the partner's customers by name, each with its relationship", async () => {
    const list = await customers('contoso');
    assert.deepEqual(list.map((c) => [c.customerName, c.customerTenantId, c.relationship?.types, c.pendingInvitations.length]), [
      ['Northwind Traders', NORTHWIND, ['resellerAndDelegatedAdministrator'], 0],
      ['Tailspin Toys', TAILSPIN, ['reseller'], 0],
    ]);
    assert.ok(list.every((c) => c.relationship?.partnerId === 'contoso'));
  });

  it('lists a customer the partner has only invited, with its own invitation and nobody else\'s', async () => {
    const list = await customers('adatum');
    assert.equal(list.length, 1);
    assert.equal(list[0]?.customerTenantId, NORTHWIND);
    assert.equal(list[0]?.relationship, undefined);
    assert.deepEqual(list[0]?.pendingInvitations.map((i) => i.id), [DEMO.invitations.adatumDap]);
  });

  it('picks up a new customer as soon as it is invited, and the relationship once accepted', async () => {
    const created = await createInvitation(world.deps, partnerActor('relecloud'), { customerTenantId: TAILSPIN, types: ['lobPartner'] });
    assert.ok(created.ok);
    let list = await customers('relecloud');
    assert.deepEqual(list.map((c) => [c.customerName, c.pendingInvitations.map((i) => i.id)]), [['Tailspin Toys', [created.value.id]]]);

    assert.ok((await acceptInvitation(world.deps, ACTORS.otherTenantAdmin, { invitationId: created.value.id, agreementAcknowledged: true })).ok);
    list = await customers('relecloud');
    assert.deepEqual(list.map((c) => [c.customerName, c.relationship?.status, c.pendingInvitations.length]), [['Tailspin Toys', 'active', 0]]);
  });

  it('drops a customer with nothing left: the invitation withdrawn or expired', async () => {
    assert.ok((await withdrawInvitation(world.deps, partnerActor('adatum'), { customerTenantId: NORTHWIND, invitationId: DEMO.invitations.adatumDap })).ok);
    assert.deepEqual(await customers('adatum'), []);
    world.clock.advanceDays(89);
    assert.deepEqual(await customers('litware'), []);
  });

  it('keeps a customer whose relationship ended, showing it ended', async () => {
    assert.ok((await endRelationship(world.deps, partnerActor('fabrikam'), { customerTenantId: NORTHWIND })).ok);
    const list = await customers('fabrikam');
    assert.deepEqual(list.map((c) => [c.customerName, c.relationship?.status]), [['Northwind Traders', 'ended']]);
  });

  for (const name of ['globalAdmin', 'helpdeskAdmin', 'plainUser', 'otherTenantAdmin'] as const) {
    it(`refuses a ${name}: customers are not partner staff`, async () => {
      const result = await listPartnerCustomers(world.deps, ACTORS[name]);
      assert.equal(!result.ok && result.refusal.kind, 'notAllowed');
    });
  }

  it("refuses staff asking for another partner's customers", async () => {
    const result = await listPartnerCustomers(world.deps, ACTORS.partnerStaff, 'contoso');
    assert.equal(!result.ok && result.refusal.kind, 'notAllowed');
  });
});
