import { authorizePartner } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { effectiveStatus } from '../invitationLifecycle.js';
import type { Invitation, Partner, Relationship } from '../model.js';
import { ok, type Result } from '../result.js';

export interface PartnerCustomer {
  customerTenantId: string;
  customerName: string;
  relationship: Relationship | undefined;
  pendingInvitations: Invitation[];
}

const READ_AT_ONCE = 16;

/** For partner staff: their customers, with each relationship and the invitations still open. */
export async function listPartnerCustomers(deps: DomainDeps, actor: Actor, partnerId?: string): Promise<Result<{ partner: Partner; customers: PartnerCustomer[] }>> {
  const auth = authorizePartner(deps, actor, partnerId);
  if (!auth.ok) return auth;
  const { partner } = auth.value;
  const now = deps.clock.now();
  const customers: PartnerCustomer[] = [];
  const tenantIds = await deps.store.customersOf(partner.id);
  // A partner may have thousands of customers: each is glanced at (not kept in the store's cache, which the tenants in
  // use need), a few at a time, so reading one file overlaps checking another, and only what is shown is kept.
  for (let from = 0; from < tenantIds.length; from += READ_AT_ONCE) {
    const batch = tenantIds.slice(from, from + READ_AT_ONCE);
    const states = await Promise.all(batch.map((id) => deps.store.glance(id)));
    states.forEach((state, index) => {
      if (!state) return;
      const relationship = state.relationships.find((r) => r.partnerId === partner.id);
      const pendingInvitations = state.invitations.filter((i) => i.partnerId === partner.id && effectiveStatus(i, now) === 'pending');
      if (relationship || pendingInvitations.length > 0) customers.push({ customerTenantId: batch[index]!, customerName: state.tenant.displayName, relationship, pendingInvitations });
    });
  }
  customers.sort((a, b) => a.customerName.localeCompare(b.customerName));
  return ok({ partner, customers });
}
