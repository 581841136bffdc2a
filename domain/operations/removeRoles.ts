import { z } from 'zod4';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeRelationship } from '../changeRelationship.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { relationshipSnapshot } from '../invitationLifecycle.js';
import { PartnerIdSchema, type Relationship } from '../model.js';
import { typesWithoutDelegatedAdmin } from '../partnerTypes.js';
import { ok, type Refusal, type Result } from '../result.js';
import { relationshipView, type RelationshipView } from '../views.js';

const RemoveRolesInput = z.object({
  partnerId: PartnerIdSchema,
  expectedVersion: z.number().int().positive().optional(),
});
export type RemoveRolesInput = z.input<typeof RemoveRolesInput>;

/**
 * Remove a partner's delegated admin roles. The relationship stays: a Reseller & delegated administrator is still a
 * Reseller, an Advisor is still an Advisor. The partner is told.
 */
export async function removeRoles(deps: DomainDeps, actor: Actor, rawInput: RemoveRolesInput): Promise<Result<RelationshipView>> {
  const input = parseInput(RemoveRolesInput, rawInput);
  if (!input.ok) return input;
  const { partnerId, expectedVersion } = input.value;

  const alreadyDone = (relationship: Relationship): Refusal | undefined => relationship.roles.length > 0 ? undefined : {
    // Only say "removed" when they were: a partner that never held roles (a plain Reseller) was not stripped of any.
    kind: 'alreadyDone', what: relationship.rolesRemovedAt ? 'this partner holds no admin roles; they were removed' : 'this partner holds no admin roles',
    by: relationship.rolesRemovedBy, at: relationship.rolesRemovedAt, version: relationship.version,
  };

  return changeRelationship(deps, actor, { partnerId, expectedVersion, alreadyDone }, ({ draft, relationship, by, now }) => {
    const before = relationshipSnapshot(relationship);
    const removedRoles = relationship.roles;
    relationship.roles = [];
    relationship.types = typesWithoutDelegatedAdmin(relationship.types);
    relationship.rolesRemovedAt = now;
    relationship.rolesRemovedBy = by;
    relationship.version += 1;
    recordAudit(draft, deps, { actor: by, action: 'roles.removed', partnerId, before, after: relationshipSnapshot(relationship) });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId }, event: 'rolesRemoved', partnerId,
      data: { customerName: draft.tenant.displayName, removedBy: by.displayName, removedAt: now, removedRoles, remainingTypes: relationship.types },
    });
    return ok(relationshipView(deps, relationship));
  });
}
