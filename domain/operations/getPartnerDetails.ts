import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { isPending } from '../invitationLifecycle.js';
import type { AuditEvent, Invitation, Partner, Relationship } from '../model.js';
import { isPartnerId } from '../model.js';
import { ok, refuse, type Result } from '../result.js';

export interface PartnerDetails {
  partner: Partner;
  relationship: Relationship | undefined;
  pendingInvitations: Invitation[];
  recentChanges: AuditEvent[];
}

/** Everything the organization has with one partner: the relationship, open invitations and the latest changes. */
export async function getPartnerDetails(deps: DomainDeps, actor: Actor, partnerId: string): Promise<Result<PartnerDetails>> {
  if (!isPartnerId(partnerId)) return refuse({ kind: 'invalidInput', issues: ['partnerId: not a partner id'] });
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const partner = deps.directory.byId(partnerId);
  if (!partner) return refuse({ kind: 'notFound', what: 'partner', id: partnerId });
  const state = await deps.store.read(actor.tenantId);
  const now = deps.clock.now();
  return ok({
    partner,
    relationship: state?.relationships.find((r) => r.partnerId === partnerId),
    pendingInvitations: (state?.invitations ?? []).filter((i) => i.partnerId === partnerId && isPending(i, now)),
    recentChanges: (state?.audit ?? []).filter((e) => e.partnerId === partnerId).slice(-5).reverse(),
  });
}
