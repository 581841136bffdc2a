import assert from 'node:assert/strict';
import { READER_ROLES } from '../../domain/directoryRoles.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { readAuditTrail } from '../../domain/operations/readAuditTrail.js';
import { removeRoles } from '../../domain/operations/removeRoles.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, START, type TestWorld } from '../support/testWorld.js';

const LITWARE = DEMO.invitations.litwareReseller;
const ADATUM = DEMO.invitations.adatumDap;

describe('readAuditTrail', () => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await createTestWorld();
    // Two changes on top of the demo's two "invitation.created" events (3 days and 1 day ago).
    assert.ok((await cancelInvitation(world.deps, ACTORS.globalAdmin, { invitationId: LITWARE })).ok);
    world.clock.advanceMs(3_600_000);
    assert.ok((await removeRoles(world.deps, ACTORS.billingAdmin, { partnerId: 'contoso' })).ok);
  });
  afterEach(async () => { await world.dispose(); });

  const trail = (result: Awaited<ReturnType<typeof readAuditTrail>>) => {
    assert.ok(result.ok, JSON.stringify(result));
    return result.value.map((e) => [e.action, e.partnerId, e.actor.displayName]);
  };

  it('lists the changes newest first, with who did them', async () => {
    assert.deepEqual(trail(await readAuditTrail(world.deps, ACTORS.globalAdmin)), [
      ['roles.removed', 'contoso', 'Bill Ramos'],
      ['invitation.cancelled', 'litware', 'Jane Doe'],
      ['invitation.created', 'litware', 'Lars Berg'],
      ['invitation.created', 'adatum', 'Ada Quinn'],
    ]);
  });

  it('keeps before and after of each change', async () => {
    const result = await readAuditTrail(world.deps, ACTORS.globalReader, { limit: 1 });
    assert.ok(result.ok);
    const [event] = result.value;
    assert.equal(event?.tenantId, DEMO.northwind.tenantId);
    assert.equal(event?.at, new Date(START.getTime() + 3_600_000).toISOString());
    assert.deepEqual((event?.before as { roles: string[] }).roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.deepEqual((event?.after as { roles: string[] }).roles, []);
  });

  it('filters by partner', async () => {
    assert.deepEqual(trail(await readAuditTrail(world.deps, ACTORS.helpdeskAdmin, { partnerId: 'litware' })), [
      ['invitation.cancelled', 'litware', 'Jane Doe'],
      ['invitation.created', 'litware', 'Lars Berg'],
    ]);
    assert.deepEqual(trail(await readAuditTrail(world.deps, ACTORS.helpdeskAdmin, { partnerId: 'relecloud' })), []);
  });

  it('lists only the changes since a date, that instant included', async () => {
    const twoDaysAgo = new Date(START.getTime() - 2 * 86_400_000).toISOString();
    assert.deepEqual(trail(await readAuditTrail(world.deps, ACTORS.globalAdmin, { since: twoDaysAgo })).map(([action]) => action),
      ['roles.removed', 'invitation.cancelled', 'invitation.created']);
    assert.deepEqual(trail(await readAuditTrail(world.deps, ACTORS.globalAdmin, { since: START.toISOString() })).map(([action]) => action),
      ['roles.removed', 'invitation.cancelled']);
    assert.deepEqual(trail(await readAuditTrail(world.deps, ACTORS.globalAdmin, { since: twoDaysAgo, partnerId: 'adatum' })), []);
  });

  it('honours the limit and refuses a bad query', async () => {
    assert.equal(trail(await readAuditTrail(world.deps, ACTORS.globalAdmin, { limit: 2 })).length, 2);
    for (const query of [{ limit: 0 }, { limit: 201 }, { since: 'last week' }, { partnerId: 'Not An Id' }]) {
      const result = await readAuditTrail(world.deps, ACTORS.globalAdmin, query);
      assert.equal(!result.ok && result.refusal.kind, 'invalidInput', JSON.stringify(query));
    }
  });

  it('includes the invitation of a partner found in the subject', async () => {
    const result = await readAuditTrail(world.deps, ACTORS.globalAdmin, { partnerId: 'adatum' });
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((e) => e.subject), [ADATUM]);
  });

  for (const name of ['plainUser', 'partnerStaff'] as const) {
    it(`refuses a ${name} and names the roles that may read`, async () => {
      const result = await readAuditTrail(world.deps, ACTORS[name]);
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, READER_ROLES);
    });
  }

  it("shows another tenant's admin only their own trail", async () => {
    const result = await readAuditTrail(world.deps, ACTORS.otherTenantAdmin, { limit: 200 });
    assert.ok(result.ok);
    assert.deepEqual(result.value, []);
  });
});
