import { z } from 'zod4';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeRelationship } from '../changeRelationship.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { relationshipSnapshot } from '../invitationLifecycle.js';
import { PartnerIdSchema, type Relationship } from '../model.js';
import { ok, type Refusal, type Result } from '../result.js';
import { relationshipView, type RelationshipView } from '../views.js';

const RequestEndInput = z.object({
  partnerId: PartnerIdSchema,
  expectedVersion: z.number().int().positive().optional(),
  message: z.string().max(2000).optional(),
});
export type RequestEndRelationshipInput = z.input<typeof RequestEndInput>;

/**
 * Ask a partner to end the relationship. Only the partner can end it (as in the admin center), so this records the
 * request and delivers it to the partner's channel.
 */
export async function requestEndRelationship(deps: DomainDeps, actor: Actor, rawInput: RequestEndRelationshipInput): Promise<Result<RelationshipView>> {
  const input = parseInput(RequestEndInput, rawInput);
  if (!input.ok) return input;
  const { partnerId, expectedVersion, message } = input.value;

  const alreadyDone = (relationship: Relationship): Refusal | undefined => relationship.endRequestedAt
    ? { kind: 'alreadyDone', what: 'ending this relationship was requested', by: relationship.endRequestedBy, at: relationship.endRequestedAt, version: relationship.version }
    : undefined;

  return changeRelationship(deps, actor, { partnerId, expectedVersion, alreadyDone }, ({ draft, relationship, by, now }) => {
    const before = relationshipSnapshot(relationship);
    relationship.endRequestedAt = now;
    relationship.endRequestedBy = by;
    relationship.version += 1;
    recordAudit(draft, deps, { actor: by, action: 'relationship.endRequested', partnerId, before, after: relationshipSnapshot(relationship) });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId }, event: 'endRequested', partnerId,
      data: {
        customerName: draft.tenant.displayName, customerTenantId: draft.tenant.id, requestedBy: by.displayName,
        requestedByEmail: by.email, requestedAt: now, message: message ?? '',
      },
    });
    return ok(relationshipView(deps, relationship));
  });
}
