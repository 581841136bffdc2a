import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { shareRepeatedStrings } from '../../storage/shareRepeatedStrings.js';

/** A full collection, so heap figures count what is live (the flag can be set at run time; gc then comes from a new context). */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const liveBytes = () => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};

const TENANT = '3f2b6c1e-0000-4000-8000-0000000000aa';
/** A tenant file's shape: every entry repeats the tenant's id, its roles, types and status. */
const tenantJson = JSON.stringify({
  tenant: { id: TENANT, displayName: 'Contoso' },
  invitations: Array.from({ length: 5 }, (_, i) => ({
    id: `inv-${i}`, customerTenantId: TENANT, status: 'pending', types: ['resellerAndDelegatedAdministrator'],
    roles: ['Global Administrator', 'Helpdesk Administrator'], createdBy: { objectId: 'staff', displayName: 'Partner staff' },
  })),
  relationships: Array.from({ length: 5 }, (_, i) => ({
    partnerId: `partner-${i}`, customerTenantId: TENANT, status: 'active', types: ['resellerAndDelegatedAdministrator'],
    roles: ['Global Administrator', 'Helpdesk Administrator'],
  })),
  notes: ['x'.repeat(200), 'x'.repeat(200)],
});

describe('shareRepeatedStrings', () => {
  it('leaves the value equal to what was parsed', () => {
    const parsed = JSON.parse(tenantJson) as unknown;
    assert.deepEqual(shareRepeatedStrings(structuredClone(parsed)), parsed);
  });

  it('does not turn a "__proto__" key into a prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "yes"}, "list": ["a", "a"]}') as Record<string, unknown>;
    shareRepeatedStrings(parsed);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, { polluted: 'yes' });
    assert.equal((parsed as { polluted?: string }).polluted, undefined);
  });

  it('keeps one copy of each repeated string: parsed tenants take much less memory', () => {
    const COPIES = 2_000;
    const held: unknown[] = [];
    const measure = (share: boolean) => {
      held.length = 0;
      const before = liveBytes();
      for (let i = 0; i < COPIES; i++) {
        const parsed = JSON.parse(tenantJson) as unknown;
        held.push(share ? shareRepeatedStrings(parsed) : parsed);
      }
      const grown = liveBytes() - before;
      held.length = 0;
      return grown / COPIES;
    };
    const plain = measure(false);
    const shared = measure(true);
    assert.ok(shared < plain * 0.75, `per tenant: ${Math.round(plain)} bytes as parsed, ${Math.round(shared)} shared`);
  });
});
