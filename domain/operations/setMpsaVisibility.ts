import { z } from 'zod4';
import { recordAudit } from '../changeLog.js';
import { changeRelationship } from '../changeRelationship.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import { relationshipSnapshot } from '../invitationLifecycle.js';
import { PartnerIdSchema, type Relationship } from '../model.js';
import { ok, type Refusal, refuse, type Result } from '../result.js';
import { relationshipView, type RelationshipView } from '../views.js';

const SetMpsaVisibilityInput = z.object({
  partnerId: PartnerIdSchema,
  visible: z.boolean(),
  expectedVersion: z.number().int().positive().optional(),
});
export type SetMpsaVisibilityInput = z.input<typeof SetMpsaVisibilityInput>;

/** Allow or stop an MPSA partner seeing purchases your other MPSA partners made. */
export async function setMpsaVisibility(deps: DomainDeps, actor: Actor, rawInput: SetMpsaVisibilityInput): Promise<Result<RelationshipView>> {
  const input = parseInput(SetMpsaVisibilityInput, rawInput);
  if (!input.ok) return input;
  const { partnerId, visible, expectedVersion } = input.value;

  const alreadyDone = (relationship: Relationship): Refusal | undefined => relationship.types.includes('mpsaPartner') && relationship.mpsaPurchasesVisible === visible
    ? { kind: 'alreadyDone', what: `MPSA purchase visibility is already ${visible ? 'on' : 'off'}`, version: relationship.version }
    : undefined;

  return changeRelationship(deps, actor, { partnerId, expectedVersion, alreadyDone }, ({ draft, relationship, by }) => {
    if (!relationship.types.includes('mpsaPartner')) {
      return refuse({ kind: 'conflict', reason: 'Purchase visibility applies only to MPSA partners, and this partner is not one. Nothing was changed.' });
    }
    const before = relationshipSnapshot(relationship);
    relationship.mpsaPurchasesVisible = visible;
    relationship.version += 1;
    recordAudit(draft, deps, { actor: by, action: 'mpsa.visibilityChanged', partnerId, before, after: relationshipSnapshot(relationship) });
    return ok(relationshipView(deps, relationship));
  });
}
