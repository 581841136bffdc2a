import { z } from 'zod4';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeRelationship } from '../changeRelationship.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { relationshipSnapshot } from '../invitationLifecycle.js';
import { PartnerIdSchema, type Relationship } from '../model.js';
import { ok, type Refusal, refuse, type Result } from '../result.js';
import { partnerName, relationshipView, type RelationshipView } from '../views.js';

const AcceptAgreementInput = z.object({
  partnerId: PartnerIdSchema,
  expectedVersion: z.number().int().positive().optional(),
  agreementAcknowledged: z.boolean(),
});
export type AcceptAgreementInput = z.input<typeof AcceptAgreementInput>;

/**
 * Accept the Microsoft Customer Agreement for a partner the organization already works with, so the partner can
 * buy and manage subscriptions. Needs the same acknowledgement as accepting an invitation.
 */
export async function acceptAgreement(deps: DomainDeps, actor: Actor, rawInput: AcceptAgreementInput): Promise<Result<RelationshipView>> {
  const input = parseInput(AcceptAgreementInput, rawInput);
  if (!input.ok) return input;
  const { partnerId, expectedVersion, agreementAcknowledged } = input.value;

  const alreadyDone = (relationship: Relationship): Refusal | undefined => {
    if (!relationship.agreement) return undefined;
    const { acceptedBy, acceptedAt } = relationship.agreement;
    return { kind: 'alreadyDone', what: 'the Microsoft Customer Agreement was accepted', by: acceptedBy, at: acceptedAt, version: relationship.version };
  };

  return changeRelationship(deps, actor, { partnerId, expectedVersion, alreadyDone }, ({ draft, relationship, by, now }) => {
    if (!relationship.requiresAgreement) {
      return refuse({ kind: 'conflict', reason: `${partnerName(deps, partnerId)} doesn't sell to you, so it needs no Microsoft Customer Agreement. Nothing was changed.` });
    }
    if (!agreementAcknowledged) return refuse({ kind: 'agreementNotAcknowledged' });

    const before = relationshipSnapshot(relationship);
    relationship.agreement = {
      acceptedBy: { objectId: by.objectId, displayName: by.displayName, ...(by.email ? { email: by.email } : {}) },
      acceptedAt: now,
      agreementVersion: deps.settings.agreementVersion,
    };
    relationship.version += 1;
    recordAudit(draft, deps, {
      actor: by, action: 'agreement.accepted', partnerId, subject: deps.settings.agreementVersion,
      before, after: relationshipSnapshot(relationship),
    });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId }, event: 'agreementAccepted', partnerId,
      data: { customerName: draft.tenant.displayName, acceptedBy: by.displayName, acceptedAt: now, agreementVersion: deps.settings.agreementVersion },
    });
    return ok(relationshipView(deps, relationship));
  });
}
