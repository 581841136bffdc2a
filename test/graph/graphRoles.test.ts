import assert from 'node:assert/strict';
import { GRAPH_REASONS } from '../../storage/graph/graphReasons.js';
import { GRAPH_SCOPE } from '../../storage/graph/graphEndpoint.js';
import {
  credentials, seedDirectory, sourceFor, StaticTokenCredential, TEMPLATE, TENANT_A, TENANT_B, TOKEN_A, TOKEN_B, USER,
} from './graphFixtures.js';
import { GraphStandIn } from './graphStandIn.js';

describe('GraphRoleSource: roles from Microsoft Graph', () => {
  let graph: GraphStandIn;
  beforeEach(async () => {
    graph = await GraphStandIn.start();
    seedDirectory(graph);
  });
  afterEach(async () => { await graph.stop(); });

  it('maps role template ids to role names across every page, and reads name and email', async () => {
    graph.pageSize = 2; // five roles: three pages
    const found = await sourceFor(graph).lookup(TENANT_A, USER.jane);
    assert.deepEqual(found, {
      ok: true,
      user: {
        displayName: 'Jane Doe',
        email: 'jane@northwind.example',
        roles: ['Global Administrator', 'Billing Administrator', 'Helpdesk Administrator', 'Global Reader'],
      },
    });
    const pages = graph.roleRequests(USER.jane);
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((p) => p.query.get('$skiptoken')), [null, '2', '4']);
  });

  it('asks with $select and the advanced-query header the directoryRole cast needs', async () => {
    await sourceFor(graph).lookup(TENANT_A, USER.jane);
    const [roles] = graph.roleRequests(USER.jane);
    assert.ok(roles);
    assert.equal(roles.path, `/users/${USER.jane}/transitiveMemberOf/microsoft.graph.directoryRole`);
    assert.equal(roles.query.get('$select'), 'id,displayName,roleTemplateId');
    assert.equal(roles.query.get('$count'), 'true');
    assert.equal(roles.consistencyLevel, 'eventual');
    const profile = graph.requests.find((r) => r.path === `/users/${USER.jane}`);
    assert.ok(profile);
    assert.equal(profile.query.get('$select'), 'displayName,mail,userPrincipalName');
  });

  it('uses the user principal name as email when the user has no mail', async () => {
    assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.bill), {
      ok: true, user: { displayName: 'Bill Ramos', email: 'bill@northwind.onmicrosoft.com', roles: ['Billing Administrator'] },
    });
  });

  it('answers no roles for a user who holds none', async () => {
    assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.pat), {
      ok: true, user: { displayName: 'Pat Lee', email: 'pat@northwind.example', roles: [] },
    });
  });

  it('answers no roles for a user Graph does not find in that tenant (404)', async () => {
    assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.nobody), { ok: true, user: { roles: [] } });
    assert.equal(graph.requests.length, 2, 'both calls were made and both answered 404');
  });

  it("sends each tenant's own token, never another tenant's", async () => {
    const creds = credentials();
    const source = sourceFor(graph, { credentialFor: creds.credentialFor });
    const [a, b] = await Promise.all([source.lookup(TENANT_A, USER.jane), source.lookup(TENANT_B, USER.bob)]);
    assert.ok(a.ok && a.user.roles.includes('Global Administrator'));
    assert.deepEqual(b, { ok: true, user: { displayName: 'Bob Kelly', email: 'bob@fabrikam.example', roles: ['Helpdesk Administrator'] } });

    const tokenFor = (userId: string) => new Set(graph.requests.filter((r) => r.path.includes(userId)).map((r) => r.authorization));
    assert.deepEqual(tokenFor(USER.jane), new Set([`Bearer ${TOKEN_A}`]));
    assert.deepEqual(tokenFor(USER.bob), new Set([`Bearer ${TOKEN_B}`]));
    assert.deepEqual(new Set(creds.asked), new Set([TENANT_A, TENANT_B]));
    const credentialA = creds.byTenant[TENANT_A] as StaticTokenCredential;
    assert.ok(credentialA.calls.length > 0);
    assert.ok(credentialA.calls.every((call) => call.scopes === GRAPH_SCOPE));
  });

  it("finds nothing for tenant B's user with tenant A's token: the token, not the URL, names the directory", async () => {
    // A source wired (wrongly) to hand tenant A's credential for tenant B must not see B's roles.
    const wrong = credentials({ [TENANT_B]: new StaticTokenCredential(TOKEN_A) });
    const found = await sourceFor(graph, { credentialFor: wrong.credentialFor }).lookup(TENANT_B, USER.bob);
    assert.deepEqual(found, { ok: true, user: { roles: [] } });
  });

  it('asks nothing for ids that are not directory ids', async () => {
    const creds = credentials();
    const source = sourceFor(graph, { credentialFor: creds.credentialFor });
    for (const [tenant, user] of [['not-a-tenant', USER.jane], [TENANT_A, '../../me'], [TENANT_A, 'constructor']] as const) {
      assert.deepEqual(await source.lookup(tenant, user), { ok: true, user: { roles: [] } });
    }
    assert.equal(graph.requests.length, 0);
    assert.deepEqual(creds.asked, []);
  });

  it('treats upper-case ids as the same tenant and user', async () => {
    const found = await sourceFor(graph).lookup(TENANT_A.toUpperCase(), USER.bill.toUpperCase());
    assert.ok(found.ok);
    assert.deepEqual(found.user.roles, ['Billing Administrator']);
  });

  it('reports missing consent when Graph hides the roles (limited information: roleTemplateId null)', async () => {
    // What Graph sends an app that may read users but not directory roles.
    graph.override = (r) => r.path.includes('/transitiveMemberOf/')
      ? { status: 200, body: { value: [{ '@odata.type': '#microsoft.graph.directoryRole', id: 'role-object-0', displayName: null, roleTemplateId: null }] } }
      : undefined;
    assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.jane), { ok: false, reason: GRAPH_REASONS.noConsent });
  });

  it('does not follow a paging link that leaves the Graph endpoint, and sends it no token', async () => {
    const elsewhere = await GraphStandIn.start();
    try {
      graph.override = (r) => r.path.includes('/transitiveMemberOf/')
        ? { status: 200, body: { value: [{ id: 'r', roleTemplateId: TEMPLATE.global }], '@odata.nextLink': `${elsewhere.baseUrl}${r.path}?$skiptoken=1` } }
        : undefined;
      assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.jane), { ok: false, reason: GRAPH_REASONS.unreadable });
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.stop();
    }
  });

  it('reports an answer it cannot read (not JSON, or not the documented shape)', async () => {
    graph.override = (r) => r.path.includes('/transitiveMemberOf/') ? { status: 200, raw: '<html>proxy login</html>' } : undefined;
    assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.jane), { ok: false, reason: GRAPH_REASONS.unreadable });
    graph.override = (r) => r.path.includes('/transitiveMemberOf/') ? { status: 200, body: { roles: 'all of them' } } : undefined;
    assert.deepEqual(await sourceFor(graph).lookup(TENANT_A, USER.bill), { ok: false, reason: GRAPH_REASONS.unreadable });
  });
});
