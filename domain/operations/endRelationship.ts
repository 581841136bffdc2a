import { z } from 'zod4';
import { findRelationship, relationshipRefusal } from '../actionable.js';
import { authorizePartner } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeTenant } from '../changeTenant.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { relationshipSnapshot } from '../invitationLifecycle.js';
import type { Relationship } from '../model.js';
import { PartnerIdSchema, TenantIdSchema } from '../model.js';
import { ok, refuse, type Result } from '../result.js';
import { editable } from '../editable.js';

const EndRelationshipInput = z.object({
  partnerId: PartnerIdSchema.optional(),
  customerTenantId: TenantIdSchema,
  expectedVersion: z.number().int().positive().optional(),
});
export type EndRelationshipInput = z.input<typeof EndRelationshipInput>;

/** The partner ends the relationship: every role and type goes, and the customer's admins are told. */
export async function endRelationship(deps: DomainDeps, actor: Actor, rawInput: EndRelationshipInput): Promise<Result<Relationship>> {
  const input = parseInput(EndRelationshipInput, rawInput);
  if (!input.ok) return input;
  const auth = authorizePartner(deps, actor, input.value.partnerId);
  if (!auth.ok) return auth;
  const { partner, person } = auth.value;
  const { customerTenantId, expectedVersion } = input.value;
  if (!(await deps.store.exists(customerTenantId))) return refuse({ kind: 'notFound', what: 'relationship', id: customerTenantId });

  return changeTenant(deps, customerTenantId, (draft) => {
    const found = findRelationship(draft.relationships, partner.id);
    const refusal = relationshipRefusal(found, customerTenantId, expectedVersion);
    if (refusal || !found) return refuse(refusal ?? { kind: 'notFound', what: 'relationship', id: customerTenantId });
    const relationship = editable(draft.relationships, found);

    const before = relationshipSnapshot(relationship);
    const now = deps.clock.now().toISOString();
    relationship.status = 'ended';
    relationship.roles = [];
    relationship.types = [];
    relationship.mpsaPurchasesVisible = false;
    relationship.endedAt = now;
    relationship.endedBy = person;
    relationship.version += 1;
    recordAudit(draft, deps, { actor: person, action: 'relationship.ended', partnerId: partner.id, before, after: relationshipSnapshot(relationship) });
    enqueueNotification(draft, deps, {
      audience: { kind: 'customerAdmins', tenantId: draft.tenant.id }, event: 'relationshipEnded', partnerId: partner.id,
      data: { partnerName: partner.name, endedBy: person.displayName, endedAt: now },
    });
    return ok(relationship);
  });
}
