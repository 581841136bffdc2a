import assert from 'node:assert/strict';
import { GRAPH_REASONS } from '../../storage/graph/graphReasons.js';
import { graphError, GraphStandIn } from './graphStandIn.js';
import { ManualClock, seedDirectory, sourceFor, TENANT_A, TENANT_B, USER } from './graphFixtures.js';

describe('GraphRoleSource: cache', () => {
  let graph: GraphStandIn;
  let clock: ManualClock;
  beforeEach(async () => {
    graph = await GraphStandIn.start();
    seedDirectory(graph);
    clock = new ManualClock();
  });
  afterEach(async () => { await graph.stop(); });

  it('answers a second lookup from memory, and asks Graph again once the TTL has passed', async () => {
    const source = sourceFor(graph, { clock, ttlMs: 60_000 });
    const first = await source.lookup(TENANT_A, USER.jane);
    const calls = graph.requests.length;
    assert.equal(calls, 2);

    clock.advance(59_999);
    assert.deepEqual(await source.lookup(TENANT_A, USER.jane), first);
    assert.equal(graph.requests.length, calls, 'no Graph call within the TTL');

    clock.advance(1);
    assert.deepEqual(await source.lookup(TENANT_A, USER.jane), first);
    assert.equal(graph.requests.length, calls * 2, 'Graph asked again after the TTL');
  });

  it('keeps 5 minutes by default', async () => {
    const source = sourceFor(graph, { clock });
    await source.lookup(TENANT_A, USER.jane);
    clock.advance(5 * 60_000 - 1);
    await source.lookup(TENANT_A, USER.jane);
    assert.equal(graph.requests.length, 2);
    clock.advance(1);
    await source.lookup(TENANT_A, USER.jane);
    assert.equal(graph.requests.length, 4);
  });

  it('shares one Graph call between concurrent lookups of the same user', async () => {
    graph.delayMs = 100;
    const source = sourceFor(graph, { clock });
    const answers = await Promise.all(Array.from({ length: 5 }, () => source.lookup(TENANT_A, USER.jane)));
    assert.equal(graph.roleRequests(USER.jane).length, 1);
    assert.equal(graph.requests.length, 2);
    for (const answer of answers) assert.deepEqual(answer, answers[0]);
    assert.ok(answers[0]?.ok && answers[0].user.roles.length === 4);
  });

  it('keeps tenants and users apart', async () => {
    const source = sourceFor(graph, { clock });
    const jane = await source.lookup(TENANT_A, USER.jane);
    const bill = await source.lookup(TENANT_A, USER.bill);
    const janeInB = await source.lookup(TENANT_B, USER.jane);
    assert.ok(jane.ok && bill.ok && janeInB.ok);
    assert.notDeepEqual(jane.user.roles, bill.user.roles);
    assert.deepEqual(janeInB.user.roles, [], "Jane's roles in A are not her roles in B");
    assert.equal(graph.requests.length, 6);
  });

  it('does not keep a failure as a success: it repeats it briefly, then asks again', async () => {
    graph.override = () => graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const source = sourceFor(graph, { clock, failureTtlMs: 3_000 });
    assert.deepEqual(await source.lookup(TENANT_A, USER.jane), { ok: false, reason: GRAPH_REASONS.noConsent });
    const calls = graph.requests.length;

    graph.override = undefined; // the admin grants consent
    clock.advance(2_999);
    assert.deepEqual(await source.lookup(TENANT_A, USER.jane), { ok: false, reason: GRAPH_REASONS.noConsent });
    assert.equal(graph.requests.length, calls, 'a failure is repeated for a few seconds without a Graph call');

    clock.advance(1);
    const after = await source.lookup(TENANT_A, USER.jane);
    assert.ok(after.ok, 'asked again after the failure TTL');
    assert.ok(after.user.roles.includes('Global Administrator'));
  });

  it('hands out copies: changing an answer does not change the next one', async () => {
    const source = sourceFor(graph, { clock });
    const first = await source.lookup(TENANT_A, USER.bill);
    assert.ok(first.ok);
    first.user.roles.push('Global Administrator');
    first.user.displayName = 'Mallory';
    assert.deepEqual(await source.lookup(TENANT_A, USER.bill), {
      ok: true, user: { displayName: 'Bill Ramos', email: 'bill@northwind.onmicrosoft.com', roles: ['Billing Administrator'] },
    });
  });

  it('holds at most maxEntries lookups, dropping the least recently used', async () => {
    const source = sourceFor(graph, { clock, maxEntries: 2 });
    await source.lookup(TENANT_A, USER.jane);
    await source.lookup(TENANT_A, USER.bill);
    await source.lookup(TENANT_A, USER.jane); // Jane is now the most recent; Bill the least
    await source.lookup(TENANT_A, USER.pat); // drops Bill
    const before = graph.requests.length;
    await source.lookup(TENANT_A, USER.jane);
    await source.lookup(TENANT_A, USER.pat);
    assert.equal(graph.requests.length, before, 'Jane and Pat still cached');
    await source.lookup(TENANT_A, USER.bill);
    assert.equal(graph.requests.length, before + 2, 'Bill was dropped and asked again');
  });
});
