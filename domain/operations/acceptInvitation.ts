import { z } from 'zod4';
import { findRelationship } from '../actionable.js';
import { authorizeCustomer } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changePendingInvitation } from '../changePendingInvitation.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { invitationSnapshot, relationshipSnapshot } from '../invitationLifecycle.js';
import type { Invitation, Person, Relationship, TenantState } from '../model.js';
import { mergeTypes } from '../partnerTypes.js';
import { ok, refuse, type Result } from '../result.js';
import { invitationView, relationshipView, type InvitationView, type RelationshipView } from '../views.js';
import { editable } from '../editable.js';

const AcceptInvitationInput = z.object({
  invitationId: z.string().min(1).max(100),
  expectedVersion: z.number().int().positive().optional(),
  agreementAcknowledged: z.boolean(),
});
export type AcceptInvitationInput = z.input<typeof AcceptInvitationInput>;

export interface AcceptedInvitation {
  invitation: InvitationView;
  relationship: RelationshipView;
}

/**
 * Accept agreement & authorize partner: a Global or Billing admin who has read the Microsoft Customer Agreement
 * accepts a pending invitation. The partner gets the invitation's types and roles, the agreement acceptance is
 * recorded, the partner is told. Acting on a settled or changed invitation changes nothing.
 */
export async function acceptInvitation(deps: DomainDeps, actor: Actor, rawInput: AcceptInvitationInput): Promise<Result<AcceptedInvitation>> {
  const input = parseInput(AcceptInvitationInput, rawInput);
  if (!input.ok) return input;
  const auth = await authorizeCustomer(deps, actor, 'write');
  if (!auth.ok) return auth;
  const { invitationId, expectedVersion, agreementAcknowledged } = input.value;

  return changePendingInvitation(deps, actor.tenantId, { invitationId, expectedVersion }, ({ draft, invitation, now, settle }) => {
    if (!agreementAcknowledged) return refuse({ kind: 'agreementNotAcknowledged' });
    const partner = deps.directory.byId(invitation.partnerId);
    if (!partner) return refuse({ kind: 'conflict', reason: `The partner "${invitation.partnerId}" is no longer listed, so it can't be authorized. Nothing was changed.` });

    const invitationBefore = settle('accepted', auth.value);
    const { relationship, before } = grantRelationship(draft, invitation, auth.value, now, deps.settings.agreementVersion);

    recordAudit(draft, deps, {
      actor: auth.value, action: 'invitation.accepted', partnerId: invitation.partnerId, subject: invitation.id,
      before: { invitation: invitationBefore, relationship: before },
      after: { invitation: invitationSnapshot(invitation), relationship: relationshipSnapshot(relationship) },
    });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId: invitation.partnerId }, event: 'invitationAccepted', partnerId: invitation.partnerId,
      data: {
        invitationId: invitation.id, customerName: draft.tenant.displayName, acceptedBy: auth.value.displayName, acceptedAt: now,
        types: relationship.types, roles: relationship.roles, agreementAccepted: relationship.agreement !== undefined,
      },
    });
    return ok({ invitation: invitationView(deps, invitation), relationship: relationshipView(deps, relationship) });
  });
}

/** Creates the relationship, or adds the invitation's types and roles to the one that exists (reviving an ended one). */
function grantRelationship(draft: TenantState, invitation: Invitation, by: Person, now: string, agreementVersion: string) {
  const found = findRelationship(draft.relationships, invitation.partnerId);
  const before = relationshipSnapshot(found);
  const acceptance = { acceptedBy: { objectId: by.objectId, displayName: by.displayName, ...(by.email ? { email: by.email } : {}) }, acceptedAt: now, agreementVersion };
  if (found && found.status === 'active') {
    const existing = editable(draft.relationships, found);
    existing.types = mergeTypes(existing.types, invitation.types);
    existing.roles = [...new Set([...existing.roles, ...invitation.roles])];
    existing.requiresAgreement ||= invitation.requiresAgreement;
    if (invitation.requiresAgreement && !existing.agreement) existing.agreement = acceptance;
    if (invitation.roles.length > 0) existing.rolesGrantedAt = now;
    existing.version += 1;
    return { relationship: existing, before };
  }
  const relationship: Relationship = {
    partnerId: invitation.partnerId,
    customerTenantId: draft.tenant.id,
    types: mergeTypes([], invitation.types),
    roles: [...invitation.roles],
    requiresAgreement: invitation.requiresAgreement,
    ...(invitation.requiresAgreement ? { agreement: acceptance } : {}),
    mpsaPurchasesVisible: false,
    status: 'active',
    since: now,
    ...(invitation.roles.length > 0 ? { rolesGrantedAt: now } : {}),
    version: (found?.version ?? 0) + 1,
  };
  draft.relationships = draft.relationships.filter((r) => r.partnerId !== invitation.partnerId);
  draft.relationships.push(relationship);
  return { relationship, before };
}
