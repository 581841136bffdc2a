import { findRelationship, relationshipRefusal } from './actionable.js';
import { authorizeCustomer } from './authorization.js';
import { changeTenant } from './changeTenant.js';
import type { Actor, DomainDeps } from './deps.js';
import type { Person, Relationship, TenantState } from './model.js';
import { type Refusal, refuse, type Result } from './result.js';
import { editable } from './editable.js';

export interface RelationshipChange {
  draft: TenantState;
  relationship: Relationship;
  by: Person;
  now: string;
}

export interface RelationshipTarget {
  partnerId: string;
  expectedVersion?: number | undefined;
  /**
   * Whether the change was already made (by whom, when). Checked before the card's version: pressing the same button
   * twice makes the card out of date, and the answer must still be "already done by X at T", not "out of date".
   */
  alreadyDone?: (relationship: Relationship) => Refusal | undefined;
}

/**
 * The frame every customer-side change to an active relationship shares: a Global or Billing admin of the actor's
 * own tenant, an active relationship with the partner, and a card that is not out of date.
 */
export async function changeRelationship<T>(
  deps: DomainDeps,
  actor: Actor,
  target: RelationshipTarget,
  work: (change: RelationshipChange) => Result<T>,
): Promise<Result<T>> {
  const auth = await authorizeCustomer(deps, actor, 'write');
  if (!auth.ok) return auth;
  return changeTenant(deps, actor.tenantId, (draft) => {
    const relationship = findRelationship(draft.relationships, target.partnerId);
    const refusal = relationshipRefusal(relationship, target.partnerId)
      ?? (relationship && target.alreadyDone?.(relationship))
      ?? relationshipRefusal(relationship, target.partnerId, target.expectedVersion);
    if (refusal || !relationship) return refuse(refusal ?? { kind: 'notFound', what: 'relationship', id: target.partnerId });
    return work({ draft, relationship: editable(draft.relationships, relationship), by: auth.value, now: deps.clock.now().toISOString() });
  });
}
