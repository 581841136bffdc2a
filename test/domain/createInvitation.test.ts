import assert from 'node:assert/strict';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { withdrawInvitation } from '../../domain/operations/withdrawInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor, START, type TestWorld } from '../support/testWorld.js';
import { tenantJsonOnDisk } from '../support/tenantOnDisk.js';

const TAILSPIN = DEMO.tailspin.tenantId;
const NORTHWIND = DEMO.northwind.tenantId;

describe('createInvitation', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const tenant = async (id: string) => (await world.deps.store.read(id))!;

  it("stores a pending invitation in the customer's tenant with the types and roles asked for, open 90 days", async () => {
    const result = await createInvitation(world.deps, partnerActor('adatum'), {
      customerTenantId: TAILSPIN, types: ['resellerAndDelegatedAdministrator'], roles: ['Global Administrator', 'Helpdesk Administrator'], message: 'Security baseline?',
    });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = (await tenant(TAILSPIN)).invitations.find((i) => i.id === result.value.id)!;
    assert.deepEqual(stored, result.value);
    assert.equal(stored.partnerId, 'adatum');
    assert.equal(stored.customerTenantId, TAILSPIN);
    assert.equal(stored.status, 'pending');
    assert.deepEqual(stored.roles, ['Global Administrator', 'Helpdesk Administrator']);
    assert.equal(stored.requiresAgreement, true);
    assert.equal(stored.message, 'Security baseline?');
    assert.equal(stored.createdAt, START.toISOString());
    assert.equal(stored.expiresAt, new Date(START.getTime() + 90 * 86_400_000).toISOString());
    assert.deepEqual(stored.createdBy, { objectId: DEMO.partners.adatum.staff.objectId, tenantId: DEMO.partners.adatum.tenantId, displayName: 'Ada Quinn' });
    assert.equal(stored.version, 1);
    assert.deepEqual((await tenant(DEMO.partners.adatum.tenantId)).invitations, [], "nothing lands in the partner's own tenant");
  });

  it("notifies the customer's admins and audits the invitation in the same write", async () => {
    const result = await createInvitation(world.deps, partnerActor('litware'), { customerTenantId: TAILSPIN, types: ['lobPartner'] });
    assert.ok(result.ok);
    const onDisk = await tenantJsonOnDisk(world.dir, TAILSPIN);
    assert.equal(onDisk.invitations.length, 1);
    const audit = onDisk.audit.at(-1);
    assert.equal(audit.action, 'invitation.created');
    assert.equal(audit.partnerId, 'litware');
    assert.equal(audit.actor.displayName, 'Lars Berg');
    assert.equal(audit.actor.tenantId, DEMO.partners.litware.tenantId);
    assert.equal(audit.before, null);
    assert.equal(audit.after.status, 'pending');
    assert.equal(onDisk.outbox.length, 1);
    const note = onDisk.outbox[0];
    assert.equal(note.event, 'invitationReceived');
    assert.deepEqual(note.audience, { kind: 'customerAdmins', tenantId: TAILSPIN });
    assert.equal(note.customerTenantId, TAILSPIN);
    assert.equal(note.data.partnerName, 'Litware Licensing');
    assert.equal(note.data.invitationId, result.value.id);
  });

  it('requires the agreement for the types that sell to the customer, and only for those', async () => {
    const cases: Array<[string, Parameters<typeof createInvitation>[2], boolean]> = [
      ['fabrikam', { customerTenantId: TAILSPIN, types: ['reseller'] }, true],
      ['contoso', { customerTenantId: NORTHWIND, types: ['resellerAndDelegatedAdministrator'], roles: ['Global Administrator'] }, true],
      ['woodgrove', { customerTenantId: TAILSPIN, types: ['advisor', 'mpsaPartner'] }, false],
      ['proseware', { customerTenantId: TAILSPIN, types: ['delegatedAdministrator'], roles: ['Security Administrator'] }, false],
    ];
    for (const [partner, input, expected] of cases) {
      const result = await createInvitation(world.deps, partnerActor(partner as keyof typeof DEMO.partners), input);
      assert.ok(result.ok, `${partner}: ${JSON.stringify(result)}`);
      assert.equal(result.value.requiresAgreement, expected, partner);
    }
  });

  for (const name of ['globalAdmin', 'billingAdmin', 'plainUser', 'otherTenantAdmin'] as const) {
    it(`refuses a ${name}: only staff of a listed partner invite`, async () => {
      const result = await createInvitation(world.deps, ACTORS[name], { customerTenantId: TAILSPIN, types: ['reseller'] });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.equal((await tenant(TAILSPIN)).invitations.length, 0);
    });
  }

  it("refuses partner staff acting for another partner's profile", async () => {
    const result = await createInvitation(world.deps, ACTORS.partnerStaff, { partnerId: 'contoso', customerTenantId: TAILSPIN, types: ['reseller'] });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'notAllowed');
    assert.equal((await tenant(TAILSPIN)).invitations.length, 0);
    const own = await createInvitation(world.deps, ACTORS.partnerStaff, { partnerId: 'adatum', customerTenantId: TAILSPIN, types: ['partner'] });
    assert.ok(own.ok);
  });

  it("refuses an invitation to the partner's own tenant", async () => {
    const result = await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: DEMO.partners.adatum.tenantId.toUpperCase(), types: ['partner'] });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'invalidInput');
    assert.deepEqual((await tenant(DEMO.partners.adatum.tenantId)).invitations, []);
  });

  it('answers a customer tenant the store does not know with notFound and creates no file for it', async () => {
    const unknown = '99999999-8888-7777-6666-555555555555';
    const result = await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: unknown, types: ['partner'] });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'customer', id: unknown } });
    assert.equal(await world.deps.store.exists(unknown), false);
    const notGuid = await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: '../northwind', types: ['partner'] });
    assert.equal(!notGuid.ok && notGuid.refusal.kind, 'invalidInput');
  });

  it('takes roles only with a delegated administrator type, and requires them with one', async () => {
    const rolesWithoutDelegation = await createInvitation(world.deps, partnerActor('fabrikam'), { customerTenantId: TAILSPIN, types: ['reseller', 'advisor'], roles: ['Helpdesk Administrator'] });
    assert.ok(!rolesWithoutDelegation.ok);
    assert.equal(rolesWithoutDelegation.refusal.kind, 'invalidInput');
    assert.match(rolesWithoutDelegation.refusal.kind === 'invalidInput' ? rolesWithoutDelegation.refusal.issues.join() : '', /delegated admin roles/);

    const delegationWithoutRoles = await createInvitation(world.deps, partnerActor('contoso'), { customerTenantId: TAILSPIN, types: ['delegatedAdministrator'] });
    assert.equal(!delegationWithoutRoles.ok && delegationWithoutRoles.refusal.kind, 'invalidInput');
    assert.equal((await tenant(TAILSPIN)).invitations.length, 0);
  });

  it('refuses a role that is not a known Entra role name', async () => {
    const result = await createInvitation(world.deps, partnerActor('contoso'), {
      customerTenantId: TAILSPIN, types: ['delegatedAdministrator'], roles: ['Global Administrator', 'Supreme Overlord'],
    });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'invalidInput');
    assert.match(result.refusal.kind === 'invalidInput' ? result.refusal.issues.join() : '', /not a known Entra directory role/);
    assert.equal((await tenant(TAILSPIN)).invitations.length, 0);
  });

  it('keeps a role asked for twice once', async () => {
    const result = await createInvitation(world.deps, partnerActor('contoso'), {
      customerTenantId: TAILSPIN, types: ['delegatedAdministrator'], roles: ['User Administrator', 'User Administrator'],
    });
    assert.ok(result.ok);
    assert.deepEqual(result.value.roles, ['User Administrator']);
  });

  it('refuses a second pending invitation from the same partner to the same customer as a conflict', async () => {
    const before = await tenant(NORTHWIND);
    const result = await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: NORTHWIND, types: ['partner'] });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'conflict');
    assert.match(result.refusal.kind === 'conflict' ? result.refusal.reason : '', new RegExp(DEMO.invitations.adatumDap));
    assert.equal(await tenant(NORTHWIND), before);
  });

  it('allows a new invitation once the pending one is withdrawn or expired', async () => {
    assert.ok((await withdrawInvitation(world.deps, partnerActor('adatum'), { customerTenantId: NORTHWIND, invitationId: DEMO.invitations.adatumDap })).ok);
    assert.ok((await createInvitation(world.deps, partnerActor('adatum'), { customerTenantId: NORTHWIND, types: ['partner'] })).ok);

    world.clock.advanceDays(89);
    const again = await createInvitation(world.deps, partnerActor('litware'), { customerTenantId: NORTHWIND, types: ['lobPartner'] });
    assert.ok(again.ok, JSON.stringify(again));
    const litware = (await tenant(NORTHWIND)).invitations.filter((i) => i.partnerId === 'litware');
    assert.deepEqual(litware.map((i) => i.status), ['expired', 'pending']);
  });

  it('refuses an empty type list and an over-long message', async () => {
    const noTypes = await createInvitation(world.deps, partnerActor('fabrikam'), { customerTenantId: TAILSPIN, types: [] });
    assert.equal(!noTypes.ok && noTypes.refusal.kind, 'invalidInput');
    const long = await createInvitation(world.deps, partnerActor('fabrikam'), { customerTenantId: TAILSPIN, types: ['reseller'], message: 'x'.repeat(2001) });
    assert.equal(!long.ok && long.refusal.kind, 'invalidInput');
  });
});
