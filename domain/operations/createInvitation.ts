import { z } from 'zod4';
import { authorizePartner } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeTenant } from '../changeTenant.js';
import type { Actor, DomainDeps } from '../deps.js';
import { isEntraRoleName } from '../directoryRoles.js';
import { parseInput } from '../input.js';
import { expiryDate, invitationSnapshot, isPending } from '../invitationLifecycle.js';
import type { Invitation } from '../model.js';
import { PartnerIdSchema, TenantIdSchema } from '../model.js';
import { isDelegatedAdminType, mergeTypes, PartnerTypeSchema, sellsToCustomer } from '../partnerTypes.js';
import { ok, refuse, type Result } from '../result.js';

const CreateInvitationInput = z.object({
  partnerId: PartnerIdSchema.optional(),
  customerTenantId: TenantIdSchema,
  types: z.array(PartnerTypeSchema).min(1, 'choose at least one partner type').max(7),
  roles: z.array(z.string().refine(isEntraRoleName, 'not a known Entra directory role')).max(20).default([]),
  message: z.string().max(2000).optional(),
}).refine((i) => i.types.some(isDelegatedAdminType) === i.roles.length > 0, {
  message: 'delegated admin roles go with a delegated administrator type, and only with it',
  path: ['roles'],
});
export type CreateInvitationInput = z.input<typeof CreateInvitationInput>;

/**
 * A partner invites a customer to a relationship with the types and roles it asks for. The customer's admins get
 * a card. A partner has at most one pending invitation per customer.
 */
export async function createInvitation(deps: DomainDeps, actor: Actor, rawInput: CreateInvitationInput): Promise<Result<Invitation>> {
  const input = parseInput(CreateInvitationInput, rawInput);
  if (!input.ok) return input;
  const auth = authorizePartner(deps, actor, input.value.partnerId);
  if (!auth.ok) return auth;
  const { partner, person } = auth.value;
  const { customerTenantId, message } = input.value;
  const types = mergeTypes([], input.value.types);
  const roles = [...new Set(input.value.roles)];
  if (customerTenantId.toLowerCase() === partner.tenantId.toLowerCase()) {
    return refuse({ kind: 'invalidInput', issues: ['customerTenantId: a partner cannot invite its own tenant'] });
  }
  if (!(await deps.store.exists(customerTenantId))) return refuse({ kind: 'notFound', what: 'customer', id: customerTenantId });

  return changeTenant(deps, customerTenantId, (draft) => {
    const now = deps.clock.now();
    const open = draft.invitations.find((i) => i.partnerId === partner.id && isPending(i, now));
    if (open) return refuse({ kind: 'conflict', reason: `You already have a pending invitation to ${draft.tenant.displayName} (${open.id}). Withdraw it first to send a different one.` });
    const invitation: Invitation = {
      id: deps.ids.newId(),
      partnerId: partner.id,
      customerTenantId: draft.tenant.id,
      types,
      roles,
      requiresAgreement: sellsToCustomer(types),
      ...(message ? { message } : {}),
      status: 'pending',
      createdAt: now.toISOString(),
      createdBy: person,
      expiresAt: expiryDate(now, deps.settings.invitationLifetimeDays),
      version: 1,
    };
    draft.invitations.push(invitation);
    recordAudit(draft, deps, { actor: person, action: 'invitation.created', partnerId: partner.id, subject: invitation.id, before: null, after: invitationSnapshot(invitation) });
    enqueueNotification(draft, deps, {
      audience: { kind: 'customerAdmins', tenantId: draft.tenant.id }, event: 'invitationReceived', partnerId: partner.id,
      data: { invitationId: invitation.id, partnerName: partner.name, types, roles, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt },
    });
    return ok(invitation);
  });
}
