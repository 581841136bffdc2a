import assert from 'node:assert/strict';
import type { RoleLookup } from '../../domain/ports.js';
import { GRAPH_REASONS } from '../../storage/graph/graphReasons.js';
import { graphError, GraphStandIn } from './graphStandIn.js';
import type { Override } from './graphStandIn.js';
import { credentials, credentialThat, seedDirectory, sourceFor, TENANT_A, timed, USER } from './graphFixtures.js';

const throttled = (retryAfter: string) =>
  graphError(429, 'Request_ThrottledTemporarily', 'The request has been throttled', { 'Retry-After': retryAfter });

/** Answers the first `times` requests with `reply`, then lets the directory answer. */
function firstRequests(times: number, reply: ReturnType<typeof graphError>): Override {
  let left = times;
  return () => (left-- > 0 ? reply : undefined);
}

describe('GraphRoleSource: when Graph or sign-in fails', () => {
  let graph: GraphStandIn;
  beforeEach(async () => {
    graph = await GraphStandIn.start();
    seedDirectory(graph);
  });
  afterEach(async () => { await graph.stop(); });

  const lookupJane = (options: Parameters<typeof sourceFor>[1] = {}): Promise<{ value: RoleLookup; ms: number }> =>
    timed(() => sourceFor(graph, options).lookup(TENANT_A, USER.jane));

  it('retries a throttled call after Retry-After and then answers', async () => {
    graph.override = firstRequests(1, throttled('1'));
    const { value, ms } = await lookupJane();
    assert.ok(value.ok, JSON.stringify(value));
    assert.equal(value.user.roles.length, 4);
    assert.ok(ms >= 950, `waited ${ms} ms, Retry-After asked for 1 s`);
    assert.equal(graph.requests.length, 3, 'two calls, one of them retried once');
  });

  it('retries 503 Service Unavailable too', async () => {
    graph.override = firstRequests(1, graphError(503, 'serviceNotAvailable', 'Service Unavailable', { 'Retry-After': '0' }));
    const { value } = await lookupJane();
    assert.ok(value.ok, JSON.stringify(value));
  });

  it('gives up on endless throttling within the deadline, after a bounded number of retries', async () => {
    graph.override = () => throttled('1');
    const { value, ms } = await lookupJane({ deadlineMs: 2_500, maxRetries: 2 });
    assert.deepEqual(value, { ok: false, reason: GRAPH_REASONS.throttled });
    assert.ok(ms < 2_500, `took ${ms} ms`);
    assert.ok(graph.requests.length <= 2 + 2, `${graph.requests.length} requests: two calls and at most two retries`);
  });

  it('does not wait for a Retry-After longer than the time left (no SDK retry handler waiting behind it)', async () => {
    graph.override = () => throttled('30');
    const { value, ms } = await lookupJane({ deadlineMs: 5_000 });
    assert.deepEqual(value, { ok: false, reason: GRAPH_REASONS.throttled });
    assert.ok(ms < 1_000, `took ${ms} ms`);
    assert.equal(graph.requests.length, 2, 'no retry at all');
  });

  it('reports missing admin consent on 403 Authorization_RequestDenied', async () => {
    graph.override = () => graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const { value } = await lookupJane();
    assert.deepEqual(value, {
      ok: false,
      reason: 'Partner Desk has no admin consent to read directory roles in your organization; a Global admin must grant it (see the deployment guide)',
    });
  });

  it('reports a sign-in failure on 401 (a token Graph refuses)', async () => {
    graph.override = () => graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    assert.deepEqual((await lookupJane()).value, { ok: false, reason: "Partner Desk could not sign in to your organization's directory" });
  });

  it('reports a sign-in failure when the credential gives no token, and calls Graph with none', async () => {
    const failing = credentials({ [TENANT_A]: credentialThat(async () => { throw new Error('AADSTS7000215: Invalid client secret provided.'); }) });
    assert.deepEqual((await lookupJane({ credentialFor: failing.credentialFor })).value, { ok: false, reason: GRAPH_REASONS.signInFailed });
    const empty = credentials({ [TENANT_A]: credentialThat(async () => null) });
    assert.deepEqual((await lookupJane({ credentialFor: empty.credentialFor })).value, { ok: false, reason: GRAPH_REASONS.signInFailed });
    const none = credentials({});
    assert.deepEqual((await lookupJane({ credentialFor: none.credentialFor })).value, { ok: false, reason: GRAPH_REASONS.signInFailed });
    assert.equal(graph.requests.length, 0);
  });

  it('reports missing consent when Entra says the app is not in that tenant', async () => {
    const notConsented = credentials({
      [TENANT_A]: credentialThat(async () => {
        throw new Error(`AADSTS700016: Application with identifier 'app' was not found in the directory '${TENANT_A}'.`);
      }),
    });
    assert.deepEqual((await lookupJane({ credentialFor: notConsented.credentialFor })).value, { ok: false, reason: GRAPH_REASONS.noConsent });
  });

  it('gives up on a call that never answers, at the per-call timeout', async () => {
    graph.override = () => 'hang';
    const { value, ms } = await lookupJane({ callTimeoutMs: 300, deadlineMs: 3_000 });
    assert.deepEqual(value, { ok: false, reason: 'Microsoft Graph could not be reached' });
    assert.ok(ms >= 250 && ms < 1_500, `took ${ms} ms`);
  });

  it('answers by the deadline even when the credential ignores its abort signal', async () => {
    const stuck = credentials({ [TENANT_A]: credentialThat(() => new Promise(() => undefined)) });
    const { value, ms } = await lookupJane({ credentialFor: stuck.credentialFor, deadlineMs: 500 });
    assert.deepEqual(value, { ok: false, reason: GRAPH_REASONS.unreachable });
    assert.ok(ms < 1_500, `took ${ms} ms`);
  });

  it('reports a Graph server error (500) without retrying it', async () => {
    graph.override = () => graphError(500, 'UnknownError', 'An internal server error occurred.');
    assert.deepEqual((await lookupJane()).value, { ok: false, reason: 'Microsoft Graph answered with an error (HTTP 500); try again later' });
    assert.equal(graph.requests.length, 2);
  });

  it('reports Graph unreachable when nothing listens', async () => {
    const baseUrl = graph.baseUrl;
    await graph.stop();
    const { value } = await timed(() => sourceFor(graph, { baseUrl }).lookup(TENANT_A, USER.jane));
    assert.deepEqual(value, { ok: false, reason: GRAPH_REASONS.unreachable });
  });

  it('fails the whole lookup when only the profile call fails, rather than answering without it', async () => {
    graph.override = (r) => (r.path === `/users/${USER.jane}` ? graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges') : undefined);
    assert.deepEqual((await lookupJane()).value, { ok: false, reason: GRAPH_REASONS.noConsent });
  });

  it('never throws, whatever the credential does', async () => {
    const weird = [
      credentialThat(() => { throw new TypeError('synchronous throw'); }),
      credentialThat(async () => { throw 'a string, not an Error'; }),
      credentialThat(async () => ({ token: '', expiresOnTimestamp: 0 })),
      { getToken: 'not a function' } as never,
    ];
    for (const credential of weird) {
      const creds = credentials({ [TENANT_A]: credential });
      const value = await sourceFor(graph, { credentialFor: creds.credentialFor }).lookup(TENANT_A, USER.jane);
      assert.equal(value.ok, false, JSON.stringify(value));
    }
  });

  it('reports failures to the log with what an operator needs, and no token', async () => {
    const logged: { details: Record<string, unknown>; message: string }[] = [];
    graph.override = () => graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    await lookupJane({ log: { warn: (details, message) => logged.push({ details, message }) } });
    assert.ok(logged.length >= 1);
    const [first] = logged;
    assert.equal(first?.details.tenantId, TENANT_A);
    assert.equal(first?.details.status, 403);
    assert.equal(first?.details.code, 'Authorization_RequestDenied');
    assert.equal(first?.details.requestId, 'req-Authorization_RequestDenied');
    assert.ok(!JSON.stringify(logged).includes('token-for-tenant'), 'no token in the log');
  });
});
