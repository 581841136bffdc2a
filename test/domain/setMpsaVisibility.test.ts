import assert from 'node:assert/strict';
import { WRITER_ROLES } from '../../domain/directoryRoles.js';
import { setMpsaVisibility } from '../../domain/operations/setMpsaVisibility.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';

describe('setMpsaVisibility', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => { await world.dispose(); });

  const northwind = async () => (await world.deps.store.read(DEMO.northwind.tenantId))!;
  const relationship = async (partnerId: string) => (await northwind()).relationships.find((r) => r.partnerId === partnerId)!;

  it('lets Woodgrove, an MPSA partner, see purchases of other MPSA partners, and audits it', async () => {
    const result = await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: true, expectedVersion: 1 });

    assert.ok(result.ok, JSON.stringify(result));
    const stored = await relationship('woodgrove');
    assert.equal(stored.mpsaPurchasesVisible, true);
    assert.equal(stored.version, 2);
    assert.deepEqual(stored.types, ['mpsaPartner', 'advisor']);
    const audit = (await northwind()).audit.at(-1)!;
    assert.equal(audit.action, 'mpsa.visibilityChanged');
    assert.equal(audit.partnerId, 'woodgrove');
    assert.equal(audit.actor.displayName, 'Jane Doe');
    assert.equal((audit.before as { mpsaPurchasesVisible: boolean }).mpsaPurchasesVisible, false);
    assert.equal((audit.after as { mpsaPurchasesVisible: boolean }).mpsaPurchasesVisible, true);
  });

  it('turns visibility off again', async () => {
    await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: true });
    const result = await setMpsaVisibility(world.deps, ACTORS.billingAdmin, { partnerId: 'woodgrove', visible: false, expectedVersion: 2 });
    assert.ok(result.ok);
    const stored = await relationship('woodgrove');
    assert.equal(stored.mpsaPurchasesVisible, false);
    assert.equal(stored.version, 3);
    assert.equal((await northwind()).audit.filter((e) => e.action === 'mpsa.visibilityChanged').length, 2);
  });

  it('answers a setting that is already so with alreadyDone and writes nothing', async () => {
    const before = await northwind();
    const result = await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: false });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'alreadyDone');
    assert.match(result.refusal.kind === 'alreadyDone' ? result.refusal.what : '', /already off/);
    assert.equal(await northwind(), before);
  });

  it('refuses Fabrikam, which is not an MPSA partner, as a conflict', async () => {
    const before = await northwind();
    const result = await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'fabrikam', visible: true });
    assert.ok(!result.ok);
    assert.equal(result.refusal.kind, 'conflict');
    assert.equal(await northwind(), before);
    assert.equal((await relationship('fabrikam')).mpsaPurchasesVisible, false);
  });

  for (const name of ['helpdeskAdmin', 'globalReader', 'plainUser'] as const) {
    it(`refuses a ${name}`, async () => {
      const result = await setMpsaVisibility(world.deps, ACTORS[name], { partnerId: 'woodgrove', visible: true });
      assert.ok(!result.ok);
      assert.equal(result.refusal.kind, 'notAllowed');
      assert.deepEqual(result.refusal.kind === 'notAllowed' && result.refusal.requiredRoles, WRITER_ROLES);
      assert.equal((await relationship('woodgrove')).mpsaPurchasesVisible, false);
    });
  }

  it("can't reach another tenant's relationship", async () => {
    const result = await setMpsaVisibility(world.deps, ACTORS.otherTenantAdmin, { partnerId: 'woodgrove', visible: true });
    assert.deepEqual(result, { ok: false, refusal: { kind: 'notFound', what: 'relationship', id: 'woodgrove' } });
    assert.equal((await relationship('woodgrove')).mpsaPurchasesVisible, false);
  });

  it('refuses a stale card and input without a visibility', async () => {
    const stale = await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: true, expectedVersion: 5 });
    assert.deepEqual(stale, { ok: false, refusal: { kind: 'stale', what: 'relationship', expectedVersion: 5, currentVersion: 1 } });
    const bad = await setMpsaVisibility(world.deps, ACTORS.globalAdmin, { partnerId: 'woodgrove', visible: 'yes' } as unknown as { partnerId: string; visible: boolean });
    assert.equal(!bad.ok && bad.refusal.kind, 'invalidInput');
    assert.equal((await relationship('woodgrove')).mpsaPurchasesVisible, false);
  });
});
