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

/** For partner staff: their customers, with each relationship and the invitations still open. */
export async function listPartnerCustomers(deps: DomainDeps, actor: Actor, partnerId?: string): Promise<Result<{ partner: Partner; customers: PartnerCustomer[] }>> {
  const auth = authorizePartner(deps, actor, partnerId);
  if (!auth.ok) return auth;
  const { partner } = auth.value;
  const now = deps.clock.now();
  const customers: PartnerCustomer[] = [];
  for (const tenantId of await deps.store.customersOf(partner.id)) {
    const state = await deps.store.read(tenantId);
    if (!state) continue;
    const relationship = state.relationships.find((r) => r.partnerId === partner.id);
    const pendingInvitations = state.invitations.filter((i) => i.partnerId === partner.id && effectiveStatus(i, now) === 'pending');
    if (!relationship && pendingInvitations.length === 0) continue;
    customers.push({ customerTenantId: tenantId, customerName: state.tenant.displayName, relationship, pendingInvitations });
  }
  customers.sort((a, b) => a.customerName.localeCompare(b.customerName));
  return ok({ partner, customers });
}
