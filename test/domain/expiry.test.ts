import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../domain/changeLog.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { readAuditTrail } from '../../domain/operations/readAuditTrail.js';
import { setMpsaVisibility } from '../../domain/operations/setMpsaVisibility.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, START, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const ADATUM = DEMO.invitations.adatumDap;
const LITWARE = DEMO.invitations.litwareReseller;
const NORTHWIND = DEMO.northwind.tenantId;
/** Adatum's invitation was sent 3 days before START, so its 90 days end 87 days after START. */
const ADATUM_EXPIRES = new Date(START.getTime() + 87 * 86_400_000).toISOString();

describe('invitation expiry (expireDueInvitations at the start of each change)', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(NORTHWIND))!;
  const invitation = async (id: string) => (await northwind()).invitations.find((i) => i.id === id)!;
  const anyChange = () => setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: true });

  it('stores the expiry, with a system audit event and a note to the partner, in the next change to the tenant', async () => {
    world.clock.advanceDays(87);
    assert.ok((await anyChange()).ok);

    const onDisk = await tenantJsonOnDisk(world.dir, NORTHWIND);
    const stored = onDisk.invitations.find((i: { id: string }) => i.id === ADATUM);
    assert.equal(stored.status, 'expired');
    assert.equal(stored.resolvedAt, ADATUM_EXPIRES);
    assert.equal(stored.resolvedBy, undefined);
    assert.equal(stored.version, 2);
    assert.equal(onDisk.invitations.find((i: { id: string }) => i.id === LITWARE).status, 'pending', "Litware's 90 days are not over");

    const expired = onDisk.audit.filter((e: { action: string }) => e.action === 'invitation.expired');
    assert.equal(expired.length, 1);
    assert.deepEqual(expired[0].actor, SYSTEM_ACTOR);
    assert.equal(expired[0].partnerId, 'adatum');
    assert.equal(expired[0].subject, ADATUM);
    assert.equal(expired[0].before.status, 'pending');
    assert.equal(expired[0].after.status, 'expired');
    assert.deepEqual(onDisk.audit.map((e: { action: string }) => e.action).slice(-2), ['invitation.expired', 'mpsa.visibilityChanged'], 'the expiry is recorded before the change that saved it');

    const note = onDisk.outbox.find((n: { event: string }) => n.event === 'invitationExpired');
    assert.deepEqual(note.audience, { kind: 'partner', partnerId: 'adatum' });
    assert.equal(note.data.invitationId, ADATUM);
    assert.equal(note.data.expiredAt, ADATUM_EXPIRES);
    assert.equal(note.data.customerName, 'Northwind Traders');
  });

  it('expires exactly at the end of the 90 days, not a millisecond before', async () => {
    world.clock.advanceDays(87);
    world.clock.advanceMs(-1);
    assert.ok((await anyChange()).ok);
    assert.equal((await invitation(ADATUM)).status, 'pending');
    world.clock.advanceMs(1);
    assert.ok((await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: false })).ok);
    assert.equal((await invitation(ADATUM)).status, 'expired');
  });

  it('records the expiry once, however many changes follow', async () => {
    world.clock.advanceDays(100);
    assert.ok((await anyChange()).ok);
    assert.ok((await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: false })).ok);
    const state = await northwind();
    assert.equal(state.audit.filter((e) => e.action === 'invitation.expired').length, 2, 'one for Adatum, one for Litware');
    assert.equal(state.outbox.filter((n) => n.event === 'invitationExpired').length, 2);
    assert.deepEqual(state.invitations.map((i) => [i.id, i.status, i.version]), [[ADATUM, 'expired', 2], [LITWARE, 'expired', 2]]);
  });

  it('saves nothing when the change is refused', async () => {
    world.clock.advanceDays(87);
    const before = await northwind();
    const refused = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    assert.equal(!refused.ok && refused.refusal.kind, 'notPending');
    assert.equal(await northwind(), before);
    assert.equal((await invitation(ADATUM)).status, 'pending');
  });

  it('is not saved by a change to another tenant', async () => {
    world.clock.advanceDays(87);
    assert.ok((await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: DEMO.tailspin.tenantId, types: ['partner'] })).ok);
    assert.equal((await invitation(ADATUM)).status, 'pending');
  });

  it("is saved by a partner's change to the customer too, before the new invitation", async () => {
    world.clock.advanceDays(88);
    const created = await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: NORTHWIND, types: ['partner'] });
    assert.ok(created.ok, JSON.stringify(created));
    const state = await northwind();
    assert.deepEqual(state.invitations.filter((i) => i.partnerId === 'adatum').map((i) => i.status), ['expired', 'pending']);
    const trail = await readAuditTrail(world.deps, ACTORS.globalReader, { partnerId: 'adatum' });
    assert.ok(trail.ok);
    assert.deepEqual(trail.value.map((e) => [e.action, e.subject]), [
      ['invitation.created', created.value.id],
      ['invitation.expired', ADATUM],
      ['invitation.created', ADATUM],
    ]);
  });

  it('reports "expired at T" once saved, as before', async () => {
    world.clock.advanceDays(90);
    assert.ok((await anyChange()).ok);
    const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: ADATUM, agreementAcknowledged: true });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.status, 'expired');
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.at, ADATUM_EXPIRES);
    assert.equal(result.refusal.kind === 'notPending' && result.refusal.version, 2);
  });
});
