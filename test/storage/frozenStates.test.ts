import assert from 'node:assert/strict';
import { editable } from '../../domain/editable.js';
import type { TenantState } from '../../domain/model.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, type TestWorld } from '../support/testWorld.js';

const NORTHWIND = DEMO.northwind.tenantId;

/** The paths of every object in a value that is not frozen. */
function unfrozen(value: unknown, at = '(root)'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Object.isFrozen(value) ? [] : [at];
  return [...own, ...Object.entries(value).flatMap(([key, child]) => unfrozen(child, `${at}.${key}`))];
}

for (const journal of [true, false]) {
  describe(`every state the store holds is frozen (${journal ? 'with the journal' : 'STORE_JOURNAL=off'})`, () => {
    let world: TestWorld;
    beforeEach(async () => { world = await createTestWorld({ journal }); });
    afterEach(() => world.dispose());

    const read = async () => (await world.opened.tenants.read(NORTHWIND))!;

    it('hands out states frozen through, as loaded and as a change leaves them, sharing what the change left alone', async () => {
      const before = await read();
      assert.deepEqual(unfrozen(before), []);
      await world.opened.tenants.transact(NORTHWIND, (draft) => {
        editable(draft.invitations, draft.invitations[0]!).version += 1;
        return { commit: true, value: undefined };
      });
      const after = await read();
      assert.deepEqual(unfrozen(after), []);
      assert.equal(after.invitations[0]!.version, before.invitations[0]!.version + 1);
      assert.ok(after.invitations.slice(1).every((entry, i) => entry === before.invitations[i + 1]));
      assert.ok(after.relationships.every((entry, i) => entry === before.relationships[i]));
      const loaded = (await (await world.reopen()).tenants.read(NORTHWIND))!;
      assert.deepEqual(unfrozen(loaded), [], 'as read from disk by a restarted store');
    });

    it("answers a change with the very entries it committed, frozen: the caller can't change the store through them", async () => {
      const result = await acceptInvitation(world.deps, ACTORS.globalAdmin, { invitationId: DEMO.invitations.adatumDap, agreementAcknowledged: true });
      assert.ok(result.ok, JSON.stringify(result));
      const stored = await read();
      assert.equal(result.value.relationship.relationship, stored.relationships.find((r) => r.partnerId === 'adatum'));
      assert.equal(result.value.invitation.invitation, stored.invitations.find((i) => i.id === DEMO.invitations.adatumDap));
      assert.deepEqual(unfrozen(result.value.relationship.relationship), []);
      assert.throws(() => { result.value.relationship.relationship.roles.push('Global Administrator'); }, TypeError);
    });

    it('copies only the top level of an entry made editable: its fields can be set, its inner arrays still fail in place', async () => {
      const before = await read();
      const first = before.relationships[0]!;
      await world.opened.tenants.transact(NORTHWIND, (draft) => {
        const relationship = editable(draft.relationships, draft.relationships[0]!);
        assert.notEqual(relationship, first);
        assert.equal(relationship.types, first.types, 'the inner arrays are the frozen ones, shared');
        relationship.roles = [];
        relationship.version += 1;
        return { commit: true, value: undefined };
      });
      assert.deepEqual((await read()).relationships[0]!.roles, []);
      const pushRole = (draft: TenantState) => {
        editable(draft.relationships, draft.relationships[1]!).roles.push('Global Administrator');
        return { commit: true, value: undefined };
      };
      const roles = (await read()).relationships[1]!.roles;
      await assert.rejects(world.opened.tenants.transact(NORTHWIND, pushRole), TypeError);
      assert.deepEqual((await read()).relationships[1]!.roles, roles);
    });

    it('fails a change that edits an entry in place, without editable, and keeps and writes nothing of it', async () => {
      const before = await read();
      const status = before.invitations[0]!.status;
      const change = (draft: TenantState) => {
        draft.audit.push({ ...draft.audit[0]!, id: 'never-written' });
        draft.invitations[0]!.status = 'cancelled';
        return { commit: true, value: undefined };
      };
      await assert.rejects(world.opened.tenants.transact(NORTHWIND, change), TypeError);
      assert.equal(await read(), before, 'the same state, untouched');
      assert.equal(before.invitations[0]!.status, status);
      const reopened = (await (await world.reopen()).tenants.read(NORTHWIND))!;
      assert.equal(reopened.invitations[0]!.status, status);
      assert.ok(!reopened.audit.some((event) => event.id === 'never-written'));
    });
  });
}
