import assert from 'node:assert/strict';
import { deepFreeze } from '../../domain/deepFreeze.js';
import { type TenantState, TenantStateSchema } from '../../domain/model.js';
import { demoSeed } from '../../storage/demoData.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { copyJson, sameJson } from '../../domain/plainJson.js';
import { editable } from '../../domain/editable.js';
import { draftProblem, TenantDraft } from '../../storage/tenantDraft.js';
import { notification } from './storeHelpers.js';

/** Northwind as the demo seeds it: users, invitations, relationships, an audit trail. Frozen, as the store's tests keep it. */
function northwind(): TenantState {
  const state = demoSeed(new Date('2026-11-25T10:00:00.000Z')).tenants.find((t) => t.tenant.id === DEMO.northwind.tenantId)!;
  return deepFreeze(copyJson(state));
}

function change(before: TenantState, work: (draft: TenantState) => void) {
  const draft = new TenantDraft(before);
  work(draft.state);
  return draft.changes();
}

describe('TenantDraft: the draft a change works on, and what it changed', () => {
  it('shares the entries of the state before, frozen: an entry is edited on a copy, and editing one in place fails', () => {
    const before = northwind();
    const draft = new TenantDraft(before);
    assert.notEqual(draft.state.invitations, before.invitations);
    assert.equal(draft.state.invitations[0], before.invitations[0]);
    assert.throws(() => { draft.state.invitations[0]!.status = 'cancelled'; }, TypeError);
    assert.throws(() => { draft.state.users[Object.keys(draft.state.users)[0]!]!.roles.push('Helpdesk Administrator'); }, TypeError);
    const edited = editable(draft.state.invitations, draft.state.invitations[0]!);
    edited.status = 'cancelled';
    assert.equal(draft.state.invitations[0], edited);
    assert.equal(editable(draft.state.invitations, edited), edited, 'an entry already made editable is not copied again');
    assert.notEqual(before.invitations[0]!.status, 'cancelled');
    draft.state.relationships.pop();
    delete draft.state.users[Object.keys(draft.state.users)[0]!];
    assert.equal(draft.state.relationships.length, before.relationships.length - 1);
    assert.equal(Object.keys(draft.state.users).length, Object.keys(before.users).length - 1);
  });

  it('lays its parts out in the order a state read from a file has them', () => {
    const before = northwind();
    assert.deepEqual(Object.keys(new TenantDraft(before).state), Object.keys(TenantStateSchema.parse(before)));
  });

  it('finds nothing changed when nothing was', () => {
    const changes = change(northwind(), () => undefined);
    assert.deepEqual(changes.changed, []);
    assert.equal(draftProblem(changes), undefined);
  });

  it('names exactly the parts a change touched: an edited entry, an added one, a removed one, a reordered list', () => {
    const before = northwind();
    assert.deepEqual(change(before, (d) => { editable(d.invitations, d.invitations[1]!).version += 1; }).changed, ['invitations']);
    assert.deepEqual(change(before, (d) => { d.relationships.push({ ...d.relationships[0]!, partnerId: 'new-partner' }); }).changed, ['relationships']);
    assert.deepEqual(change(before, (d) => { d.relationships = d.relationships.slice(1); }).changed, ['relationships']);
    assert.deepEqual(change(before, (d) => { d.invitations.reverse(); }).changed, ['invitations']);
    const someone = Object.keys(before.users)[0]!;
    assert.deepEqual(change(before, (d) => { delete d.users[someone]; }).changed, ['users']);
    assert.deepEqual(change(before, (d) => { d.tenant.displayName = 'Northwind Traders Ltd'; }).changed, ['tenant']);
  });

  it('gives back the very entries of the state before that a change left alone, so states share them', () => {
    const before = deepFreeze({ ...northwind(), outbox: [notification(DEMO.northwind.tenantId, 'queued')] });
    const draft = new TenantDraft(before);
    editable(draft.state.invitations, draft.state.invitations[1]!).version += 1;
    draft.state.outbox.push(notification(DEMO.northwind.tenantId, 'new-note'));
    draft.changes();
    const { invitations, relationships, outbox } = draft.state;
    assert.ok(invitations.every((entry, i) => (i === 1) !== (entry === before.invitations[i])), 'all but the edited invitation are the state before\'s');
    assert.equal(invitations[1]!.version, before.invitations[1]!.version + 1);
    assert.ok(relationships.every((entry, i) => entry === before.relationships[i]));
    assert.ok(outbox.slice(0, -1).every((entry, i) => entry === before.outbox[i]));
    assert.equal(outbox.at(-1)!.id, 'new-note');
  });

  it('tells an audit trail the change only added to (with how long it was) from one it rewrote', () => {
    const before = northwind();
    const event = { ...before.audit[0]!, id: 'new-event' };
    const appended = change(before, (d) => { d.audit.push(event); });
    assert.deepEqual([appended.changed, appended.appendedAfter], [['audit'], { audit: before.audit.length }]);
    const rewritten = change(before, (d) => { d.audit = [event, ...d.audit]; });
    assert.deepEqual([rewritten.changed, rewritten.appendedAfter], [['audit'], {}]);
  });

  describe('draftProblem', () => {
    it('names the real position of a bad entry the change added or edited', () => {
      const before = northwind();
      assert.match(draftProblem(change(before, (d) => { editable(d.invitations, d.invitations[1]!).types = []; }))!, /^invitations\.1\.types:/);
      assert.match(draftProblem(change(before, (d) => { d.invitations.push({ ...d.invitations[0]!, id: 'x', version: 0 }); }))!, new RegExp(`^invitations\\.${before.invitations.length}\\.version:`));
      const someone = Object.keys(before.users)[0]!;
      assert.match(draftProblem(change(before, (d) => { d.users[someone] = { ...d.users[someone]!, roles: 'Global Administrator' as unknown as string[] }; }))!, new RegExp(`^users\\.${someone}\\.roles:`));
      assert.match(draftProblem(change(before, (d) => { (d.audit as unknown[]).push({ id: 'half an event' }); }))!, new RegExp(`^audit\\.${before.audit.length}\\.`));
      assert.match(draftProblem(change(before, (d) => { (d.tenant as { displayName: unknown }).displayName = 7; }))!, /^tenant\.displayName:/);
    });

    it('checks the key a change gave a record entry, not only the entry', () => {
      const before = northwind();
      const registration = { conversationId: '19:x@thread.tacv2', registeredAt: '2026-11-25T12:00:00.000Z', registeredBy: { objectId: 'o', tenantId: before.tenant.id, displayName: 'A' } };
      assert.equal(draftProblem(change(before, (d) => { d.partnerChannels['contoso-partner'] = registration; })), undefined);
      assert.match(draftProblem(change(before, (d) => { d.partnerChannels['Contoso Partner'] = registration; }))!, /^partnerChannels\.Contoso Partner: a partner id is/);
    });

    it('names at most five problems', () => {
      const before = northwind();
      // Three audit events with only an id: each misses several fields, so more than five problems in all.
      const problem = draftProblem(change(before, (d) => { (d.audit as unknown[]).push({ id: 'a' }, { id: 'b' }, { id: 'c' }); }));
      assert.equal(problem!.split('; ').length, 5);
      assert.match(problem!, new RegExp(`^audit\\.${before.audit.length}\\.`));
    });

    it('refuses a part that is no longer a list or a record', () => {
      const before = northwind();
      assert.match(draftProblem(change(before, (d) => { (d as { outbox: unknown }).outbox = undefined; }))!, /^outbox:/);
      assert.match(draftProblem(change(before, (d) => { (d as { audit: unknown }).audit = { 0: before.audit[0] }; }))!, /^audit:/);
      assert.match(draftProblem(change(before, (d) => { (d as { users: unknown }).users = null; }))!, /^users:/);
    });

    it('does not check again what the change left alone: those entries were checked when the state was loaded', () => {
      // An entry that would not pass today (as a hand-edited file might hold) does not block changes elsewhere…
      const before = deepFreeze({ ...copyJson(northwind()), invitations: [{ ...copyJson(northwind().invitations[0]!), types: [] }, ...copyJson(northwind().invitations.slice(1))] });
      assert.equal(draftProblem(change(before, (d) => { editable(d.invitations, d.invitations[1]!).version += 1; })), undefined);
      // …nor does moving it, or keeping it through a filter…
      assert.equal(draftProblem(change(before, (d) => { d.invitations.reverse(); })), undefined);
      assert.equal(draftProblem(change(before, (d) => { d.invitations = d.invitations.filter((_, i) => i !== 1); })), undefined);
      // …but it is checked once a change edits it.
      assert.match(draftProblem(change(before, (d) => { editable(d.invitations, d.invitations[0]!).version += 1; }))!, /^invitations\.0\.types:/);
    });

    it('checks a frozen entry that was not in the part before: only the state before\'s own entries were checked', () => {
      const before = northwind();
      const stranger = deepFreeze({ ...copyJson(before.invitations[0]!), id: 'stranger', types: [] });
      assert.match(draftProblem(change(before, (d) => { d.invitations.push(stranger); }))!, new RegExp(`^invitations\\.${before.invitations.length}\\.types:`));
      const relationship = before.relationships[0]! as unknown as TenantState['invitations'][number];
      assert.match(draftProblem(change(before, (d) => { d.invitations.push(relationship); }))!, new RegExp(`^invitations\\.${before.invitations.length}\\.`));
    });

    it('checks a value part only when the change made it differ, even when it took it away', () => {
      const before = deepFreeze({ ...copyJson(northwind()), tenant: { id: DEMO.northwind.tenantId, displayName: 7 as unknown as string } });
      assert.equal(draftProblem(change(before, (d) => { editable(d.invitations, d.invitations[1]!).version += 1; })), undefined);
      assert.match(draftProblem(change(before, (d) => { d.tenant.domain = 'northwind.example'; }))!, /^tenant\.displayName:/);
      assert.match(draftProblem(change(northwind(), (d) => { (d as { schemaVersion: unknown }).schemaVersion = undefined; }))!, /^schemaVersion:/);
    });
  });
});

describe('plain JSON copies and comparisons', () => {
  it('copies deeply and compares by content, whatever the key order', () => {
    const value = { a: [1, { b: null, c: 'x' }], d: { e: true } };
    const copy = copyJson(value);
    assert.deepEqual(copy, value);
    assert.notEqual(copy.a[1], value.a[1]);
    assert.ok(sameJson(value, { d: { e: true }, a: [1, { c: 'x', b: null }] }));
  });

  it('reads a key set to undefined as no key, as JSON text has it', () => {
    assert.ok(sameJson({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(sameJson({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!sameJson({ a: undefined }, { a: null }));
  });

  it('tells apart what differs in any way: a value, a missing key, an array for an object, null for an object', () => {
    assert.ok(!sameJson({ a: [1, 2] }, { a: [1, 3] }));
    assert.ok(!sameJson({ a: 1, b: 2 }, { a: 1, c: 2 }));
    assert.ok(!sameJson({ a: 1, b: undefined }, { a: 1, c: 2 }));
    assert.ok(!sameJson({ 0: 'x' }, ['x']));
    assert.ok(!sameJson({ a: null }, { a: {} }));
    assert.ok(!sameJson([1, 2], [1, 2, 3]));
  });
});
