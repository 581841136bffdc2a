import assert from 'node:assert/strict';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import { contactPartners } from '../../domain/operations/contactPartners.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const NEEDS = 'We need help moving 120 mailboxes to Microsoft 365 and someone to run the helpdesk.';

describe('contactPartners', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(DEMO.northwind.tenantId))!;

  it('sends one notification per chosen partner with the business needs and who to reply to', async () => {
    const result = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000001', partnerIds: ['fabrikam', 'proseware'], businessNeeds: `  ${NEEDS}  ` });

    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.partnerIds, ['fabrikam', 'proseware']);
    assert.equal(result.value.businessNeeds, NEEDS, 'surrounding blanks are trimmed');
    const onDisk = await tenantJsonOnDisk(world.dir, DEMO.northwind.tenantId);
    assert.deepEqual(onDisk.contactRequests.map((r: { id: string }) => r.id), ['req-00000001']);
    assert.equal(onDisk.contactRequests[0].sentBy.displayName, 'Jane Doe');
    assert.deepEqual(onDisk.outbox.map((n: { event: string; audience: unknown }) => [n.event, n.audience]), [
      ['contactRequest', { kind: 'partner', partnerId: 'fabrikam' }],
      ['contactRequest', { kind: 'partner', partnerId: 'proseware' }],
    ]);
    for (const note of onDisk.outbox) {
      assert.equal(note.data.businessNeeds, NEEDS);
      assert.equal(note.data.contactName, 'Jane Doe');
      assert.equal(note.data.contactEmail, 'jane@northwind.example');
      assert.equal(note.data.customerName, 'Northwind Traders');
      assert.equal(note.data.requestId, 'req-00000001');
    }
    const audit = onDisk.audit.filter((e: { action: string }) => e.action === 'partners.contacted');
    assert.deepEqual(audit.map((e: { partnerId: string }) => e.partnerId), ['fabrikam', 'proseware']);
  });

  it('recognises a resubmitted request by its id and sends nothing twice', async () => {
    const first = await contactPartners(world.deps, ACTORS.billingAdmin, { requestId: 'req-00000002', partnerIds: ['litware'], businessNeeds: NEEDS });
    assert.ok(first.ok);
    const before = await northwind();
    world.clock.advanceMs(5_000);
    const again = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000002', partnerIds: ['litware', 'adatum'], businessNeeds: NEEDS });
    assert.ok(!again.ok);
    assert.equal(again.refusal.kind, 'alreadyDone');
    if (again.refusal.kind === 'alreadyDone') {
      assert.equal(again.refusal.by?.displayName, 'Bill Ramos');
      assert.equal(again.refusal.at, '2026-11-25T10:00:00.000Z');
    }
    assert.equal(await northwind(), before);
    assert.equal(before.outbox.length, 1);
  });

  it('refuses an unknown partner, names it and sends to nobody', async () => {
    const before = await northwind();
    const result = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000003', partnerIds: ['fabrikam', 'nobody-inc'], businessNeeds: NEEDS });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'partner', id: 'nobody-inc' } });
    assert.equal(await northwind(), before);
  });

  it('refuses business needs shorter than 10 characters, not counting blanks', async () => {
    const result = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000004', partnerIds: ['fabrikam'], businessNeeds: '   help!      ' });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'invalidInput');
    assert.match(result.refusal.kind === 'invalidInput' ? result.refusal.issues.join() : '', /at least 10 characters/);
    assert.equal((await northwind()).contactRequests.length, 0);
  });

  it('takes 1 to 10 partners, counting a partner chosen twice once', async () => {
    const none = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000005', partnerIds: [], businessNeeds: NEEDS });
    assert.equal(!none.ok && none.refusal.kind, 'invalidInput');

    const all = world.deps.directory.all().map((p) => p.id);
    assert.equal(all.length, 7);
    const eleven = [...all, ...all.slice(0, 4)];
    const tooMany = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000006', partnerIds: eleven, businessNeeds: NEEDS });
    assert.ok(!tooMany.ok);
    assert.match(tooMany.refusal.kind === 'invalidInput' ? tooMany.refusal.issues.join() : '', /at most 10/);
    assert.equal((await northwind()).contactRequests.length, 0);

    const ten = [...all, ...all.slice(0, 3)];
    const result = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'req-00000007', partnerIds: ten, businessNeeds: NEEDS });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.partnerIds, all);
    const stored = await northwind();
    assert.equal(stored.outbox.length, 7);
    assert.deepEqual(stored.outbox.map((n) => n.partnerId).sort(), [...all].sort());
  });

  it('refuses a request id too short to tell resubmissions apart', async () => {
    const result = await contactPartners(world.deps, ACTORS.globalAdmin, { requestId: 'r1', partnerIds: ['fabrikam'], businessNeeds: NEEDS });
    assert.equal(!result.ok && result.refusal.kind, 'invalidInput');
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser', 'partnerStaff'] as const) {
    it(`refuses a ${name}`, async () => {
      const result = await contactPartners(world.deps, ACTORS[name], { requestId: 'req-00000008', partnerIds: ['fabrikam'], businessNeeds: NEEDS });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, WRITER_ROLES);
      assert.equal((await northwind()).contactRequests.length, 0);
    });
  }

  it("keeps another tenant's request in that tenant", async () => {
    const result = await contactPartners(world.deps, ACTORS.otherTenantAdmin, { requestId: 'req-00000009', partnerIds: ['fabrikam'], businessNeeds: NEEDS });
    assert.ok(result.ok);
    assert.equal((await northwind()).contactRequests.length, 0);
    const tailspin = (await world.deps.store.read(DEMO.tailspin.tenantId))!;
    assert.equal(tailspin.contactRequests.length, 1);
    assert.equal(tailspin.outbox[0]?.customerTenantId, DEMO.tailspin.tenantId);
    assert.equal(tailspin.outbox[0]?.data['contactName'], 'Tom Baker');
  });
});
