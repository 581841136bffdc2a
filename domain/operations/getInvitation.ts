import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { ok, refuse, type Result } from '../result.js';
import { invitationView, type InvitationView } from '../views.js';

/** One invitation of the actor's organization, in whatever state it is now (for showing the current state). */
export async function getInvitation(deps: DomainDeps, actor: Actor, invitationId: string): Promise<Result<InvitationView>> {
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const state = await deps.store.read(actor.tenantId);
  const invitation = state?.invitations.find((i) => i.id === invitationId);
  if (!invitation) return refuse({ kind: 'notFound', what: 'invitation', id: invitationId });
  return ok(invitationView(deps, invitation));
}
