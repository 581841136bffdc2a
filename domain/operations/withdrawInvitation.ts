import { z } from 'zod4';
import { authorizePartner } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changePendingInvitation } from '../changePendingInvitation.js';
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

  return changePendingInvitation(deps, customerTenantId, { invitationId, expectedVersion, partnerId: partner.id }, ({ draft, invitation, now, settle }) => {
    const before = settle('withdrawn', person);
    recordAudit(draft, deps, { actor: person, action: 'invitation.withdrawn', partnerId: partner.id, subject: invitation.id, before, after: invitationSnapshot(invitation) });
    enqueueNotification(draft, deps, {
      audience: { kind: 'customerAdmins', tenantId: draft.tenant.id }, event: 'invitationWithdrawn', partnerId: partner.id,
      data: { invitationId: invitation.id, partnerName: partner.name, withdrawnBy: person.displayName, withdrawnAt: now },
    });
    return ok(invitation);
  });
}
