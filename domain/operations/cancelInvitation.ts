import { z } from 'zod';
import { invitationRefusal } from '../actionable.js';
import { authorizeCustomer } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeTenant } from '../changeTenant.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { invitationSnapshot } from '../invitationLifecycle.js';
import { ok, refuse, type Result } from '../result.js';
import { invitationView, type InvitationView } from '../views.js';

const CancelInvitationInput = z.object({
  invitationId: z.string().min(1).max(100),
  expectedVersion: z.number().int().positive().optional(),
});
export type CancelInvitationInput = z.input<typeof CancelInvitationInput>;

/** Cancel instead of accepting: no roles are granted and the partner is told. */
export async function cancelInvitation(deps: DomainDeps, actor: Actor, rawInput: CancelInvitationInput): Promise<Result<InvitationView>> {
  const input = parseInput(CancelInvitationInput, rawInput);
  if (!input.ok) return input;
  const auth = await authorizeCustomer(deps, actor, 'write');
  if (!auth.ok) return auth;
  const { invitationId, expectedVersion } = input.value;

  return changeTenant(deps, actor.tenantId, (draft) => {
    const invitation = draft.invitations.find((i) => i.id === invitationId);
    const refusal = invitationRefusal(invitation, invitationId, deps.clock.now(), expectedVersion);
    if (refusal || !invitation) return refuse(refusal ?? { kind: 'notFound', what: 'invitation', id: invitationId });

    const before = invitationSnapshot(invitation);
    const now = deps.clock.now().toISOString();
    invitation.status = 'cancelled';
    invitation.resolvedAt = now;
    invitation.resolvedBy = auth.value;
    invitation.version += 1;
    recordAudit(draft, deps, {
      actor: auth.value, action: 'invitation.cancelled', partnerId: invitation.partnerId, subject: invitation.id,
      before, after: invitationSnapshot(invitation),
    });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId: invitation.partnerId }, event: 'invitationCancelled', partnerId: invitation.partnerId,
      data: { invitationId: invitation.id, customerName: draft.tenant.displayName, cancelledBy: auth.value.displayName, cancelledAt: now },
    });
    return ok(invitationView(deps, structuredClone(invitation)));
  });
}
