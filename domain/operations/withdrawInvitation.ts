import { z } from 'zod';
import { invitationRefusal } from '../actionable.js';
import { authorizePartner } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeTenant } from '../changeTenant.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { invitationSnapshot } from '../invitationLifecycle.js';
import type { Invitation } from '../model.js';
import { PartnerIdSchema, TenantIdSchema } from '../model.js';
import { ok, refuse, type Result } from '../result.js';

const WithdrawInvitationInput = z.object({
  partnerId: PartnerIdSchema.optional(),
  customerTenantId: TenantIdSchema,
  invitationId: z.string().min(1).max(100),
  expectedVersion: z.number().int().positive().optional(),
});
export type WithdrawInvitationInput = z.input<typeof WithdrawInvitationInput>;

/** A partner takes back an invitation the customer has not acted on; the customer's admins are told. */
export async function withdrawInvitation(deps: DomainDeps, actor: Actor, rawInput: WithdrawInvitationInput): Promise<Result<Invitation>> {
  const input = parseInput(WithdrawInvitationInput, rawInput);
  if (!input.ok) return input;
  const auth = authorizePartner(deps, actor, input.value.partnerId);
  if (!auth.ok) return auth;
  const { partner, person } = auth.value;
  const { customerTenantId, invitationId, expectedVersion } = input.value;
  if (!(await deps.store.exists(customerTenantId))) return refuse({ kind: 'notFound', what: 'invitation', id: invitationId });

  return changeTenant(deps, customerTenantId, (draft) => {
    // Another partner's invitation is reported as not found: its existence is not this partner's business.
    const invitation = draft.invitations.find((i) => i.id === invitationId && i.partnerId === partner.id);
    const refusal = invitationRefusal(invitation, invitationId, deps.clock.now(), expectedVersion);
    if (refusal || !invitation) return refuse(refusal ?? { kind: 'notFound', what: 'invitation', id: invitationId });

    const before = invitationSnapshot(invitation);
    const now = deps.clock.now().toISOString();
    invitation.status = 'withdrawn';
    invitation.resolvedAt = now;
    invitation.resolvedBy = person;
    invitation.version += 1;
    recordAudit(draft, deps, { actor: person, action: 'invitation.withdrawn', partnerId: partner.id, subject: invitation.id, before, after: invitationSnapshot(invitation) });
    enqueueNotification(draft, deps, {
      audience: { kind: 'customerAdmins', tenantId: draft.tenant.id }, event: 'invitationWithdrawn', partnerId: partner.id,
      data: { invitationId: invitation.id, partnerName: partner.name, withdrawnBy: person.displayName, withdrawnAt: now },
    });
    return ok(structuredClone(invitation));
  });
}
