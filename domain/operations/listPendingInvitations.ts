import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { isPending } from '../invitationLifecycle.js';
import { ok, type Result } from '../result.js';
import { invitationView, type InvitationView } from '../views.js';

/** The invitations waiting for the actor's organization, newest first. Expired ones are not listed. */
export async function listPendingInvitations(deps: DomainDeps, actor: Actor): Promise<Result<InvitationView[]>> {
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const state = await deps.store.read(actor.tenantId);
  const now = deps.clock.now();
  const pending = (state?.invitations ?? [])
    .filter((invitation) => isPending(invitation, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((invitation) => invitationView(deps, invitation));
  return ok(pending);
}
