import { z } from 'zod4';
import { authorizeCustomer } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changePendingInvitation } from '../changePendingInvitation.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { invitationSnapshot } from '../invitationLifecycle.js';
import { ok, type Result } from '../result.js';
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

  return changePendingInvitation(deps, actor.tenantId, { invitationId, expectedVersion }, ({ draft, invitation, now, settle }) => {
    const before = settle('cancelled', auth.value);
    recordAudit(draft, deps, {
      actor: auth.value, action: 'invitation.cancelled', partnerId: invitation.partnerId, subject: invitation.id,
      before, after: invitationSnapshot(invitation),
    });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId: invitation.partnerId }, event: 'invitationCancelled', partnerId: invitation.partnerId,
      data: { invitationId: invitation.id, customerName: draft.tenant.displayName, cancelledBy: auth.value.displayName, cancelledAt: now },
    });
    return ok(invitationView(deps, invitation));
  });
}
