import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import sinon from 'sinon';
import type { TenantStore } from '../../domain/ports.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { StoreRoleSource } from '../../storage/storeRoleSource.js';
import { createTestWorld, type TestWorld } from '../support/testWorld.js';

const N = DEMO.northwind;

describe('StoreRoleSource', () => {
  let world: TestWorld;
  beforeEach(async () => { world = await createTestWorld(); });
  afterEach(async () => {
    sinon.restore();
    await world.dispose();
  });

  const lookup = (tenantId: string, userObjectId: string) => world.opened.roles.lookup(tenantId, userObjectId);

  it("answers with the roles, name and email the tenant's users list", async () => {
    assert.deepEqual(await lookup(N.tenantId, N.users.globalAdmin.objectId), {
      ok: true, user: { displayName: 'Jane Doe', email: 'jane@northwind.example', roles: ['Global Administrator'] },
    });
    assert.deepEqual(await lookup(N.tenantId, N.users.billingAdmin.objectId), {
      ok: true, user: { displayName: 'Bill Ramos', email: 'bill@northwind.example', roles: ['Billing Administrator'] },
    });
  });

  it('follows a change to the users, without a restart', async () => {
    await world.opened.tenants.transact(N.tenantId, (draft) => {
      draft.users[N.users.plainUser.objectId] = { ...draft.users[N.users.plainUser.objectId]!, roles: ['Billing Administrator'] };
      return { commit: true, value: undefined };
    });
    const found = await lookup(N.tenantId, N.users.plainUser.objectId);
    assert.deepEqual(found.ok && found.user.roles, ['Billing Administrator']);
  });

  it('hands out a copy of the roles, so a caller cannot change the stored ones', async () => {
    const found = await lookup(N.tenantId, N.users.globalAdmin.objectId);
    assert.ok(found.ok);
    found.user.roles.push('Billing Administrator');
    const again = await lookup(N.tenantId, N.users.globalAdmin.objectId);
    assert.deepEqual(again.ok && again.user.roles, ['Global Administrator']);
  });

  it('gives a user the tenant does not list no roles', async () => {
    assert.deepEqual(await lookup(N.tenantId, 'ffffffff-0000-0000-0000-000000000000'), { ok: true, user: { roles: [] } });
  });

  it("gives a user from another tenant no roles here, even with an admin's object id", async () => {
    assert.deepEqual(await lookup(DEMO.tailspin.tenantId, N.users.globalAdmin.objectId), { ok: true, user: { roles: [] } });
  });

  it('gives no roles in a tenant the store has never seen, or one whose id is not a tenant id', async () => {
    assert.deepEqual(await lookup('99999999-0000-4000-8000-000000000000', N.users.globalAdmin.objectId), { ok: true, user: { roles: [] } });
    assert.deepEqual(await lookup('../x', N.users.globalAdmin.objectId), { ok: true, user: { roles: [] } });
  });

  for (const property of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`treats a user id named like an object property (${property}) as an unknown user`, async () => {
      assert.deepEqual(await lookup(N.tenantId, property), { ok: true, user: { roles: [] } });
    });
  }

  it('answers { ok: false } with a reason, never roles, when the tenant file cannot be read', async () => {
    await writeFile(world.opened.layout.tenant(N.tenantId), '{"schemaVersion":1,"tenant":');
    const roles = (await world.reopen()).roles;

    const found = await roles.lookup(N.tenantId, N.users.globalAdmin.objectId);

    assert.equal(found.ok, false);
    assert.match(!found.ok ? found.reason : '', /can't be read/);
    assert.match(!found.ok ? found.reason : '', new RegExp(`${N.tenantId}\\.json`));
  });

  it('answers { ok: false } when the store fails in any other way', async () => {
    const store = { read: sinon.stub().rejects(new Error('EACCES: permission denied')) } as unknown as TenantStore;
    const found = await new StoreRoleSource(store).lookup(N.tenantId, N.users.globalAdmin.objectId);
    assert.deepEqual(found, { ok: false, reason: "the directory for this organization can't be read (EACCES: permission denied)" });
  });
});
