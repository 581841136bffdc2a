import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { ok, type Result } from '../result.js';
import { relationshipView, type RelationshipView } from '../views.js';

/** The partners the actor's organization works with, by name; ended relationships only when asked for. */
export async function listRelationships(deps: DomainDeps, actor: Actor, options: { includeEnded?: boolean } = {}): Promise<Result<RelationshipView[]>> {
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const state = await deps.store.read(actor.tenantId);
  const views = (state?.relationships ?? [])
    .filter((r) => options.includeEnded || r.status === 'active')
    .map((r) => relationshipView(deps, r))
    .sort((a, b) => (a.partner?.name ?? a.relationship.partnerId).localeCompare(b.partner?.name ?? b.relationship.partnerId));
  return ok(views);
}
