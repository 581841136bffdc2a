import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { GraphEndpoint } from '../../storage/graph/graphEndpoint.js';
import { GraphRoleSource } from '../../storage/graph/graphRoleSource.js';
import { LruMap } from '../../storage/graph/lruMap.js';
import { retryAfterMs } from '../../storage/graph/retryAfter.js';
import { clientSecretCredentials } from '../../storage/graph/tenantCredentials.js';
import { TENANT_A, TENANT_B } from './graphFixtures.js';

describe('Graph role source parts', () => {
  describe('retryAfterMs', () => {
    it('reads delta-seconds and HTTP dates, and nothing else', () => {
      const now = Date.parse('2026-11-25T10:00:00Z');
      assert.equal(retryAfterMs('2', now), 2_000);
      assert.equal(retryAfterMs(' 0 ', now), 0);
      assert.equal(retryAfterMs('Wed, 25 Nov 2026 10:00:03 GMT', now), 3_000);
      assert.equal(retryAfterMs('Wed, 25 Nov 2026 09:59:00 GMT', now), 0, 'a date in the past means now');
      assert.equal(retryAfterMs(null, now), undefined);
      assert.equal(retryAfterMs('soon', now), undefined);
      assert.equal(retryAfterMs('-1', now), undefined);
    });
  });

  describe('GraphEndpoint', () => {
    it("defaults to Graph v1.0 and turns Graph's own paging links into paths", () => {
      const graph = new GraphEndpoint();
      assert.equal(graph.base, 'https://graph.microsoft.com/v1.0');
      assert.equal(graph.scope, 'https://graph.microsoft.com/.default');
      assert.equal(new GraphEndpoint('https://graph.microsoft.us/v1.0').scope, 'https://graph.microsoft.us/.default');
      assert.equal(
        graph.pathOf('https://graph.microsoft.com/v1.0/users/u/transitiveMemberOf/microsoft.graph.directoryRole?$select=id&$skiptoken=X'),
        '/users/u/transitiveMemberOf/microsoft.graph.directoryRole?$select=id&$skiptoken=X',
      );
    });

    it('refuses links and requests outside the base', () => {
      const graph = new GraphEndpoint('https://graph.microsoft.com/v1.0/');
      assert.equal(graph.pathOf('https://graph.microsoft.com/beta/users/u'), undefined);
      assert.equal(graph.pathOf('https://graph.microsoft.com.evil.example/v1.0/users/u'), undefined);
      assert.equal(graph.pathOf('http://graph.microsoft.com/v1.0/users/u'), undefined);
      assert.equal(graph.owns('https://graph.microsoft.com/v1.0/users/u'), true);
      assert.equal(graph.owns('https://graph.microsoft.com/v1.0evil/users/u'), false);
      assert.equal(graph.owns('https://example.com/v1.0/users/u'), false);
    });

    it('accepts plain http on loopback only', () => {
      assert.equal(new GraphEndpoint('http://127.0.0.1:4000/v1.0').base, 'http://127.0.0.1:4000/v1.0');
      assert.equal(new GraphEndpoint('http://localhost:4000/v1.0').base, 'http://localhost:4000/v1.0');
      assert.throws(() => new GraphEndpoint('http://graph.example.com/v1.0'), /must be https/);
      assert.throws(() => new GraphEndpoint('https://graph.microsoft.com/v1.0?x=1'), /plain origin and path/);
      assert.throws(() => new GraphRoleSource({ credentialFor: () => { throw new Error('unused'); }, baseUrl: 'ftp://x/v1.0' }), /must be https/);
    });
  });

  describe('LruMap', () => {
    it('drops the least recently used entry beyond its size', () => {
      const map = new LruMap<string, number>(2);
      map.set('a', 1);
      map.set('b', 2);
      assert.equal(map.get('a'), 1); // a is now the most recent
      map.set('c', 3);
      assert.equal(map.get('b'), undefined);
      assert.equal(map.get('a'), 1);
      assert.equal(map.get('c'), 3);
      assert.equal(map.size, 2);
      assert.throws(() => new LruMap(0), /positive integer/);
    });
  });

  describe('clientSecretCredentials', () => {
    it('makes one ClientSecretCredential per tenant and reuses it', () => {
      const credentialFor = clientSecretCredentials({ clientId: '00000000-0000-4000-8000-00000000c1d0', clientSecret: 'not-a-real-secret' });
      const a = credentialFor(TENANT_A);
      assert.ok(a instanceof ClientSecretCredential);
      assert.equal(credentialFor(TENANT_A.toUpperCase()), a);
      assert.notEqual(credentialFor(TENANT_B), a);
    });
  });
});
