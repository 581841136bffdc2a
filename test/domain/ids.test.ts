import assert from 'node:assert/strict';
import { isPartnerId, isTenantId, PartnerIdSchema, TenantIdSchema } from '../../domain/model.js';

const VALUES: unknown[] = [
  '00000000-0000-4000-8000-000000000001', 'C0C0C0C0-0000-4000-8000-00000000000A', '00000000-0000-4000-8000-00000000000g',
  '00000000000040008000000000000001', ' 00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001\n',
  '../00000000-0000-4000-8000-000000000001', 'contoso', 'contoso-cloud-2', 'Contoso', '-contoso', 'a'.repeat(63), 'a'.repeat(64),
  'con toso', 'con/toso', '', undefined, null, 42, {}, ['contoso'],
];

describe('tenant and partner ids', () => {
  it('isTenantId accepts exactly what TenantIdSchema accepts', () => {
    for (const value of VALUES) assert.equal(isTenantId(value), TenantIdSchema.safeParse(value).success, JSON.stringify(value));
    assert.ok(VALUES.some(isTenantId) && !VALUES.every(isTenantId));
  });

  it('isPartnerId accepts exactly what PartnerIdSchema accepts', () => {
    for (const value of VALUES) assert.equal(isPartnerId(value), PartnerIdSchema.safeParse(value).success, JSON.stringify(value));
    assert.ok(VALUES.some(isPartnerId) && !VALUES.every(isPartnerId));
  });
});
