import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import type { Relationship } from '../model.js';
import type { PartnerDirectory } from '../ports.js';
import { ok, type Result } from '../result.js';
import { relationshipView, type RelationshipView } from '../views.js';

/**
 * The views already made, by directory and by the stored list they were made from. A committed tenant state is never
 * changed (a change works on a copy), so between two changes every read of the list gets the very same array back,
 * and a card filled from it is found again by identity (see partnersCard). Views do not depend on the time.
 */
const made = new WeakMap<PartnerDirectory, WeakMap<readonly Relationship[], { all?: readonly RelationshipView[]; active?: readonly RelationshipView[] }>>();

/** The partners the actor's organization works with, by name; ended relationships only when asked for. */
export async function listRelationships(deps: DomainDeps, actor: Actor, options: { includeEnded?: boolean } = {}): Promise<Result<readonly RelationshipView[]>> {
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const relationships = (await deps.store.read(actor.tenantId))?.relationships ?? [];
  let byList = made.get(deps.directory);
  if (!byList) made.set(deps.directory, (byList = new WeakMap()));
  let views = byList.get(relationships);
  if (!views) byList.set(relationships, (views = {}));
  const which = options.includeEnded ? 'all' : 'active';
  return ok(views[which] ??= Object.freeze(relationships
    .filter((r) => options.includeEnded || r.status === 'active')
    .map((r) => relationshipView(deps, r))
    .sort((a, b) => (a.partner?.name ?? a.relationship.partnerId).localeCompare(b.partner?.name ?? b.relationship.partnerId))));
}
