import { effectiveStatus } from './invitationLifecycle.js';
import type { Invitation, Relationship } from './model.js';
import type { Refusal } from './result.js';

/**
 * Why an invitation can't be acted on by a card showing `expectedVersion`, or undefined when it can.
 * A non-pending invitation says who settled it and when; a changed one says it changed.
 */
export function invitationRefusal(invitation: Invitation | undefined, id: string, now: Date, expectedVersion?: number): Refusal | undefined {
  if (!invitation) return { kind: 'notFound', what: 'invitation', id };
  const status = effectiveStatus(invitation, now);
  if (status !== 'pending') {
    return {
      kind: 'notPending', invitationId: invitation.id, status,
      by: invitation.resolvedBy, at: invitation.resolvedAt ?? (status === 'expired' ? invitation.expiresAt : undefined),
      version: invitation.version,
    };
  }
  if (expectedVersion !== undefined && expectedVersion !== invitation.version) {
    return { kind: 'stale', what: 'invitation', expectedVersion, currentVersion: invitation.version };
  }
  return undefined;
}

/** Why an active relationship can't be changed from a card showing `expectedVersion`, or undefined when it can. */
export function relationshipRefusal(relationship: Relationship | undefined, partnerId: string, expectedVersion?: number): Refusal | undefined {
  if (!relationship) return { kind: 'notFound', what: 'relationship', id: partnerId };
  if (relationship.status === 'ended') {
    return { kind: 'alreadyDone', what: 'the relationship was ended', by: relationship.endedBy, at: relationship.endedAt, version: relationship.version };
  }
  if (expectedVersion !== undefined && expectedVersion !== relationship.version) {
    return { kind: 'stale', what: 'relationship', expectedVersion, currentVersion: relationship.version };
  }
  return undefined;
}

export function findRelationship(relationships: readonly Relationship[], partnerId: string): Relationship | undefined {
  return relationships.find((r) => r.partnerId === partnerId);
}
